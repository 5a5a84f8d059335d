import { buildClientSchema, getIntrospectionQuery, graphql } from 'graphql';
import type { IntrospectionQuery } from 'graphql';
import { buildGatewaySchema } from '../../../src/federation/build-subgraph-schema';
import { hideFederationInternals } from '../../../src/http/playground-schema-view';

describe("the playground's view of the schema", () => {
  it('hides the federation machinery and keeps a schema GraphiQL can build', async () => {
    const schema = await buildGatewaySchema();
    const introspection = await graphql({ schema, source: getIntrospectionQuery() });
    const names = (introspection.data as unknown as IntrospectionQuery).__schema.types.map(
      (type) => type.name,
    );
    // What a router needs is there to begin with.
    expect(names).toEqual(expect.arrayContaining(['_Service', '_Any', 'link__Import']));

    const shown = buildClientSchema(
      (hideFederationInternals(introspection) as { data: IntrospectionQuery }).data,
    );

    const shownNames = Object.keys(shown.getTypeMap());
    expect(
      shownNames.filter((name) => /^(_Service|_Any|_Entity|link__|federation__)/.test(name)),
    ).toEqual([]);
    expect(shown.getQueryType()!.getFields()['_service']).toBeUndefined();
    expect(shown.getQueryType()!.getFields()['_entities']).toBeUndefined();
    expect(shown.getQueryType()!.getFields()['sessions']).toBeDefined();
    expect(shown.getType('Session')).toBeDefined();
    const standard = ['deprecated', 'include', 'oneOf', 'skip', 'specifiedBy'];
    expect(shown.getDirectives().filter((directive) => !standard.includes(directive.name))).toEqual(
      [],
    );
  });

  it('leaves answers without a schema untouched', () => {
    const answer = { data: { sessions: { nodes: [] } } };
    expect(hideFederationInternals(answer)).toBe(answer);
    expect(hideFederationInternals(null)).toBeNull();
  });
});
