// Builds the gateway app (DESIGN §3, like Yoga's yoga.ts): the schema once, one Apollo Server,
// the shared KSeF plumbing (one keep-alive agent, the certificate cache) and a node:http request
// listener over a route table. `startGateway` alone listens on a port; tests and main.ts decide
// where. Nothing here reads process.env.
//
// Observability is wired here too: one request id per HTTP request (echoed on every answer and
// sent to KSeF), the operation plugin (one structured log line and metric samples per GraphQL
// operation, plus its span when tracing), every wire call to KSeF measured in one wrapper
// (upstream-instrumentation.ts) inside the resilience layer, loader dedup counts, /metrics, and
// the offline playground on GET /graphql for browsers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, RequestListener, Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { Tracer } from '@opentelemetry/api';
import type { GraphQLSchema } from 'graphql';
import { createErrorFormatter } from './errors/format-error';
import { buildGatewaySchema } from './federation/build-subgraph-schema';
import { createGatewayContext } from './graphql/context';
import type { ContextRequest, GatewayContext, GatewayServices } from './graphql/context';
import { createGraphqlHandler, DEFAULT_MAX_BODY_BYTES } from './http/graphql-handler';
import {
  createCachedReadinessCheck,
  createHealthRoute,
  createReadinessRoute,
} from './http/health.route';
import type { ReadinessCheck } from './http/health.route';
import { createMetricsResponder } from './http/metrics-response';
import { renderPlaygroundPage, wantsHtml } from './http/playground';
import { PLAYGROUND_EXAMPLES } from './http/playground-examples';
import { createPlaygroundResponder } from './http/playground-response';
import type { PlaygroundResponder } from './http/playground-response';
import { requestIdOf, withRequestId } from './http/request-id';
import { createRouter } from './http/routes';
import type { Route } from './http/routes';
import { createKsefHttp } from './ksef/http';
import type { KsefHttp } from './ksef/http';
import { openOnlineSession } from './ksef/open-online-session';
import { createPublicKeyProvider } from './ksef/public-key-provider';
import { createKsefSecurityClient, createKsefSessionsClient } from './ksef/sessions.client';
import { createUpoDownloader } from './ksef/upo-download';
import { DEFAULT_STATUS_CONCURRENCY } from './loaders/session-status.loader';
import { withResilientUpstream } from './ksef/resilience/resilience-settings';
import type { ResilienceObserver, ResilienceSettings } from './ksef/resilience/resilience-settings';
import type { UpstreamBreakers } from './ksef/resilience/circuit-breaker';
import {
  createOperationLimitsPlugin,
  DEFAULT_OPERATION_LIMITS,
} from './graphql/limits/limits.plugin';
import type { OperationLimits } from './graphql/limits/limits.plugin';
import { createLogger } from './logging/logger';
import type { Logger } from './logging/logger';
import { createMetrics } from './observability/metrics';
import type { GatewayMetrics } from './observability/metrics';
import { createOperationPlugin } from './observability/operation-plugin';
import { withUpstreamInstrumentation } from './observability/upstream-instrumentation';

export interface GatewayOptions {
  /** KSeF API base URL, ending in `/v2`. */
  ksefApiUrl: string;
  /** Status reads of one GraphQL request in flight at once (default 4). */
  statusLoaderConcurrency?: number;
  /** Deadline of one upstream call (default: the KSeF client's, 10 s). */
  upstreamTimeoutMs?: number;
  /** Schema introspection (default true: the schema is public, the data is not). */
  introspection?: boolean;
  /** `extensions.stacktrace` in errors: development only (default false). */
  exposeErrorStack?: boolean;
  /** Sandbox mode: the token the playground pre-fills (used by the playground route, if any). */
  sandboxToken?: string;
  /** Largest accepted request body (default 1 MiB; larger → 413). */
  maxBodyBytes?: number;
  /** Routes tried before the defaults (e.g. /metrics, the playground on GET /graphql as HTML). */
  routes?: readonly Route[];
  /** Extra Apollo plugins (metrics, logging, a landing page …). */
  plugins?: readonly ApolloServerPlugin<GatewayContext>[];
  /** Replaces the default KSeF plumbing (tests). */
  services?: GatewayServices;
  /**
   * Timeouts, retries, per-token rate limiting and the circuit breaker around every KSeF call
   * (src/ksef/resilience). `upstreamTimeoutMs` above is the per-call timeout.
   */
  resilience?: Omit<ResilienceSettings, 'upstreamTimeoutMs'>;
  /** Depth, alias, root-field and status-lookup limits per operation (defaults: limits.plugin.ts). */
  limits?: Partial<OperationLimits>;
  /** Retry / rate-limit wait / circuit-state recorders (default: `metrics`). */
  resilienceMetrics?: ResilienceObserver;
  /**
   * Where log lines go (operation lines, unexpected errors, Apollo's own messages, upstream calls
   * at debug). Default: silent — main.ts passes the process logger built from LOG_LEVEL.
   */
  logger?: Logger;
  /**
   * The Prometheus metrics served on GET /metrics. Default: a fresh registry without process
   * metrics (main.ts passes one with them; many gateways in one test process need no collectors).
   */
  metrics?: GatewayMetrics;
  /** OpenTelemetry tracer: a span per operation and per KSeF call. Absent: no tracing. */
  tracer?: Tracer;
  /** The offline GraphiQL on GET /graphql for browsers (default true). */
  playground?: boolean;
}

export interface Gateway {
  readonly schema: GraphQLSchema;
  readonly server: ApolloServer<GatewayContext>;
  readonly services: GatewayServices;
  /** The whole HTTP app as a node:http listener (route table + GraphQL). */
  readonly listener: RequestListener;
  readonly sandboxToken: string | undefined;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  createContext(request: ContextRequest): GatewayContext;
  /** Schema built and KSeF answering (what GET /ready reports). */
  isReady: ReadinessCheck;
  /** The upstream circuit breakers (state for readiness and metrics); undefined when disabled. */
  readonly breakers: UpstreamBreakers | undefined;
  /** Stops Apollo and closes the pooled upstream sockets. Idempotent. */
  stop(): Promise<void>;
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

function playgroundResponder(sandboxToken: string | undefined): PlaygroundResponder {
  const key = sandboxToken ?? '';
  let responder = playgrounds.get(key);
  if (responder === undefined) {
    responder = createPlaygroundResponder(
      renderPlaygroundPage({
        endpoint: '/graphql',
        exampleOperations: PLAYGROUND_EXAMPLES,
        ...(sandboxToken !== undefined && {
          defaultHeaders: { Authorization: `Bearer ${sandboxToken}` },
        }),
      }),
    );
    playgrounds.set(key, responder);
  }
  return responder;
}

function createDefaultServices(http: KsefHttp, concurrency: number): GatewayServices {
  const publicKeys = createPublicKeyProvider(createKsefSecurityClient(http));
  const downloader = createUpoDownloader(http);
  return {
    createSessionsClient: (caller) => createKsefSessionsClient(http, caller),
    openOnlineSession: (client, request) =>
      openOnlineSession({ client, publicKeys }, request.formCode, request.encryption),
    downloadUpo: (url, signal) => downloader.download(url, signal ? { signal } : {}),
    statusLoaderConcurrency: concurrency,
  };
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const metrics = options.metrics ?? createMetrics({ defaultMetrics: false });
  // Each attempt on the wire is measured (inside retries, behind the breaker and the limiter).
  const rawHttp = withUpstreamInstrumentation(
    createKsefHttp({
      baseUrl: options.ksefApiUrl,
      ...(options.upstreamTimeoutMs !== undefined && { timeoutMs: options.upstreamTimeoutMs }),
    }),
    {
      metrics,
      logger,
      ...(options.tracer !== undefined && { tracer: options.tracer }),
    },
  );
  const { http, breakers } = withResilientUpstream(
    rawHttp,
    {
      ...options.resilience,
      ...(options.upstreamTimeoutMs !== undefined && {
        upstreamTimeoutMs: options.upstreamTimeoutMs,
      }),
    },
    options.resilienceMetrics ?? metrics,
  );
  const baseServices =
    options.services ??
    createDefaultServices(http, options.statusLoaderConcurrency ?? DEFAULT_STATUS_CONCURRENCY);
  const services: GatewayServices = baseServices.recordDeduplicated
    ? baseServices
    : { ...baseServices, recordDeduplicated: (count) => metrics.recordDeduplicated(count) };
  const security = createKsefSecurityClient(http);

  const schema = await buildGatewaySchema();
  const plugins = [...(options.plugins ?? [])];
  // Apollo's default landing page loads Sandbox from a CDN (useless offline); the playground is
  // served by a route or a plugin of its own, so without one there is no landing page at all.
  if (!plugins.some((plugin) => 'renderLandingPage' in plugin)) {
    plugins.push(ApolloServerPluginLandingPageDisabled());
  }
  // Apollo turns on federated inline tracing (ftv1) for subgraphs by default: a per-field span
  // on every resolver whenever a router asks — the costliest kind of tracing (DESIGN §8).
  plugins.push(ApolloServerPluginInlineTraceDisabled());
  // The cache-control plugin (on by default) hooks every field resolver; nothing here is HTTP
  // cacheable (answers depend on the caller's token), so it only cost time (~30% of the GraphQL
  // work of a status lookup in the benchmark's profile).
  plugins.push(ApolloServerPluginCacheControlDisabled());
  // Refuses too deep / too wide / too costly operations before any resolver (or KSeF call) runs.
  plugins.unshift(createOperationLimitsPlugin({ ...DEFAULT_OPERATION_LIMITS, ...options.limits }));
  // First, so that its clock and span start before any other plugin's work.
  plugins.unshift(
    createOperationPlugin<GatewayContext>({
      logger,
      metrics,
      ...(options.tracer !== undefined && { tracer: options.tracer }),
    }),
  );
  const server = new ApolloServer<GatewayContext>({
    schema,
    formatError: createErrorFormatter({ exposeStack: options.exposeErrorStack ?? false }),
    includeStacktraceInErrorResponses: options.exposeErrorStack ?? false,
    introspection: options.introspection ?? true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns SIGTERM/SIGINT (drain in-flight requests, then exit 0). Apollo's own handler
    // would stop the server under running operations and re-raise the signal, which main.ts
    // reads as a second Ctrl+C and exits 1.
    stopOnTerminationSignals: false,
    // Apollo's own messages as JSON lines in the same stream (pino takes (message) too).
    logger,
    plugins,
  });
  await server.start();

  const createContext = (request: ContextRequest): GatewayContext =>
    createGatewayContext(services, request);
  // The probe goes through the circuit breaker: an open circuit fails it at once (503), and after
  // the cool-down the probe itself may be the trial call that closes it again.
  const isReady = createCachedReadinessCheck(() => security.getPublicKeyCertificates());

  const graphql = createGraphqlHandler<GatewayContext>({
    server,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    context: ({ request, signal }) =>
      Promise.resolve(
        createContext({
          authorization: header(request, 'authorization') ?? null,
          requestId: requestIdOf(request) ?? header(request, 'x-request-id') ?? null,
          signal,
        }),
      ),
  });

  const playground: Route[] =
    (options.playground ?? true)
      ? [
          {
            method: 'GET',
            path: '/graphql',
            // Browsers only: GraphQL clients and curl reach the GraphQL GET path untouched.
            accepts: (request) => wantsHtml(request.headers.accept),
            handler: (request, response) =>
              playgroundResponder(options.sandboxToken)(request, response),
          },
        ]
      : [];

  // The request id is decided before routing, so every answer (404, 413, /health …) echoes it.
  const listener = withRequestId(
    createRouter([
      ...(options.routes ?? []),
      createHealthRoute(),
      createReadinessRoute(isReady),
      { method: 'GET', path: '/metrics', handler: createMetricsResponder(metrics) },
      ...playground,
      { method: 'POST', path: '/graphql', handler: graphql },
      { method: 'GET', path: '/graphql', handler: graphql },
    ]),
  );

  let stopped: Promise<void> | undefined;
  return {
    schema,
    server,
    services,
    listener,
    sandboxToken: options.sandboxToken,
    metrics,
    logger,
    createContext,
    isReady,
    breakers,
    stop() {
      stopped ??= server.stop().finally(() => http.close());
      return stopped;
    },
  };
}

export interface ListenOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
}

export interface RunningGateway {
  /** `http://host:port/graphql` */
  url: string;
  /** The node:http server, for whoever needs the socket (metrics, tests). */
  httpServer: Server;
  /** Stops listening, closes open connections, then stops the gateway. */
  stop(): Promise<void>;
}

export async function startGateway(
  gateway: Gateway,
  listen: ListenOptions,
): Promise<RunningGateway> {
  const host = listen.host ?? '127.0.0.1';
  const httpServer = createServer(gateway.listener);
  // Upstream calls have their own deadlines; this only bounds idle or trickling clients.
  httpServer.requestTimeout = 60_000;
  httpServer.headersTimeout = 20_000;
  // Longer than the usual load balancer / router idle timeout (60 s), so that the gateway never
  // closes a pooled connection the client is about to reuse (Node's default is 5 s).
  httpServer.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(listen.port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    httpServer,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections();
        // Keep-alive sockets of finished requests must not hold the process open.
        setTimeout(() => httpServer.closeAllConnections(), 1_000).unref();
      }).then(() => gateway.stop());
      return stopped;
    },
  };
}
