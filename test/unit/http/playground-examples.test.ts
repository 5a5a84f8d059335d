import { parse, validate } from 'graphql';
import type { GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { isReferenceNumber } from '../../../src/ksef/wire/reference-number';
import { buildGatewaySchema } from '../../../src/federation/build-subgraph-schema';
import { SANDBOX_KSEF_TOKEN_NIP } from '../../../src/config/sandbox';
import { PLAYGROUND_EXAMPLES, playgroundExamples } from '../../../src/http/playground-examples';
import { SAMPLE_INVOICE_XML } from '../../../src/http/playground-sample-invoice';

// The schema the gateway serves (built in memory, no sockets): an example that uses a field the
// gateway does not have fails here, not in a user's browser.
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

describe('the playground examples', () => {
  it('walk through logging in and the whole flow of an online session', () => {
    expect(PLAYGROUND_EXAMPLES.map((example) => example.name)).toEqual([
      'ListSessions',
      'LoginWithKsefToken',
      'RefreshAccessToken',
      'OpenOnlineSession',
      'SendInvoice',
      'SessionInvoices',
      'SessionStatus',
      'FollowSession',
      'CloseSession',
      'ReadUpo',
    ]);
  });

  const sandboxLogin = {
    ksefToken: '20251010-EC-1DCE3E3000-12ECB5B36E-45|nip-6402505780|ab',
    nip: SANDBOX_KSEF_TOKEN_NIP,
  };

  describe.each(
    [...PLAYGROUND_EXAMPLES, ...playgroundExamples(sandboxLogin)].map(
      (example) => [example.name, example] as const,
    ),
  )('%s', (name, example) => {
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
  });

  it("pre-fills the sandbox's KSeF token and NIP in the login tab, and only there", () => {
    const login = playgroundExamples(sandboxLogin).find((e) => e.name === 'LoginWithKsefToken');
    expect(JSON.parse(login!.variables!)).toEqual({
      input: {
        context: { type: 'NIP', value: SANDBOX_KSEF_TOKEN_NIP },
        ksefToken: sandboxLogin.ksefToken,
      },
    });
    const plain = PLAYGROUND_EXAMPLES.find((e) => e.name === 'LoginWithKsefToken');
    expect(plain!.variables).not.toContain(sandboxLogin.ksefToken);
    expect(JSON.stringify(PLAYGROUND_EXAMPLES)).not.toContain(sandboxLogin.ksefToken);
  });

  it("lets the sandbox's login send the sample invoice: its NIP is the invoice's seller", () => {
    expect(SAMPLE_INVOICE_XML).toContain(`<NIP>${SANDBOX_KSEF_TOKEN_NIP}</NIP>`);
    const seller = /<Podmiot1>[\s\S]*?<NIP>(\d{10})<\/NIP>/.exec(SAMPLE_INVOICE_XML)?.[1];
    expect(seller).toBe(SANDBOX_KSEF_TOKEN_NIP);
  });

  it('lets the first tab run without variables, since GraphiQL does not load them for it', () => {
    const [first] = PLAYGROUND_EXAMPLES;
    expect(first?.variables).toBeUndefined();
    const operation = parse(first!.query).definitions[0] as OperationDefinitionNode;
    expect(
      getVariableValues(schema, operation.variableDefinitions ?? [], {}).errors,
    ).toBeUndefined();
  });
});
