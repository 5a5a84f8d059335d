import { parse, validate } from 'graphql';
import type { GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { isReferenceNumber } from '../../../src/ksef/wire/reference-number';
import { buildGatewaySchema } from '../../../src/federation/build-subgraph-schema';
import { PLAYGROUND_EXAMPLES } from '../../../src/http/playground-examples';

// The schema the gateway serves (built in memory, no sockets): an example that uses a field the
// gateway does not have fails here, not in a user's browser.
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

describe('the playground examples', () => {
  it('walk through the whole flow of an online session', () => {
    expect(PLAYGROUND_EXAMPLES.map((example) => example.name)).toEqual([
      'ListSessions',
      'OpenOnlineSession',
      'SendInvoice',
      'SessionInvoices',
      'SessionStatus',
      'CloseSession',
      'ReadUpo',
    ]);
  });

  describe.each(PLAYGROUND_EXAMPLES.map((example) => [example.name, example] as const))(
    '%s',
    (name, example) => {
      const document = parse(example.query);
      const operation = document.definitions[0] as OperationDefinitionNode;

      it("is one operation named after the example (GraphiQL's tab title)", () => {
        expect(document.definitions).toHaveLength(1);
        expect(operation.name?.value).toBe(name);
      });

      it("is valid against the gateway's schema", () => {
        expect(validate(schema, document)).toEqual([]);
      });

      it('has variables that fit the operation, with well-formed reference numbers', () => {
        const variables = example.variables === undefined ? {} : JSON.parse(example.variables);
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
        expect(coerced.errors).toBeUndefined();
        for (const [key, value] of Object.entries(variables)) {
          if (/referenceNumber$/i.test(key)) {
            expect(isReferenceNumber(value as string)).toBe(true);
          }
        }
      });
    },
  );

  it('lets the first tab run without variables, since GraphiQL does not load them for it', () => {
    const [first] = PLAYGROUND_EXAMPLES;
    expect(first?.variables).toBeUndefined();
    const operation = parse(first!.query).definitions[0] as OperationDefinitionNode;
    expect(
      getVariableValues(schema, operation.variableDefinitions ?? [], {}).errors,
    ).toBeUndefined();
  });
});
