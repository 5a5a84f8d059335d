// The gateway's HTTP surface as one node:http listener: liveness and readiness, Prometheus
// metrics, the offline playground for browsers on GET /graphql, and GraphQL over HTTP. The
// request id is decided before routing, so every answer (404, 413, /health …) echoes it.
import type { IncomingMessage, RequestListener } from 'node:http';
import type { ApolloServer, BaseContext } from '@apollo/server';
import type { GatewayMetrics } from '../observability/metrics';
import { applyCors } from './cors';
import type { CorsOrigins } from './cors';
import { createGraphqlHandler } from './graphql-handler';
import type { RefusalLogger } from './graphql-handler';
import {
  createCachedReadinessCheck,
  createHealthRoute,
  createReadinessRoute,
} from './health.route';
import { createMetricsResponder } from './metrics-response';
import { renderPlaygroundPage, wantsHtml } from './playground';
import { playgroundExamples } from './playground-examples';
import type { SandboxLogin } from './playground-examples';
import { createPlaygroundResponder } from './playground-response';
import type { PlaygroundResponder } from './playground-response';
import { requestIdOf, withRequestId } from './request-id';
import { createRouter, sendJson } from './routes';
import type { Route, RouteHandler } from './routes';

export interface HttpSettings {
  /** Largest accepted request body (MAX_BODY_BYTES; DEFAULT_MAX_BODY_BYTES); larger → 413. */
  maxBodyBytes: number;
  /** Longest accepted query text (MAX_QUERY_BYTES; DEFAULT_MAX_QUERY_BYTES); longer → 400. */
  maxQueryBytes: number;
  /** The offline GraphiQL on GET /graphql for browsers. */
  playground: boolean;
  /** Sandbox mode: the bearer token the playground pre-fills. */
  sandboxToken?: string;
  /** Sandbox mode: the simulator's KSeF token and NIP, pre-filled in the login tab. */
  sandboxLogin?: SandboxLogin;
  /** Origins allowed to call /graphql from a browser (CORS_ORIGINS). */
  cors: CorsOrigins;
}

/** What a GraphQL request needs from HTTP to build its context. */
export interface GraphqlRequestInfo {
  authorization: string | null;
  requestId: string | null;
  signal: AbortSignal;
}

export interface HttpAppParts<TContext extends BaseContext> {
  server: ApolloServer<TContext>;
  context(request: GraphqlRequestInfo): TContext;
  /** A cheap upstream call; /ready is 200 while it succeeds. */
  probe(): Promise<unknown>;
  /** What /ready adds to its body (whether replicas share through Redis now); never fails it. */
  readiness?: () => Record<string, string>;
  metrics: GatewayMetrics;
  /** Where /graphql reports the requests it refuses before Apollo (oversized body or query). */
  logger?: RefusalLogger;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// The page is ~9 MB of inlined GraphiQL: loading its package and rendering it costs ~150 MB of
// memory and ~0.5 s. So it is rendered on the first browser request, not at start (a gateway that
// only serves apps never pays), and then once per process and pre-filled header (tests build many
// gateways). The unit tests render it, so a broken template is still caught before release.
const playgrounds = new Map<string, PlaygroundResponder>();

function playgroundResponder(
  sandboxToken: string | undefined,
  sandboxLogin: SandboxLogin | undefined,
): PlaygroundResponder {
  const key = JSON.stringify([sandboxToken ?? '', sandboxLogin ?? null]);
  let responder = playgrounds.get(key);
  if (responder === undefined) {
    responder = createPlaygroundResponder(
      renderPlaygroundPage({
        endpoint: '/graphql',
        exampleOperations: playgroundExamples(sandboxLogin),
        ...(sandboxToken !== undefined && {
          defaultHeaders: { Authorization: `Bearer ${sandboxToken}` },
        }),
      }),
    );
    playgrounds.set(key, responder);
  }
  return responder;
}

export function createHttpApp<TContext extends BaseContext>(
  settings: HttpSettings,
  parts: HttpAppParts<TContext>,
): RequestListener {
  const graphql = createGraphqlHandler<TContext>({
    server: parts.server,
    maxBodyBytes: settings.maxBodyBytes,
    maxQueryBytes: settings.maxQueryBytes,
    ...(parts.logger !== undefined && { logger: parts.logger }),
    context: ({ request, signal }) =>
      Promise.resolve(
        parts.context({
          authorization: header(request, 'authorization') ?? null,
          requestId: requestIdOf(request) ?? header(request, 'x-request-id') ?? null,
          signal,
        }),
      ),
  });
  // The probe goes through the circuit breaker: an open circuit fails it at once (503), and after
  // the cool-down the probe itself may be the trial call that closes it again.
  const isReady = createCachedReadinessCheck(() => parts.probe());

  const playground: Route[] = settings.playground
    ? [
        {
          method: 'GET',
          path: '/graphql',
          // Browsers only: GraphQL clients and curl reach the GraphQL GET path untouched.
          accepts: (request) => wantsHtml(request.headers.accept),
          handler: (request, response) =>
            playgroundResponder(settings.sandboxToken, settings.sandboxLogin)(request, response),
        },
      ]
    : [];

  const refuseOrigin = (request: IncomingMessage, response: Parameters<RouteHandler>[1]) =>
    sendJson(response, 403, {
      errors: [
        {
          message: `Origin ${String(request.headers.origin).slice(0, 100)} may not call this gateway from a browser (CORS_ORIGINS).`,
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    });
  const crossOrigin =
    (handler: RouteHandler): RouteHandler =>
    async (request, response) => {
      if (applyCors(settings.cors, request, response) === 'refused')
        refuseOrigin(request, response);
      else await handler(request, response);
    };
  const preflight: RouteHandler = (request, response) => {
    if (applyCors(settings.cors, request, response) === 'refused') refuseOrigin(request, response);
    else response.writeHead(204).end();
    return Promise.resolve();
  };

  return withRequestId(
    createRouter([
      createHealthRoute(),
      createReadinessRoute(isReady, parts.readiness),
      { method: 'GET', path: '/metrics', handler: createMetricsResponder(parts.metrics) },
      ...playground,
      { method: 'OPTIONS', path: '/graphql', handler: preflight },
      { method: 'POST', path: '/graphql', handler: crossOrigin(graphql) },
      { method: 'GET', path: '/graphql', handler: crossOrigin(graphql) },
    ]),
  );
}
