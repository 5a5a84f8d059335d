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
import { createDocumentCache } from './limits/document-cache';
import { createOperationLimitsPlugin, withinOperationLimits } from './limits/limits.plugin';
import type { OperationLimits } from './limits/limits.plugin';
import type { CorsOrigins } from '../http/cors';
import { createHttpSubscriptionsPlugin } from './limits/subscriptions-over-http.plugin';

/**
 * Tokens a document may have (MAX_QUERY_TOKENS); graphql-js's parser stops at the first one over,
 * so a giant document costs at most this much parsing and is never validated. The largest
 * operation the playground and the tests use has ~150 tokens, full introspection ~190; 2 000
 * leaves room for any operation within the default depth, alias and root-field limits, while a
 * document of 2 000 tokens parses and validates in a few milliseconds.
 */
export const DEFAULT_MAX_QUERY_TOKENS = 2_000;
/**
 * The highest MAX_QUERY_TOKENS accepted. graphql-js's NoFragmentCyclesRule recurses once per
 * chained fragment and overflows the stack at ~4 000 of them (8 tokens each, ~32 000 tokens); at
 * 15 000 tokens a chain is at most ~1 900 long, half of that.
 */
export const MAX_QUERY_TOKENS_CEILING = 15_000;
/**
 * Heap the parsed-document cache may hold (limits/document-cache.ts says how an entry is charged:
 * its query text, ~600 bytes a token, 1 KB an entry). 16 MiB keeps ~500 operations of the
 * playground's size (~50 tokens each, ~32 KB charged) or ~250 comment-padded documents of the
 * largest accepted text.
 */
export const DEFAULT_DOCUMENT_CACHE_BYTES = 16 * 1024 * 1024;

export interface GraphqlSettings {
  /** Schema introspection (GRAPHQL_INTROSPECTION; off with KSEF_ENV=prod). */
  introspection: boolean;
  /** `extensions.stacktrace` in errors: development only (NODE_ENV=development). */
  exposeErrorStack: boolean;
  /** Depth, alias, root-field and status-lookup limits per operation. */
  limits: OperationLimits;
  /** Parser token budget per document (MAX_QUERY_TOKENS; DEFAULT_MAX_QUERY_TOKENS). */
  maxQueryTokens: number;
  /** Heap budget of the parsed-document cache (DEFAULT_DOCUMENT_CACHE_BYTES when absent). */
  documentCacheBytes?: number;
  /** Origins a router's subscription `callbackUrl` may have (SUBSCRIPTION_CALLBACK_ORIGINS). */
  subscriptionCallbackOrigins: CorsOrigins;
}

/** What Apollo logs through; a pino logger fits. */
export interface ApolloLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** The gateway's own lines carry fields (the request id). */
  error(fields: Record<string, unknown>, message: string): void;
}

export const UNEXPECTED_REQUEST_ERROR_LOG_MESSAGE =
  'unexpected error processing a GraphQL request (answered 500)';

/**
 * Apollo answers a throw outside execution (a bug in a plugin, a stack overflow) with a bare 500
 * and logs it without the request; this adds the line an operator can find by request id.
 */
function unexpectedErrorLog<TContext extends BaseContext>(
  logger: ApolloLogger,
): ApolloServerPlugin<TContext> {
  return {
    unexpectedErrorProcessingRequest({ requestContext, error }) {
      const { requestId } = requestContext.contextValue as { requestId?: unknown };
      logger.error({ requestId, err: error }, UNEXPECTED_REQUEST_ERROR_LOG_MESSAGE);
      return Promise.resolve();
    },
  };
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
    // A document over the budget is refused by the parser itself (400 GRAPHQL_PARSE_FAILED) after
    // at most maxQueryTokens tokens; the HTTP handler has already refused over-long query text.
    parseOptions: { maxTokens: settings.maxQueryTokens },
    documentStore: createDocumentCache({
      maxBytes: settings.documentCacheBytes ?? DEFAULT_DOCUMENT_CACHE_BYTES,
      admits: (document) => withinOperationLimits(document, settings.limits),
    }),
    plugins: [
      // The caller's first, so that its clock and span start before any other plugin's work.
      ...options.plugins,
      unexpectedErrorLog<TContext>(options.logger),
      // Refuses too deep / too wide / too costly operations before any resolver (or KSeF call).
      createOperationLimitsPlugin<TContext>(settings.limits),
      // A subscription over plain HTTP is refused with where to go instead, while a router's over
      // the HTTP callback protocol is served (Apollo Router in callback mode, Hive Gateway) when
      // its callback origin is allowed; the heartbeats and `complete` are Apollo's.
      createHttpSubscriptionsPlugin<TContext>({
        callbackOrigins: settings.subscriptionCallbackOrigins,
        logger: options.logger,
      }),
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
