// loadConfig turns the environment into a validated GatewayConfig. It is pure (the caller passes
// the environment; only main.ts reads process.env) and it reports every problem at once, so a
// misconfigured deployment is fixed in one round instead of one variable per restart.
//
// | variable                  | default                          | meaning                                                        |
// | ------------------------- | -------------------------------- | -------------------------------------------------------------- |
// | PORT                      | 4000                             | gateway port, 0..65535; 0 picks a free one                     |
// | HOST                      | 127.0.0.1                        | gateway bind address (0.0.0.0 in containers)                   |
// | KSEF_ENV                  | sandbox                          | sandbox (embedded simulator) · test · demo · prod              |
// | KSEF_API_URL              | unset                            | upstream base URL ending in /v2; overrides KSEF_ENV's host;    |
// |                           |                                  | when set no simulator is started                               |
// | SIMULATOR_PORT            | 4010                             | port of `npm run simulator` (sandbox mode uses a free port)    |
// | LOG_LEVEL                 | info                             | fatal · error · warn · info · debug · trace · silent           |
// | KSEF_TIMEOUT_MS           | 10000                            | timeout of one upstream KSeF call, 1..600000 ms                |
// | KSEF_STATUS_CONCURRENCY   | 4                                | most session-status reads in flight per request, 1..64         |
// | GRAPHQL_INTROSPECTION     | true, false with KSEF_ENV=prod   | schema introspection on/off (true/false/1/0/yes/no/on/off)     |
// | SHUTDOWN_TIMEOUT_MS       | 10000                            | how long SIGTERM waits for in-flight operations, 0..600000 ms  |
// | NODE_ENV                  | unset                            | `development` adds stack traces to GraphQL errors              |
// | OPERATION_TIMEOUT_MS      | 25000                            | deadline of one operation's KSeF work (retries, waits), ms     |
// | KSEF_RETRY_ATTEMPTS       | 3                                | attempts per read incl. the first, 1..10 (1: no retries)       |
// | KSEF_RATE_LIMITS          | on                               | on · off · overrides `group=perSec/perMin/perHour,…`           |
// | CIRCUIT_FAILURE_THRESHOLD | 5                                | consecutive upstream failures that open the circuit; 0: off    |
// | CIRCUIT_HALF_OPEN_AFTER_MS| 10000                            | how long an open circuit fails fast before a trial call        |
// | MAX_QUERY_DEPTH           | 12                               | deepest field nesting of an operation                          |
// | MAX_ALIASES               | 30                               | aliases per operation                                          |
// | MAX_ROOT_FIELDS           | 20                               | root fields per operation                                      |
// | MAX_STATUS_LOOKUPS        | 50                               | distinct sessions one operation may look up                    |
// | MAX_BODY_BYTES            | 1048576                          | largest request body; larger → 413                             |
//
// Tracing (OpenTelemetry, off by default; the standard OTel variable names):
//
// | OTEL_EXPORTER_OTLP_ENDPOINT        | unset                | OTLP/HTTP collector base URL; setting it turns tracing on    |
// |                                    |                      | (spans go to <url>/v1/traces)                                |
// | OTEL_EXPORTER_OTLP_TRACES_ENDPOINT | unset                | the full traces URL; wins over the above; turns tracing on   |
// | OTEL_TRACES_EXPORTER               | unset                | `otlp` turns tracing on (default endpoint                    |
// |                                    |                      | http://localhost:4318/v1/traces); `none` keeps it off        |
// | OTEL_SERVICE_NAME                  | ksef-graphql-gateway | `service.name` of the spans                                  |
// | OTEL_SDK_DISABLED                  | false                | true: no tracing whatever the variables above say            |
//
// The exporter itself reads OTEL_EXPORTER_OTLP_HEADERS / _TIMEOUT (collector credentials never
// pass through this config), the SDK OTEL_TRACES_SAMPLER(_ARG) and OTEL_RESOURCE_ATTRIBUTES.
//
// Empty values count as unset, so `KSEF_API_URL=` in an .env file means "no override".

import { parseRateLimits } from '../ksef/resilience/rate-limits';
import type { RateLimitTable } from '../ksef/resilience/rate-limits';

export type KsefEnvironment = 'sandbox' | 'test' | 'demo' | 'prod';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

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

/** The official KSeF API 2.0 base URLs (KSeF NOTES §1). */
export const OFFICIAL_KSEF_API_URLS: Readonly<Record<Exclude<KsefEnvironment, 'sandbox'>, string>> =
  {
    test: 'https://api-test.ksef.mf.gov.pl/v2',
    demo: 'https://api-demo.ksef.mf.gov.pl/v2',
    prod: 'https://api.ksef.mf.gov.pl/v2',
  };

export const DEFAULT_SERVICE_NAME = 'ksef-graphql-gateway';

export const DEFAULTS = {
  port: 4000,
  host: '127.0.0.1',
  ksefEnv: 'sandbox',
  simulatorPort: 4010,
  logLevel: 'info',
  ksefTimeoutMs: 10_000,
  ksefStatusConcurrency: 4,
  shutdownTimeoutMs: 10_000,
  operationTimeoutMs: 25_000,
  ksefRetryAttempts: 3,
  circuitFailureThreshold: 5,
  circuitHalfOpenAfterMs: 10_000,
  maxQueryDepth: 12,
  maxAliases: 30,
  maxRootFields: 20,
  maxStatusLookups: 50,
  maxBodyBytes: 1024 * 1024,
} as const;

interface CommonConfig {
  port: number;
  host: string;
  ksefEnv: KsefEnvironment;
  /** Port of the standalone simulator (`npm run simulator`); sandbox mode uses a free port. */
  simulatorPort: number;
  logLevel: LogLevel;
  ksefTimeoutMs: number;
  ksefStatusConcurrency: number;
  introspection: boolean;
  /** Stack traces in GraphQL errors: only with NODE_ENV=development. */
  exposeErrorStack: boolean;
  shutdownTimeoutMs: number;
  /** Deadline of one operation's upstream work, retries and rate-limit waits included. */
  operationTimeoutMs: number;
  ksefRetryAttempts: number;
  /** Per-token limits per KSeF group; false: no gateway-side limiter. */
  ksefRateLimits: RateLimitTable | false;
  circuitFailureThreshold: number;
  circuitHalfOpenAfterMs: number;
  maxQueryDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxStatusLookups: number;
  maxBodyBytes: number;
  tracing: TracingConfig;
}

/** `tracesUrl` undefined: the OTLP exporter's default (http://localhost:4318/v1/traces). */
export type TracingConfig =
  { enabled: false } | { enabled: true; serviceName: string; tracesUrl: string | undefined };

/**
 * `sandbox`: no upstream configured; main.ts starts the embedded simulator and learns its URL
 * only then. `remote`: a real upstream, either an official host (`official`) or KSEF_API_URL
 * (`custom`, which also wins over KSEF_ENV=sandbox).
 */
export type UpstreamConfig =
  | { mode: 'sandbox'; ksefApiUrl: undefined; upstream: 'simulator' }
  | { mode: 'remote'; ksefApiUrl: string; upstream: 'official' | 'custom' };

export type GatewayConfig = CommonConfig & UpstreamConfig;

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

/** A value as the user wrote it, shortened so a pasted secret does not fill the terminal. */
function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${name}: ${shown(raw)} is not an integer from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

function oneOf<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
  problems: string[],
): T {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const found = allowed.find((v) => v === raw.toLowerCase());
  if (found === undefined) {
    problems.push(`${name}: ${shown(raw)} is not one of ${allowed.join(', ')}`);
    return fallback;
  }
  return found;
}

const truthy = new Set(['true', '1', 'yes', 'on']);
const falsy = new Set(['false', '0', 'no', 'off']);

function boolean(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const lower = raw.toLowerCase();
  if (truthy.has(lower)) return true;
  if (falsy.has(lower)) return false;
  problems.push(`${name}: ${shown(raw)} is not a boolean (true/false, 1/0, yes/no, on/off)`);
  return fallback;
}

function host(env: Env, problems: string[]): string {
  const raw = read(env, 'HOST');
  if (raw === undefined) return DEFAULTS.host;
  // A bind address as node:net takes it: a hostname or a bare IPv4/IPv6 address (`::`, not
  // `[::]`), nothing with a scheme, port or path.
  if (!/^[A-Za-z0-9.\-:]+$/.test(raw)) {
    problems.push(`HOST: ${shown(raw)} is not a host name or IP address`);
    return DEFAULTS.host;
  }
  return raw;
}

function ksefApiUrl(env: Env, problems: string[]): string | undefined {
  const raw = read(env, 'KSEF_API_URL');
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

function otlpUrl(env: Env, name: string, problems: string[]): string | undefined {
  const raw = read(env, name);
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
  const exporter = oneOf(env, 'OTEL_TRACES_EXPORTER', ['otlp', 'none'] as const, 'otlp', problems);
  const disabled = boolean(env, 'OTEL_SDK_DISABLED', false, problems);
  const asked = read(env, 'OTEL_TRACES_EXPORTER') !== undefined && exporter === 'otlp';
  if (disabled || exporter === 'none' || (base === undefined && traces === undefined && !asked)) {
    return { enabled: false };
  }
  // As the OTLP exporter specification says: the signal URL as given, the base URL + /v1/traces.
  const tracesUrl =
    traces ?? (base === undefined ? undefined : `${base.replace(/\/+$/, '')}/v1/traces`);
  return {
    enabled: true,
    serviceName: read(env, 'OTEL_SERVICE_NAME') ?? DEFAULT_SERVICE_NAME,
    tracesUrl,
  };
}

export function loadConfig(env: Env): GatewayConfig {
  const problems: string[] = [];

  const port = integer(env, 'PORT', DEFAULTS.port, 0, 65535, problems);
  const bindHost = host(env, problems);
  const ksefEnv = oneOf(env, 'KSEF_ENV', KSEF_ENVIRONMENTS, DEFAULTS.ksefEnv, problems);
  const customUrl = ksefApiUrl(env, problems);
  const simulatorPort = integer(env, 'SIMULATOR_PORT', DEFAULTS.simulatorPort, 0, 65535, problems);
  const logLevel = oneOf(env, 'LOG_LEVEL', LOG_LEVELS, DEFAULTS.logLevel, problems);
  const ksefTimeoutMs = integer(
    env,
    'KSEF_TIMEOUT_MS',
    DEFAULTS.ksefTimeoutMs,
    1,
    600_000,
    problems,
  );
  const ksefStatusConcurrency = integer(
    env,
    'KSEF_STATUS_CONCURRENCY',
    DEFAULTS.ksefStatusConcurrency,
    1,
    64,
    problems,
  );
  // Production schemas are usually not browsable; everywhere else the playground needs it.
  const introspection = boolean(env, 'GRAPHQL_INTROSPECTION', ksefEnv !== 'prod', problems);
  const shutdownTimeoutMs = integer(
    env,
    'SHUTDOWN_TIMEOUT_MS',
    DEFAULTS.shutdownTimeoutMs,
    0,
    600_000,
    problems,
  );
  const exposeErrorStack = read(env, 'NODE_ENV') === 'development';
  const limitsOf = (name: string, fallback: number, min: number, max: number): number =>
    integer(env, name, fallback, min, max, problems);
  const operationTimeoutMs = limitsOf(
    'OPERATION_TIMEOUT_MS',
    DEFAULTS.operationTimeoutMs,
    1,
    600_000,
  );
  const ksefRetryAttempts = limitsOf('KSEF_RETRY_ATTEMPTS', DEFAULTS.ksefRetryAttempts, 1, 10);
  const circuitFailureThreshold = limitsOf(
    'CIRCUIT_FAILURE_THRESHOLD',
    DEFAULTS.circuitFailureThreshold,
    0,
    1_000,
  );
  const circuitHalfOpenAfterMs = limitsOf(
    'CIRCUIT_HALF_OPEN_AFTER_MS',
    DEFAULTS.circuitHalfOpenAfterMs,
    100,
    3_600_000,
  );
  const maxQueryDepth = limitsOf('MAX_QUERY_DEPTH', DEFAULTS.maxQueryDepth, 1, 100);
  const maxAliases = limitsOf('MAX_ALIASES', DEFAULTS.maxAliases, 0, 10_000);
  const maxRootFields = limitsOf('MAX_ROOT_FIELDS', DEFAULTS.maxRootFields, 1, 10_000);
  const maxStatusLookups = limitsOf('MAX_STATUS_LOOKUPS', DEFAULTS.maxStatusLookups, 1, 10_000);
  const maxBodyBytes = limitsOf('MAX_BODY_BYTES', DEFAULTS.maxBodyBytes, 1_024, 100 * 1024 * 1024);
  const tracingConfig = tracing(env, problems);
  const rateLimits = parseRateLimits(read(env, 'KSEF_RATE_LIMITS'));
  if (!rateLimits.ok) {
    for (const problem of rateLimits.problems) problems.push(`KSEF_RATE_LIMITS: ${problem}`);
  }
  if (operationTimeoutMs < ksefTimeoutMs && read(env, 'OPERATION_TIMEOUT_MS') !== undefined) {
    problems.push(
      `OPERATION_TIMEOUT_MS: ${operationTimeoutMs} is shorter than KSEF_TIMEOUT_MS (${ksefTimeoutMs})`,
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const common: CommonConfig = {
    port,
    host: bindHost,
    ksefEnv,
    simulatorPort,
    logLevel,
    ksefTimeoutMs,
    ksefStatusConcurrency,
    introspection,
    exposeErrorStack,
    shutdownTimeoutMs,
    operationTimeoutMs,
    ksefRetryAttempts,
    ksefRateLimits: rateLimits.ok ? rateLimits.value : false,
    circuitFailureThreshold,
    circuitHalfOpenAfterMs,
    maxQueryDepth,
    maxAliases,
    maxRootFields,
    maxStatusLookups,
    maxBodyBytes,
    tracing: tracingConfig,
  };
  if (customUrl !== undefined) {
    return { ...common, mode: 'remote', ksefApiUrl: customUrl, upstream: 'custom' };
  }
  if (ksefEnv === 'sandbox') {
    return { ...common, mode: 'sandbox', ksefApiUrl: undefined, upstream: 'simulator' };
  }
  return {
    ...common,
    mode: 'remote',
    ksefApiUrl: OFFICIAL_KSEF_API_URLS[ksefEnv],
    upstream: 'official',
  };
}
