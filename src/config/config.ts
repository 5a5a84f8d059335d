// loadConfig turns the environment into a validated GatewayConfig. It is pure (the caller passes
// the environment; only main.ts reads process.env) and it reports every problem at once, so a
// misconfigured deployment is fixed in one round instead of one variable per restart.
//
// Defaults are not written here: each is the constant of the layer that owns the setting
// (DEFAULT_KSEF_TIMEOUT_MS in ksef/http.ts …), and CONFIG_DEFAULTS below lists them for the
// README's configuration table, which a test holds against it. The result is sliced by layer:
// `gateway.ksef` is the KSeF upstream's own option type, `gateway.graphql` Apollo's settings …
// so main.ts passes each slice through untouched.
//
// Tracing uses the standard OpenTelemetry variables (OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT,
// OTEL_TRACES_EXPORTER, OTEL_SERVICE_NAME, OTEL_SDK_DISABLED); the exporter itself reads
// OTEL_EXPORTER_OTLP_HEADERS / _TIMEOUT (collector credentials never pass through this config),
// the SDK OTEL_TRACES_SAMPLER(_ARG) and OTEL_RESOURCE_ATTRIBUTES.
//
// Empty values count as unset, so `KSEF_API_URL=` in an .env file means "no override".

import { DEFAULT_LIVE_STATUS_SETTINGS } from '../live/live-settings';
import type { LiveStatusSettings } from '../live/live-settings';
import {
  ConfigError,
  readBoolean,
  readHost,
  readInteger,
  readOneOf,
  readText,
  shown,
} from './env-readers';
import type { Env } from './env-readers';
import type { GraphqlSettings } from '../graphql/apollo-server';
import { DEFAULT_MAX_QUERY_TOKENS, MAX_QUERY_TOKENS_CEILING } from '../graphql/apollo-server';
import { DEFAULT_OPERATION_LIMITS } from '../graphql/limits/limits.plugin';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_QUERY_BYTES } from '../http/graphql-handler';
import { parseCorsOrigins } from '../http/cors';
import type { CorsOrigins } from '../http/cors';
import type { HttpSettings } from '../http/http-app';
import { DEFAULT_KSEF_TIMEOUT_MS } from '../ksef/http';
import type { KsefHttpOptions } from '../ksef/http';
import { DEFAULT_RESILIENCE_SETTINGS } from '../ksef/resilience/resilience-settings';
import type { ResilienceSettings } from '../ksef/resilience/resilience-settings';
import { parseRateLimits } from '../ksef/resilience/rate-limits';
import { parseSealingSecrets } from '../ksef/session-key-vault';
import type { SealingSecret } from '../ksef/session-key-vault';
import { DEFAULT_STATUS_CONCURRENCY } from '../loaders/session-status.loader';
import { DEFAULT_REPLICA_SETTINGS } from '../replicas/replica-settings';
import type { ReplicaSettings } from '../replicas/replica-settings';
import type { SessionLoaderSettings } from '../loaders/session-status.loader';

export type KsefEnvironment = 'sandbox' | 'test' | 'demo' | 'prod';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export { ConfigError };

export const KSEF_ENVIRONMENTS: readonly KsefEnvironment[] = ['sandbox', 'test', 'demo', 'prod'];
export const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** The official KSeF API 2.0 base URLs (KSeF docs: srodowiska.md). */
export const OFFICIAL_KSEF_API_URLS: Readonly<Record<Exclude<KsefEnvironment, 'sandbox'>, string>> =
  {
    test: 'https://api-test.ksef.mf.gov.pl/v2',
    demo: 'https://api-demo.ksef.mf.gov.pl/v2',
    prod: 'https://api.ksef.mf.gov.pl/v2',
  };

export const DEFAULT_SERVICE_NAME = 'ksef-graphql-gateway';

/** Settings of the process itself (main.ts owns them). */
export const PROCESS_DEFAULTS = {
  port: 4000,
  host: '127.0.0.1',
  ksefEnv: 'sandbox',
  simulatorPort: 4010,
  logLevel: 'info',
  shutdownTimeoutMs: 10_000,
} as const;

/**
 * The default of every variable as the README's configuration table states it, built from the
 * owners' constants (a test compares the two). Variables whose default depends on another say so.
 */
export const CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  PORT: String(PROCESS_DEFAULTS.port),
  HOST: PROCESS_DEFAULTS.host,
  KSEF_ENV: PROCESS_DEFAULTS.ksefEnv,
  KSEF_API_URL: 'unset',
  SIMULATOR_PORT: String(PROCESS_DEFAULTS.simulatorPort),
  LOG_LEVEL: PROCESS_DEFAULTS.logLevel,
  KSEF_TIMEOUT_MS: String(DEFAULT_KSEF_TIMEOUT_MS),
  OPERATION_TIMEOUT_MS: String(DEFAULT_RESILIENCE_SETTINGS.operationTimeoutMs),
  KSEF_RATE_LIMITS: 'on',
  KSEF_RETRY_ATTEMPTS: String(DEFAULT_RESILIENCE_SETTINGS.retry.maxAttempts),
  CIRCUIT_FAILURE_THRESHOLD: String(DEFAULT_RESILIENCE_SETTINGS.circuitBreaker.failureThreshold),
  CIRCUIT_HALF_OPEN_AFTER_MS: String(DEFAULT_RESILIENCE_SETTINGS.circuitBreaker.halfOpenAfterMs),
  KSEF_STATUS_CONCURRENCY: String(DEFAULT_STATUS_CONCURRENCY),
  GRAPHQL_INTROSPECTION: 'on; off with KSEF_ENV=prod',
  MAX_QUERY_DEPTH: String(DEFAULT_OPERATION_LIMITS.maxDepth),
  MAX_ALIASES: String(DEFAULT_OPERATION_LIMITS.maxAliases),
  MAX_ROOT_FIELDS: String(DEFAULT_OPERATION_LIMITS.maxRootFields),
  MAX_STATUS_LOOKUPS: String(DEFAULT_OPERATION_LIMITS.maxStatusLookups),
  MAX_BODY_BYTES: String(DEFAULT_MAX_BODY_BYTES),
  MAX_QUERY_BYTES: String(DEFAULT_MAX_QUERY_BYTES),
  MAX_QUERY_TOKENS: String(DEFAULT_MAX_QUERY_TOKENS),
  SHUTDOWN_TIMEOUT_MS: String(PROCESS_DEFAULTS.shutdownTimeoutMs),
  NODE_ENV: 'unset',
  KSEF_SCHEMAS_DIR: 'unset',
  GATEWAY_KEY_SECRETS: 'unset',
  REDIS_URL: 'unset',
  CORS_ORIGINS: 'any loopback origin in sandbox mode, none otherwise',
  SUBSCRIPTION_CALLBACK_ORIGINS: 'any loopback origin in sandbox mode, none otherwise',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'unset',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'unset',
  OTEL_TRACES_EXPORTER: 'unset',
  OTEL_SERVICE_NAME: DEFAULT_SERVICE_NAME,
  OTEL_SDK_DISABLED: 'false',
};

/** `tracesUrl` undefined: the OTLP exporter's default (http://localhost:4318/v1/traces). */
export type TracingConfig =
  { enabled: false } | { enabled: true; serviceName: string; tracesUrl: string | undefined };

/**
 * `sandbox`: no upstream configured; main.ts starts the embedded simulator and learns its URL
 * only then. `remote`: a real upstream, either an official host (`official`) or KSEF_API_URL
 * (`custom`, which also wins over KSEF_ENV=sandbox).
 */
export type UpstreamTarget =
  { mode: 'sandbox' } | { mode: 'remote'; ksefApiUrl: string; source: 'official' | 'custom' };

/** The gateway's settings, sliced by owning layer; the upstream URL and sandbox token come later. */
export interface GatewaySettings {
  ksef: { http: Omit<KsefHttpOptions, 'baseUrl'>; resilience: ResilienceSettings };
  loaders: SessionLoaderSettings;
  graphql: GraphqlSettings;
  http: Omit<HttpSettings, 'sandboxToken' | 'sandboxLogin'>;
  /**
   * Empty when GATEWAY_KEY_SECRETS is unset: main.ts then makes one for the process in sandbox
   * mode (with a warning) and offers no `sessionKey` handles elsewhere.
   */
  sessionKeys: { secrets: SealingSecret[] };
  /** Live status: poll intervals and subscription bounds (live/live-settings.ts; no variables). */
  live: LiveStatusSettings;
  /** What replicas share through Redis (REDIS_URL; replicas/replica-settings.ts). */
  replicas: ReplicaSettings;
}

export interface GatewayConfig {
  ksefEnv: KsefEnvironment;
  upstream: UpstreamTarget;
  listen: { port: number; host: string };
  /** How long SIGTERM waits for in-flight operations. */
  shutdownTimeoutMs: number;
  logLevel: LogLevel;
  /** Port of the standalone simulator (`npm run simulator`); sandbox mode uses a free port. */
  simulatorPort: number;
  /**
   * The official invoice schemas (a folder laid out like KSeF's `faktury/schemy` with
   * `catalog.xml`): the simulator validates every invoice against them. Unset: it does not.
   */
  invoiceSchemasDir: string | undefined;
  tracing: TracingConfig;
  gateway: GatewaySettings;
}

function ksefApiUrl(env: Env, problems: string[]): string | undefined {
  const raw = readText(env, 'KSEF_API_URL');
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(
      `KSEF_API_URL: ${shown(raw)} is not a URL (expected e.g. http://127.0.0.1:4010/v2)`,
    );
    return undefined;
  }
  const reasons: string[] = [];
  if (url.protocol !== 'http:' && url.protocol !== 'https:') reasons.push('use http or https');
  // Credentials in the URL would end up in logs; KSeF takes a bearer token per request anyway.
  if (url.username !== '' || url.password !== '') reasons.push('must not contain credentials');
  if (url.search !== '' || url.hash !== '') reasons.push('must not have a query or fragment');
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/v2')) reasons.push('must end in /v2');
  if (reasons.length > 0) {
    // Not echoing `raw` when it holds credentials: the message is printed to the console.
    const safe = url.username !== '' || url.password !== '' ? '(URL with credentials)' : shown(raw);
    problems.push(
      `KSEF_API_URL: ${safe} ${reasons.join(', ')} (e.g. https://api-test.ksef.mf.gov.pl/v2)`,
    );
    return undefined;
  }
  // Normalised without a trailing slash so that the client can append `/sessions/...`.
  return `${url.origin}${path}`;
}

function redisUrl(env: Env, problems: string[]): string | undefined {
  const raw = readText(env, 'REDIS_URL');
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push('REDIS_URL: not a URL (expected redis://host:6379/0 or rediss://…)');
    return undefined;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    // The URL may hold a password: never echoed.
    problems.push(`REDIS_URL: use redis:// or rediss:// (not ${url.protocol.slice(0, 10)})`);
    return undefined;
  }
  if (url.hostname === '') {
    problems.push('REDIS_URL: names no host (expected redis://host:6379/0)');
    return undefined;
  }
  return raw;
}

function otlpUrl(env: Env, name: string, problems: string[]): string | undefined {
  const raw = readText(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${name}: ${shown(raw)} is not a URL (e.g. http://127.0.0.1:4318)`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${name}: use http or https (OTLP over HTTP)`);
    return undefined;
  }
  return url.toString();
}

function tracing(env: Env, problems: string[]): TracingConfig {
  const base = otlpUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', problems);
  const traces = otlpUrl(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', problems);
  const exporter = readOneOf(
    env,
    'OTEL_TRACES_EXPORTER',
    ['otlp', 'none'] as const,
    'otlp',
    problems,
  );
  const disabled = readBoolean(env, 'OTEL_SDK_DISABLED', false, problems);
  const asked = readText(env, 'OTEL_TRACES_EXPORTER') !== undefined && exporter === 'otlp';
  if (disabled || exporter === 'none' || (base === undefined && traces === undefined && !asked)) {
    return { enabled: false };
  }
  // As the OTLP exporter specification says: the signal URL as given, the base URL + /v1/traces.
  const tracesUrl =
    traces ?? (base === undefined ? undefined : `${base.replace(/\/+$/, '')}/v1/traces`);
  return {
    enabled: true,
    serviceName: readText(env, 'OTEL_SERVICE_NAME') ?? DEFAULT_SERVICE_NAME,
    tracesUrl,
  };
}

export function loadConfig(env: Env): GatewayConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number =>
    readInteger(env, name, fallback, min, max, problems);

  const port = int('PORT', PROCESS_DEFAULTS.port, 0, 65535);
  const bindHost = readHost(env, PROCESS_DEFAULTS.host, problems);
  const ksefEnv = readOneOf(env, 'KSEF_ENV', KSEF_ENVIRONMENTS, PROCESS_DEFAULTS.ksefEnv, problems);
  const customUrl = ksefApiUrl(env, problems);
  const simulatorPort = int('SIMULATOR_PORT', PROCESS_DEFAULTS.simulatorPort, 0, 65535);
  const logLevel = readOneOf(env, 'LOG_LEVEL', LOG_LEVELS, PROCESS_DEFAULTS.logLevel, problems);
  const shutdownTimeoutMs = int(
    'SHUTDOWN_TIMEOUT_MS',
    PROCESS_DEFAULTS.shutdownTimeoutMs,
    0,
    600_000,
  );

  const ksefTimeoutMs = int('KSEF_TIMEOUT_MS', DEFAULT_KSEF_TIMEOUT_MS, 1, 600_000);
  const defaults = DEFAULT_RESILIENCE_SETTINGS;
  const operationTimeoutMs = int('OPERATION_TIMEOUT_MS', defaults.operationTimeoutMs, 1, 600_000);
  const maxAttempts = int('KSEF_RETRY_ATTEMPTS', defaults.retry.maxAttempts, 1, 10);
  const failureThreshold = int(
    'CIRCUIT_FAILURE_THRESHOLD',
    defaults.circuitBreaker.failureThreshold,
    0,
    1_000,
  );
  const halfOpenAfterMs = int(
    'CIRCUIT_HALF_OPEN_AFTER_MS',
    defaults.circuitBreaker.halfOpenAfterMs,
    100,
    3_600_000,
  );
  const rateLimits = parseRateLimits(readText(env, 'KSEF_RATE_LIMITS'));
  if (!rateLimits.ok) {
    for (const problem of rateLimits.problems) problems.push(`KSEF_RATE_LIMITS: ${problem}`);
  }
  // A call's own timeout longer than the whole operation's deadline can never be used in full:
  // the call would be cut at the deadline, which reads like a KSeF timeout it was not.
  if (ksefTimeoutMs > operationTimeoutMs) {
    const which = readText(env, 'OPERATION_TIMEOUT_MS') === undefined ? ', its default' : '';
    problems.push(
      `KSEF_TIMEOUT_MS: ${ksefTimeoutMs} is longer than OPERATION_TIMEOUT_MS (${operationTimeoutMs}${which}), ` +
        'the deadline of a whole operation; raise OPERATION_TIMEOUT_MS or lower KSEF_TIMEOUT_MS',
    );
  }

  const statusConcurrency = int('KSEF_STATUS_CONCURRENCY', DEFAULT_STATUS_CONCURRENCY, 1, 64);
  // Production schemas are usually not browsable; everywhere else the playground needs it.
  const introspection = readBoolean(env, 'GRAPHQL_INTROSPECTION', ksefEnv !== 'prod', problems);
  const exposeErrorStack = readText(env, 'NODE_ENV') === 'development';
  const limitDefaults = DEFAULT_OPERATION_LIMITS;
  const limits = {
    maxDepth: int('MAX_QUERY_DEPTH', limitDefaults.maxDepth, 1, 100),
    maxAliases: int('MAX_ALIASES', limitDefaults.maxAliases, 0, 10_000),
    maxRootFields: int('MAX_ROOT_FIELDS', limitDefaults.maxRootFields, 1, 10_000),
    maxStatusLookups: int('MAX_STATUS_LOOKUPS', limitDefaults.maxStatusLookups, 1, 10_000),
  };
  const maxBodyBytes = int('MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES, 1_024, 100 * 1024 * 1024);
  const maxQueryBytes = int('MAX_QUERY_BYTES', DEFAULT_MAX_QUERY_BYTES, 1_024, 1024 * 1024);
  const maxQueryTokens = int(
    'MAX_QUERY_TOKENS',
    DEFAULT_MAX_QUERY_TOKENS,
    100,
    MAX_QUERY_TOKENS_CEILING,
  );
  const tracingConfig = tracing(env, problems);
  // Checked by the simulator when it starts (a missing schema is named there).
  const invoiceSchemasDir = readText(env, 'KSEF_SCHEMAS_DIR');
  const rawCors = readText(env, 'CORS_ORIGINS');
  const cors = rawCors === undefined ? undefined : parseCorsOrigins(rawCors);
  if (cors?.ok === false) {
    for (const problem of cors.problems) problems.push(`CORS_ORIGINS: ${problem}`);
  }
  const rawCallbacks = readText(env, 'SUBSCRIPTION_CALLBACK_ORIGINS');
  const callbacks = rawCallbacks === undefined ? undefined : parseCorsOrigins(rawCallbacks);
  if (callbacks?.ok === false) {
    for (const problem of callbacks.problems) {
      problems.push(`SUBSCRIPTION_CALLBACK_ORIGINS: ${problem}`);
    }
  }
  const rawSecrets = readText(env, 'GATEWAY_KEY_SECRETS');
  const sealing = rawSecrets === undefined ? undefined : parseSealingSecrets(rawSecrets);
  if (sealing?.ok === false) {
    for (const problem of sealing.problems) problems.push(`GATEWAY_KEY_SECRETS: ${problem}`);
  }

  const sharedVia = redisUrl(env, problems);

  if (problems.length > 0) throw new ConfigError(problems);

  const upstream: UpstreamTarget =
    customUrl !== undefined
      ? { mode: 'remote', ksefApiUrl: customUrl, source: 'custom' }
      : ksefEnv === 'sandbox'
        ? { mode: 'sandbox' }
        : { mode: 'remote', ksefApiUrl: OFFICIAL_KSEF_API_URLS[ksefEnv], source: 'official' };

  // The sandbox is for developing front-ends, which run on their own dev-server origin.
  const corsOrigins: CorsOrigins = cors?.ok
    ? cors.origins
    : upstream.mode === 'sandbox'
      ? 'loopback'
      : [];

  return {
    ksefEnv,
    upstream,
    listen: { port, host: bindHost },
    shutdownTimeoutMs,
    logLevel,
    simulatorPort,
    invoiceSchemasDir,
    tracing: tracingConfig,
    gateway: {
      ksef: {
        http: { timeoutMs: ksefTimeoutMs },
        resilience: {
          ...defaults,
          operationTimeoutMs,
          retry: { ...defaults.retry, maxAttempts },
          rateLimits: rateLimits.ok ? rateLimits.value : false,
          circuitBreaker: { failureThreshold, halfOpenAfterMs },
        },
      },
      loaders: { statusConcurrency },
      graphql: {
        introspection,
        exposeErrorStack,
        limits,
        maxQueryTokens,
        // A router in the sandbox runs beside it; elsewhere the operator names its routers.
        subscriptionCallbackOrigins: callbacks?.ok
          ? callbacks.origins
          : upstream.mode === 'sandbox'
            ? 'loopback'
            : [],
      },
      http: { maxBodyBytes, maxQueryBytes, playground: true, cors: corsOrigins },
      sessionKeys: { secrets: sealing?.ok ? sealing.secrets : [] },
      live: { ...DEFAULT_LIVE_STATUS_SETTINGS },
      replicas: { ...DEFAULT_REPLICA_SETTINGS, redisUrl: sharedVia },
    },
  };
}
