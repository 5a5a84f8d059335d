// Builds the gateway app (DESIGN §2, like Yoga's yoga.ts) from a handful of parts: the KSeF
// upstream (transport, resilience, clients, certificate cache), the schema, one Apollo Server with
// the operation plugin, the per-request context, the live-status feeds with their WebSocket
// server, and the HTTP app. `startGateway` alone listens
// on a port; tests and main.ts decide where. Nothing here reads process.env or knows a default:
// every setting arrives in `GatewayOptions`, which config/ fills from the owners' constants.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, RequestListener, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Tracer } from '@opentelemetry/api';
import { buildGatewaySchema } from './federation/build-subgraph-schema';
import { startApolloServer } from './graphql/apollo-server';
import type { GraphqlSettings } from './graphql/apollo-server';
import { createErrorFormatter } from './errors/format-error';
import { createContextFactory } from './graphql/context';
import { createGraphqlWebSocketServer } from './graphql/websocket-server';
import type { ContextRequest, GatewayContext } from './graphql/context';
import { createHttpApp } from './http/http-app';
import type { HttpSettings } from './http/http-app';
import { CIRCUIT_OPENED_LOG_MESSAGE } from './ksef/resilience/circuit-breaker';
import { createSessionKeyVault } from './ksef/session-key-vault';
import type { SealingSecret } from './ksef/session-key-vault';
import { createKsefUpstream } from './ksef/upstream';
import type { KsefUpstream, KsefUpstreamOptions } from './ksef/upstream';
import type { LiveStatusSettings } from './live/live-settings';
import { createLiveStatus } from './live/live-status';
import type { LiveStatus } from './live/live-status';
import { createReplicas } from './replicas/replicas';
import type { Replicas } from './replicas/replicas';
import type { ReplicaSettings } from './replicas/replica-settings';
import type { SessionLoaderSettings } from './loaders/session-status.loader';
import type { Logger } from './logging/logger';
import type { GatewayMetrics } from './observability/metrics';
import { createOperationPlugin } from './observability/operation-plugin';
import { withUpstreamInstrumentation } from './observability/upstream-instrumentation';

export interface GatewayObservability {
  /** Operation lines, unexpected errors, Apollo's own messages, upstream calls at debug. */
  logger: Logger;
  /** What GET /metrics serves. */
  metrics: GatewayMetrics;
  /** OpenTelemetry tracer: a span per operation and per KSeF call. Absent: no tracing. */
  tracer?: Tracer;
}

/** Every setting of a gateway, each slice typed by the layer that owns it (config/ fills them). */
export interface GatewayOptions {
  ksef: KsefUpstreamOptions;
  loaders: SessionLoaderSettings;
  graphql: GraphqlSettings;
  http: HttpSettings;
  /** Secrets that seal `sessionKey` handles (GATEWAY_KEY_SECRETS); none: no handles offered. */
  sessionKeys: { secrets: readonly SealingSecret[] };
  /** Live status: poll intervals, subscription and connection bounds, heartbeats. */
  live: LiveStatusSettings;
  /** What replicas share through Redis (REDIS_URL); `redisUrl` unset: nothing. */
  replicas: ReplicaSettings;
}

/** Parts a caller may bring instead of the ones built from the options. */
export interface GatewayParts {
  upstream?: KsefUpstream;
}

/** A GraphQL request executed in-process, without HTTP (what a transport hands over). */
export interface InProcessRequest extends ContextRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface Gateway {
  /** The whole HTTP app as a node:http listener. */
  readonly listener: RequestListener;
  /** The node:http `upgrade` listener: subscriptions over WebSocket on /graphql. */
  readonly handleUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /**
   * Ends every live subscription with a clear message and closes the WebSockets. Idempotent. A
   * node:http server's close() waits for upgraded sockets too, so this comes first.
   */
  closeLive(): Promise<void>;
  /** Runs one operation with the same context rules as HTTP; returns the formatted result. */
  execute(request: InProcessRequest): Promise<{ data?: unknown; errors?: readonly unknown[] }>;
  /**
   * Ends every live subscription with a clear message, closes the WebSockets, stops Apollo and
   * closes the pooled upstream sockets. Idempotent.
   */
  stop(): Promise<void>;
}

export async function createGateway(
  options: GatewayOptions,
  observability: GatewayObservability,
  parts: GatewayParts = {},
): Promise<Gateway> {
  const { logger, metrics, tracer } = observability;
  const redisUrl = options.replicas.redisUrl;
  const replicas: Replicas | undefined =
    redisUrl === undefined
      ? undefined
      : createReplicas({ ...options.replicas, redisUrl }, logger, metrics);
  // A replica that starts while Redis is up shares from its first call; one that starts while
  // Redis is away serves anyway, per process, and joins in when Redis answers.
  await replicas?.connected(REDIS_FIRST_CONNECT_MS);
  const upstream =
    parts.upstream ??
    createKsefUpstream(
      options.ksef,
      {
        // Each attempt on the wire is measured (inside retries, behind the breaker and the limiter).
        instrument: (http) =>
          withUpstreamInstrumentation(http, { metrics, logger, ...(tracer && { tracer }) }),
        // Metrics hear every state change; the log hears each opening and why.
        resilience: {
          ...metrics,
          circuitOpened: (opening) => logger.warn(opening, CIRCUIT_OPENED_LOG_MESSAGE),
        },
        sharedReads: metrics,
      },
      replicas === undefined
        ? {}
        : { rateLimiter: (...local) => replicas.rateLimiter(...local), answers: replicas.answers },
    );

  const schema = await buildGatewaySchema();
  const server = await startApolloServer<GatewayContext>(schema, options.graphql, {
    logger,
    plugins: [
      createOperationPlugin<GatewayContext>({ logger, metrics, ...(tracer && { tracer }) }),
    ],
  });
  const live = createLiveStatus(upstream, options.live, metrics, replicas?.feeds);
  const createContext = createContextFactory({
    upstream,
    live,
    loaders: options.loaders,
    onDeduplicated: (count) => metrics.recordDeduplicated(count),
    sessionKeys:
      options.sessionKeys.secrets.length > 0
        ? createSessionKeyVault(options.sessionKeys.secrets)
        : null,
  });
  const webSockets = createGraphqlWebSocketServer({
    schema,
    context: createContext,
    formatError: createErrorFormatter({ exposeStack: options.graphql.exposeErrorStack }),
    limits: options.graphql.limits,
    maxQueryTokens: options.graphql.maxQueryTokens,
    live: options.live,
    setConnections: (count) => metrics.setLiveConnections(count),
  });
  const listener = createHttpApp(options.http, {
    server,
    context: createContext,
    probe: () => upstream.probe(),
    ...(replicas !== undefined && { readiness: () => replicas.state() }),
    metrics,
    logger,
  });

  let stopped: Promise<void> | undefined;
  let liveClosed: Promise<void> | undefined;
  const closeLive = () => {
    liveClosed ??= endLiveSubscriptions(live).then(() => webSockets.close());
    return liveClosed;
  };
  return {
    listener,
    closeLive,
    handleUpgrade: (request, socket, head) => webSockets.handleUpgrade(request, socket, head),
    async execute({ query, variables, operationName, ...request }) {
      const response = await server.executeOperation(
        { query, ...(variables && { variables }), ...(operationName && { operationName }) },
        { contextValue: createContext(request) },
      );
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not served');
      return response.body.singleResult;
    },
    stop() {
      stopped ??= closeLive()
        .then(() => server.stop())
        .finally(() => {
          upstream.close();
          return replicas?.close();
        });
      return stopped;
    },
  };
}

/** Longest a start waits for Redis before it serves per process (and keeps trying). */
const REDIS_FIRST_CONNECT_MS = 2_000;

/** Longest the subscribers' last message may take to leave before the sockets close. */
const LIVE_FAREWELL_MS = 1_000;
const LIVE_FLUSH_MS = 50;

/** Ends every subscription with LIVE_SHUTDOWN_MESSAGE and waits (briefly) until it has left. */
async function endLiveSubscriptions(live: LiveStatus): Promise<void> {
  live.close();
  const until = Date.now() + LIVE_FAREWELL_MS;
  while (live.subscriptions > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // A stream counts as ended when its reader asks past the last event; the `complete` it then
  // sends is one write away.
  await new Promise((resolve) => setTimeout(resolve, LIVE_FLUSH_MS));
}

export interface ListenOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
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
  const httpServer = createServer(gateway.listener);
  httpServer.on('upgrade', gateway.handleUpgrade);
  // Upstream calls have their own deadlines; this only bounds idle or trickling clients.
  httpServer.requestTimeout = 60_000;
  httpServer.headersTimeout = 20_000;
  // Longer than the usual load balancer / router idle timeout (60 s), so that the gateway never
  // closes a pooled connection the client is about to reuse (Node's default is 5 s).
  httpServer.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(listen.port, listen.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const shownHost = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    httpServer,
    stop() {
      stopped ??= gateway
        .closeLive()
        .then(
          () =>
            new Promise<void>((resolve) => {
              httpServer.close(() => resolve());
              httpServer.closeIdleConnections();
              // Keep-alive sockets of finished requests must not hold the process open.
              setTimeout(() => httpServer.closeAllConnections(), 1_000).unref();
            }),
        )
        .then(() => gateway.stop());
      return stopped;
    },
  };
}
