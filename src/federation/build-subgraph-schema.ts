// Builds the gateway's schema once per gateway: type-graphql classes → SDL with directives →
// Apollo Federation 2 subgraph (DESIGN §3). type-graphql builds a plain schema (skipCheck: the
// federation directives are not defined yet); the SDL keeps `@key`/`@shareable` because
// printSchemaWithDirectives prints them from the AST; `buildSubgraphSchema` (array form) then
// adds `_service`, `_entities`, the directive definitions, and our resolvers, taken back from the
// type-graphql schema with `createResolversMap`, plus `Session.__resolveReference`.
import { buildSubgraphSchema } from '@apollo/subgraph';
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
import { UpoResolver } from '../graphql/upo/upo.resolver';

/** Federation 2.3: supported by every router since 2023 and enough for @key/@shareable. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const resolvers: NonEmptyArray<Function> = [SessionResolver, UpoResolver];

/** The SDL of the type-graphql schema with the federation `@link` in front. */
export async function buildGatewaySdl(): Promise<{ sdl: string; schema: GraphQLSchema }> {
  const schema = await buildSchema({
    resolvers,
    skipCheck: true,
    // Validation is done explicitly in resolvers (no class-validator in this project).
    validate: false,
  });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`;
  return { sdl, schema };
}

export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const { sdl, schema } = await buildGatewaySdl();
  const map = createResolversMap(schema) as GraphQLResolverMap<GatewayContext>;
  const sessionResolvers = (map['Session'] ?? {}) as Record<string, unknown>;
  return buildSubgraphSchema([
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
}
