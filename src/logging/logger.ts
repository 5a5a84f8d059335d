// The one pino logger factory. The gateway forwards callers' KSeF bearer tokens and handles
// session keys, so redaction is configured here once rather than trusted to every call site:
// whatever shape a log line takes (a request, a DTO, an error), the secret-bearing keys below
// are censored at the first and second level, and in request/response headers anywhere we log them.
import pino from 'pino';
import type { DestinationStream, Level, Logger } from 'pino';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  /** A pino level (`fatal` … `trace`) or `silent`. */
  level: string;
  /** Where lines go; standard output when omitted (tests pass an in-memory stream). */
  destination?: DestinationStream;
  /** Logger name, shown as `name` on each line. */
  name?: string;
}

export const REDACTED = '[Redacted]';

// Keys that hold a secret wherever they appear: bearer tokens, KSeF access/refresh/KSeF tokens,
// the AES session key and its IV, the RSA-wrapped key, passwords and API keys.
const secretKeys = [
  'authorization',
  'Authorization',
  'token',
  'accessToken',
  'refreshToken',
  'authenticationToken',
  'ksefToken',
  'encryptedToken',
  'bearer',
  'password',
  'secret',
  'apiKey',
  'privateKey',
  'symmetricKey',
  'encryptedSymmetricKey',
  'initializationVector',
  'generatedKey',
  'cookie',
  'set-cookie',
] as const;

// Header containers as pino-http, axios and our own code name them.
const headerContainers = [
  'req.headers',
  'request.headers',
  'res.headers',
  'response.headers',
  'headers',
  'config.headers',
  'err.config.headers',
  'error.config.headers',
  '*.headers',
] as const;

function quoted(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
}

function topLevel(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
}

/** Every path pino censors (exported so tests and reviewers can see the whole list). */
export const REDACT_PATHS: readonly string[] = [
  ...secretKeys.map(topLevel),
  ...secretKeys.map((key) => `*${quoted(key)}`),
  ...secretKeys.map((key) => `*.*${quoted(key)}`),
  ...headerContainers.flatMap((container) =>
    ['authorization', 'Authorization', 'cookie', 'x-api-key'].map(
      (h) => `${container}${quoted(h)}`,
    ),
  ),
];

const levels: ReadonlySet<string> = new Set<Level | 'silent'>([
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
]);

export function createLogger(options: CreateLoggerOptions): Logger {
  if (!levels.has(options.level)) {
    throw new Error(`Unknown log level "${options.level}"`);
  }
  const pinoOptions: pino.LoggerOptions = {
    level: options.level,
    ...(options.name !== undefined && { name: options.name }),
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  };
  return options.destination === undefined
    ? pino(pinoOptions)
    : pino(pinoOptions, options.destination);
}
