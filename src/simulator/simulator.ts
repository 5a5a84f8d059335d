// The embedded KSeF simulator: a real node:http server speaking the KSeF API 2.0 sessions area
// under /v2, stateful and time-driven, with real cryptography, so that what works here works
// against the KSeF test environment. Front-end teams run it offline (`npm run simulator`, or
// inside `npm start` in sandbox mode); tests start it on port 0.
//
// Route keys ('METHOD /template') name routes in the request log and the fault injector:
//   GET /security/public-key-certificates      GET /rate-limits
//   GET /sessions                              GET /sessions/{referenceNumber}
//   POST /sessions/online                      POST /sessions/online/{referenceNumber}/close
//   POST /sessions/online/{referenceNumber}/invoices
//   POST /sessions/batch                       POST /sessions/batch/{referenceNumber}/close
//   GET /sessions/{referenceNumber}/invoices   GET /sessions/{referenceNumber}/invoices/failed
//   GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}
//   GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}/upo
//   GET /sessions/{referenceNumber}/invoices/ksef/{ksefNumber}/upo
//   GET /sessions/{referenceNumber}/upo/{upoReferenceNumber}
//   POST /auth/challenge                       POST /auth/ksef-token
//   GET /auth/{referenceNumber}                POST /auth/token/redeem
//   POST /auth/token/refresh
// and the simulator's own storage (outside /v2, pre-signed, no Authorization, not rate-limited):
//   GET /storage/upo/{referenceNumber}/{documentReferenceNumber}      (UPO downloadUrl / upoDownloadUrl)
//   PUT /storage/batch/{referenceNumber}/parts/{ordinalNumber}        (batch partUploadRequests)
// Requests that match no route are logged with route 'UNMATCHED'.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RateLimitGroup } from '../ksef/wire/sessions.dto';
import { createAuthentication } from './auth/authentication';
import { DEFAULT_AUTH_SETTINGS, type AuthSettings } from './auth/auth-settings';
import type { IssuedKsefToken } from './auth/ksef-tokens';
import { createCertificateSet } from './crypto/certificates';
import { createUrlSigner } from './crypto/url-signer';
import { createInvoiceVerifier, type SchemaValidationInfo } from './invoices/invoice-verifier';
import { createSchemaValidator } from './invoices/schema-validator';
import { createContinuationTokens } from './listing/continuation-token';
import { effectiveRateLimits } from './rate-limit/rate-limit-defaults';
import { createRateLimiter, type RateLimiter } from './rate-limit/sliding-window';
import { batchSessionRoutes } from './routes/batch-session.routes';
import { authRoutes } from './routes/auth.routes';
import { onlineSessionRoutes } from './routes/online-session.routes';
import type { RouteDeps } from './routes/route-deps';
import { securityRoutes } from './routes/security.routes';
import { sessionReadRoutes } from './routes/session-reads.routes';
import { storageRoutes } from './routes/storage.routes';
import { upoRoutes } from './routes/upo.routes';
import { seedDemoSessions } from './seed';
import { bodyLimitOf } from './routes/body-limits';
import {
  ApiError,
  payloadTooLarge,
  tooManyRequests,
  unauthorized,
  validationError,
} from './server/api-error';
import { declaredLength, hasBody, readBody } from './server/body-reader';
import { createFaultInjector, type Fault, type FaultInjector } from './server/faults';
import { createRequestLog, type RequestLog, type RequestLogEntry } from './server/request-log';
import { errorResponse, type SimResponse } from './server/responses';
import {
  createRouter,
  rateLimitGroupOfRoute,
  routeKey,
  type RouteDefinition,
  type SimRequestHead,
} from './server/router';
import {
  nipContextIdentity,
  plainBearerIdentity,
  type CallerIdentity,
} from './state/caller-identity';
import { createSessionEngine } from './state/session-engine';
import { createStore } from './state/store';
import { createTimers, reportToStderr } from './state/timers';

export type { RateLimitGroup } from '../ksef/wire/sessions.dto';
export type { AuthSettings } from './auth/auth-settings';
export type { IssuedKsefToken } from './auth/ksef-tokens';
export type { Fault, FaultInjector } from './server/faults';
export type { RequestLog, RequestLogEntry } from './server/request-log';
export type { SchemaValidationInfo } from './invoices/invoice-verifier';
export { describeSchemaValidation } from './invoices/invoice-verifier';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  processingDelayMs?: number;
  sessionValidityMs?: number;
  upoUrlTtlMs?: number;
  rateLimits?:
    | boolean
    | Partial<Record<RateLimitGroup, { perSecond: number; perMinute: number; perHour: number }>>;
  /**
   * Finished demo sessions for a free-form bearer `token`; with `nip`, a KSeF token for that NIP
   * too (`seededKsefToken`), whose context gets the same demo sessions (sandbox mode).
   */
  seed?: { token: string; nip?: string };
  /** Lifetimes of challenges and tokens and the clock they run on (auth/auth-settings.ts). */
  auth?: Partial<AuthSettings>;
  /** Request-log entries kept in full (counts stay exact regardless); default 10 000. */
  requestLogMaxEntries?: number;
  /**
   * A folder laid out like MF's invoice schemas (the FA XSDs, `bazowe/`, `catalog.xml`): every
   * FA (2), FA (3) and FA_RR (1) invoice is then validated against its session's schema. Loaded
   * and compiled at start (a broken folder fails startSimulator). Unset: all other checks run.
   */
  invoiceSchemasDir?: string;
  problemDetailsByDefault?: never;
  /**
   * Told of an unexpected error in background processing (the session then shows 500); default:
   * one line on stderr. Such an error never reaches the process.
   */
  onBackgroundError?: (error: unknown) => void;
}

/** Sizes of the simulator's own bookkeeping, for soak runs and tests of its bounds. */
export interface SimulatorStats {
  /** Tokens the rate limiter tracks (0 with rate limits off; capped, idle ones forgotten). */
  rateLimitedTokens: number;
  /** Request times the rate limiter holds across all tokens and groups. */
  rateLimitedRequests: number;
  /** Background steps scheduled and not yet run. */
  pendingBackgroundSteps: number;
  /** Callers (contexts) with sessions, and their sessions: data, kept for the simulator's life. */
  callerContexts: number;
  sessions: number;
  /** Outstanding challenges and authentication operations (both capped), KSeF tokens issued. */
  authChallenges: number;
  authOperations: number;
  ksefTokens: number;
}

/** The simulator's KSeF tokens: KSeF makes them in its web app, the simulator on request. */
export interface SimulatorAuthHandle {
  /** A new KSeF token that logs into the context of `nip` (POST /auth/ksef-token). */
  issueKsefToken(request: { nip: string }): IssuedKsefToken;
  /** Revokes a KSeF token (by token or reference): its logins fail, its refreshes answer 21301. */
  revokeKsefToken(tokenOrReference: string): boolean;
}

export interface SimulatorHandle {
  url: string;
  requestLog: RequestLog;
  faults: FaultInjector;
  /** Whether invoices are validated against the official XSDs, and for which form codes. */
  schemaValidation: SchemaValidationInfo;
  auth: SimulatorAuthHandle;
  /** The KSeF token made at start for `seed.nip`; absent without one. */
  seededKsefToken?: IssuedKsefToken;
  stats(): SimulatorStats;
  stop(): Promise<void>;
}

/** What `startSimulator` uses for what it is not given (SIMULATOR_* variables fill some). */
export const SIMULATOR_DEFAULTS = {
  port: 4010,
  host: '127.0.0.1',
  processingDelayMs: 300,
  sessionValidityMs: 12 * 3_600_000,
  upoUrlTtlMs: 3 * 24 * 3_600_000,
};

/**
 * What may still be unread of a refused request's body for its connection to be kept: node
 * drains that much and serves the next request; with more, the connection is closed after the
 * answer instead of reading what was refused.
 */
const DRAIN_LIMIT_BYTES = 64 * 1024;

function send(req: IncomingMessage, res: ServerResponse, response: SimResponse): void {
  if (res.headersSent || res.destroyed) return;
  const body =
    response.body === undefined
      ? undefined
      : Buffer.isBuffer(response.body)
        ? response.body
        : Buffer.from(
            typeof response.body === 'string' ? response.body : JSON.stringify(response.body),
            'utf8',
          );
  const headers: Record<string, string | number> = { ...(response.headers ?? {}) };
  if (body) headers['content-length'] = body.length;
  if (hasBody(req.headers) && !req.complete) {
    const unread = declaredLength(req.headers);
    if (unread === null || unread > DRAIN_LIMIT_BYTES) headers.connection = 'close';
  }
  res.writeHead(response.status, headers);
  res.end(body);
}

function unexpectedError(error: unknown): SimResponse {
  return {
    status: 500,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: {
      exception: {
        exceptionDetailList: [
          {
            exceptionCode: 500,
            exceptionDescription: 'Wystąpił nieoczekiwany błąd.',
            details: [String(error)],
          },
        ],
        timestamp: new Date().toISOString(),
      },
    },
  };
}

function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://simulator.invalid');
  } catch {
    return null;
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  const token = match?.[1]?.trim();
  return token ? token : null;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const config = { ...SIMULATOR_DEFAULTS, ...stripUndefined(options) };
  const report = options.onBackgroundError ?? reportToStderr;
  const timers = createTimers(report);
  const store = createStore();
  const verifier = createInvoiceVerifier(
    options.invoiceSchemasDir ? await createSchemaValidator(options.invoiceSchemasDir) : null,
  );
  const engine = createSessionEngine({
    store,
    timers,
    processingDelayMs: config.processingDelayMs,
    verifier,
    report,
  });
  const certificates = await createCertificateSet();
  let origin = '';
  const signer = createUrlSigner(() => origin);
  const rateLimits = effectiveRateLimits(
    typeof options.rateLimits === 'object' ? options.rateLimits : {},
  );
  const limiter: RateLimiter | null = options.rateLimits ? createRateLimiter(rateLimits) : null;
  const auth = createAuthentication(certificates, {
    ...DEFAULT_AUTH_SETTINGS,
    ...stripUndefined(options.auth ?? {}),
  });
  const deps: RouteDeps = {
    store,
    engine,
    certificates,
    signer,
    tokens: createContinuationTokens(),
    sessionValidityMs: config.sessionValidityMs,
    upoUrlTtlMs: config.upoUrlTtlMs,
    rateLimits,
    timers,
  };
  const router = createRouter([
    ...securityRoutes(deps),
    ...sessionReadRoutes(deps),
    ...onlineSessionRoutes(deps),
    ...batchSessionRoutes(deps),
    ...upoRoutes(deps),
    ...storageRoutes(deps),
    ...authRoutes(auth),
  ]);
  const requestLog = createRequestLog(options.requestLogMaxEntries);
  const faults = createFaultInjector();
  let seededKsefToken: IssuedKsefToken | undefined;
  if (options.seed) {
    const { token, nip } = options.seed;
    await seedDemoSessions(store, engine, plainBearerIdentity(token), config.sessionValidityMs);
    if (nip !== undefined) {
      seededKsefToken = auth.ksefTokens.issue(nip);
      await seedDemoSessions(store, engine, nipContextIdentity(nip), config.sessionValidityMs);
    }
  }

  const sleep = (ms: number) => new Promise<void>((resolve) => timers.after(ms, resolve));

  /**
   * The caller's context, once its token is present and usable and the context is within its
   * rate limit (401 / 429 otherwise). Limits count per context, as KSeF's do: two access tokens
   * of one NIP share one budget.
   */
  function authorize(bearer: string | null, route: RouteDefinition): CallerIdentity {
    if (!bearer) throw unauthorized();
    const caller = auth.identify(bearer);
    const group = rateLimitGroupOfRoute(route);
    if (limiter && group) {
      const decision = limiter.check(caller.key, group);
      if (!decision.allowed) throw tooManyRequests(decision.detail, decision.retryAfterSeconds);
    }
    return caller;
  }

  // Everything that can refuse a request without its body (route, method, faults, token, rate
  // limit, the route's own checks, a declared length over the cap) does so before a byte of the
  // body is read, and the body is then read only up to the route's cap.
  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    expectsContinue: boolean,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = parseTarget(req.url);
    const path = url?.pathname ?? '/';
    const match = url ? router.match(method, path) : null;
    const entry: RequestLogEntry = requestLog.record({
      method,
      path,
      route: match?.kind === 'match' ? routeKey(match.route) : 'UNMATCHED',
      status: 0,
      at: new Date(),
      requestId:
        typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : undefined,
      hadAuthorization: req.headers.authorization !== undefined,
    });
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    const wantsProblemDetails =
      String(req.headers['x-error-format'] ?? '').toLowerCase() === 'problem-details';
    const reply = (response: SimResponse) => send(req, res, response);
    const fail = (error: ApiError) => reply(errorResponse(error, path, wantsProblemDetails));

    try {
      if (!url || !match) throw validationError('The request target is not a valid URL.');
      if (match.kind === 'none') {
        throw new ApiError('not-found', 404, [
          { code: 404, description: `Nie znaleziono zasobu ${path}.` },
        ]);
      }
      if (match.kind === 'wrong-method') {
        res.setHeader('allow', match.allowed.join(', '));
        throw new ApiError('method-not-allowed', 405, [
          { code: 405, description: `Metoda ${method} nie jest obsługiwana.` },
        ]);
      }
      const route = match.route;
      const fault = faults.take(routeKey(route));
      if (fault && !(await applyFault(fault, req, res))) return;
      // With drop-response the work is done and the answer never arrives.
      const dropResponse = fault?.type === 'drop-response';

      const bearer = bearerToken(req.headers.authorization);
      const caller = route.auth ? authorize(bearer, route) : null;
      if (match.malformedSegment !== undefined) {
        throw validationError(
          `The path segment '${match.malformedSegment.slice(0, 200)}' is not valid percent-encoding.`,
        );
      }
      const head: SimRequestHead = {
        method,
        path,
        params: match.params,
        query: url.searchParams,
        headers: req.headers,
        caller,
        bearer,
        clientIp: req.socket.remoteAddress ?? '',
      };
      const refused = route.admit?.(head);
      if (refused) {
        reply(refused);
        return;
      }
      const limit = bodyLimitOf(routeKey(route));
      const tooLarge = () =>
        reply(
          route.bodyTooLarge?.(limit) ??
            errorResponse(payloadTooLarge(limit), path, wantsProblemDetails),
        );
      if ((declaredLength(req.headers) ?? 0) > limit) {
        tooLarge();
        return;
      }
      if (expectsContinue) res.writeContinue();
      const read = await readBody(req, limit);
      if (read.kind === 'aborted') {
        res.destroy();
        return;
      }
      if (read.kind === 'too-large') {
        tooLarge();
        return;
      }
      const response = await route.handle({ ...head, body: read.body });
      if (dropResponse) req.socket.destroy();
      else reply(response);
    } catch (error) {
      if (error instanceof ApiError) fail(error);
      else reply(unexpectedError(error));
    }
  }

  /** Applies a fault; true when the request should then be answered normally. */
  async function applyFault(
    fault: Fault,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    switch (fault.type) {
      case 'delay':
        await sleep(fault.ms);
        return !res.destroyed;
      case 'status':
        send(req, res, {
          status: fault.status,
          headers: { 'content-type': 'application/json; charset=utf-8', ...(fault.headers ?? {}) },
          body: fault.body ?? '',
        });
        return false;
      case 'hang':
        return false;
      case 'reset':
        req.socket.destroy();
        return false;
      case 'malformed':
        send(req, res, {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: '{"sessions": [{"referenceNumber": 42, "status": ',
        });
        return false;
      case 'drop-response':
        return true;
    }
  }

  const sockets = new Set<Socket>();
  const dispatch = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean) => {
    handle(req, res, expectsContinue).catch(() => res.destroy());
  };
  const server = createServer((req, res) => dispatch(req, res, false));
  // `Expect: 100-continue` is answered only once the request has passed every check that needs
  // no body, so a client that waits for it never sends a body that would be refused.
  server.on('checkContinue', (req, res) => dispatch(req, res, true));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A listening server can still fail (an accept error such as EMFILE); reported, never fatal.
  server.on('error', report);
  const address = server.address() as AddressInfo;
  const publicHost = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host;
  origin = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${address.port}`;

  let stopping: Promise<void> | null = null;
  return {
    url: `${origin}/v2`,
    requestLog,
    faults,
    schemaValidation: verifier.schemaValidation,
    auth: {
      issueKsefToken: ({ nip }) => auth.ksefTokens.issue(nip),
      revokeKsefToken: (tokenOrReference) => auth.ksefTokens.revoke(tokenOrReference),
    },
    ...(seededKsefToken !== undefined && { seededKsefToken }),
    stats() {
      const limited = limiter?.stats();
      return {
        rateLimitedTokens: limited?.trackedTokens ?? 0,
        rateLimitedRequests: limited?.trackedRequests ?? 0,
        pendingBackgroundSteps: timers.pending(),
        callerContexts: store.stats().contexts,
        sessions: store.stats().sessions,
        authChallenges: auth.stats().challenges,
        authOperations: auth.stats().operations,
        ksefTokens: auth.stats().ksefTokens,
      };
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        timers.clearAll();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }).then(() => verifier.close());
      return stopping;
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
