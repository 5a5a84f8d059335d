// Builds the gateway's schema once per gateway: type-graphql classes → SDL with directives →
// Apollo Federation 2 subgraph (DESIGN §3). type-graphql builds a plain schema (skipCheck: the
// federation directives are not defined yet); the SDL keeps `@key`, `@shareable`, `@tag`, `@cost`
// and `@listSize` because printSchemaWithDirectives prints them from the AST; `buildSubgraphSchema` (array form) then
// adds `_service`, `_entities`, the directive definitions, and our resolvers, taken back from the
// type-graphql schema with `createResolversMap`, plus `Session.__resolveReference`.
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import type { NonEmptyArray } from 'type-graphql';
import type { GatewayContext } from '../graphql/context';
import { resolveSessionReference } from '../graphql/session/session.reference';
import type { SessionRepresentation } from '../graphql/session/session.reference';
import { SessionResolver } from '../graphql/session/session.resolver';
import { InvoiceResolver, SessionInvoicesResolver } from '../graphql/invoice/invoice.resolver';
import { UpoResolver } from '../graphql/upo/upo.resolver';
import { AuthResolver } from '../graphql/auth/auth.resolver';
import { LiveStatusResolver } from '../graphql/live/live-status.resolver';
import { createPubSub } from '@graphql-yoga/subscription';

/**
 * Federation v2.9: the first version with the demand-control directives (`@cost`, `@listSize`),
 * so the oldest one a router and composition must support to take this subgraph (2.14 of
 * @apollo/subgraph and @apollo/composition here; Node 20 caps them at 2.14.x, 2.15 needs Node 22).
 * Imported is exactly what the types use (see graphql/common/schema-directives.ts):
 * - `@key` on `Session` (the entity), `@shareable` on `PageInfo` (a value type every subgraph
 *   with connections defines);
 * - `@tag` for contracts, `@cost` / `@listSize` for a router's demand control.
 * Not imported: `@inaccessible`. It is for a field that must exist for composition (say, for
 * another subgraph's `@requires`) but must not reach clients; every field here is part of the
 * public API (API.md), and the one internal link (a UPO page's session) stays off the schema
 * altogether. `@external`/`@requires`/`@provides`/`@override` have no use either: this subgraph
 * owns every field of `Session` and needs nothing from other subgraphs.
 */
export const FEDERATION_VERSION = 'v2.9';
export const FEDERATION_IMPORTS = ['@key', '@shareable', '@tag', '@cost', '@listSize'] as const;
export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/${FEDERATION_VERSION}", import: [${FEDERATION_IMPORTS.map((name) => `"${name}"`).join(', ')}])`;

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const resolvers: NonEmptyArray<Function> = [
  SessionResolver,
  UpoResolver,
  InvoiceResolver,
  SessionInvoicesResolver,
  AuthResolver,
  LiveStatusResolver,
];

/** The SDL of the type-graphql schema with the federation `@link` in front. */
export async function buildGatewaySdl(): Promise<{ sdl: string; schema: GraphQLSchema }> {
  const schema = await buildSchema({
    resolvers,
    skipCheck: true,
    // Validation is done explicitly in resolvers (no class-validator in this project).
    validate: false,
    // type-graphql wants a PubSub once there are subscriptions; ours bring their own stream
    // (`subscribe`), so nothing is ever published on it.
    pubSub: createPubSub(),
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`;
  return { sdl, schema };
}

export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const { sdl, schema } = await buildGatewaySdl();
  const map = createResolversMap(schema) as GraphQLResolverMap<GatewayContext>;
  const sessionResolvers = (map['Session'] ?? {}) as Record<string, unknown>;
  const subgraph = buildSubgraphSchema([
    {
      typeDefs: parse(sdl),
      resolvers: {
        ...map,
        Session: {
          ...sessionResolvers,
          __resolveReference: (representation: SessionRepresentation, context: GatewayContext) =>
            resolveSessionReference(representation, context),
        },
      } as GraphQLResolverMap<GatewayContext>,
    },
  ]);
  // What `rover subgraph introspect` and a router read must be the text of the published
  // schema/schema.graphql. @apollo/subgraph answers `_service.sdl` with every federation
  // definition (`link__Import`, `federation__FieldSet` …) spelled out; composition needs none of
  // them (the `@link` says which are imported), so the subgraph serves its own SDL instead.
  const published = toPublishedSdl(subgraph);
  const service = subgraph.getQueryType()?.getFields()['_service'];
  if (service === undefined) throw new Error('buildSubgraphSchema made no _service field');
  service.resolve = () => ({ sdl: published });
  return subgraph;
}

/** The SDL a router introspects and schema/schema.graphql holds (`npm run schema`). */
export function toPublishedSdl(subgraph: GraphQLSchema): string {
  return `${printSubgraphSchema(subgraph).trimEnd()}\n`;
}
