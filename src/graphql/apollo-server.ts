// The one Apollo Server of a gateway, with the settings and plugins every deployment needs; the
// caller adds its own plugins (the operation log and metrics) in front.
import { ApolloServer } from '@apollo/server';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { createErrorFormatter } from '../errors/format-error';
import { createOperationLimitsPlugin } from './limits/limits.plugin';
import type { OperationLimits } from './limits/limits.plugin';

export interface GraphqlSettings {
  /** Schema introspection (GRAPHQL_INTROSPECTION; off with KSEF_ENV=prod). */
  introspection: boolean;
  /** `extensions.stacktrace` in errors: development only (NODE_ENV=development). */
  exposeErrorStack: boolean;
  /** Depth, alias, root-field and status-lookup limits per operation. */
  limits: OperationLimits;
}

/** What Apollo logs through; a pino logger fits. */
export interface ApolloLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export async function startApolloServer<TContext extends BaseContext>(
  schema: GraphQLSchema,
  settings: GraphqlSettings,
  options: { logger: ApolloLogger; plugins: readonly ApolloServerPlugin<TContext>[] },
): Promise<ApolloServer<TContext>> {
  const server = new ApolloServer<TContext>({
    schema,
    formatError: createErrorFormatter({ exposeStack: settings.exposeErrorStack }),
    includeStacktraceInErrorResponses: settings.exposeErrorStack,
    introspection: settings.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns SIGTERM/SIGINT (drain in-flight requests, then exit 0). Apollo's own handler
    // would stop the server under running operations and re-raise the signal, which main.ts
    // reads as a second Ctrl+C and exits 1.
    stopOnTerminationSignals: false,
    logger: options.logger,
    plugins: [
      // The caller's first, so that its clock and span start before any other plugin's work.
      ...options.plugins,
      // Refuses too deep / too wide / too costly operations before any resolver (or KSeF call).
      createOperationLimitsPlugin<TContext>(settings.limits),
      // Apollo's default landing page loads Sandbox from a CDN (useless offline); the playground
      // is a route of the HTTP app instead.
      ApolloServerPluginLandingPageDisabled(),
      // Apollo turns on federated inline tracing (ftv1) for subgraphs by default: a per-field
      // span on every resolver whenever a router asks — the costliest kind of tracing (DESIGN §8).
      ApolloServerPluginInlineTraceDisabled(),
      // The cache-control plugin (on by default) hooks every field resolver; nothing here is HTTP
      // cacheable (answers depend on the caller's token), so it only cost time (~30% of the
      // GraphQL work of a status lookup in the benchmark's profile).
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await server.start();
  return server;
}
