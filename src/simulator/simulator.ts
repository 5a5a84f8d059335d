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
// and the simulator's own storage (outside /v2, pre-signed, no Authorization, not rate-limited):
//   GET /storage/upo/{referenceNumber}/{documentReferenceNumber}      (UPO downloadUrl / upoDownloadUrl)
//   PUT /storage/batch/{referenceNumber}/parts/{ordinalNumber}        (batch partUploadRequests)
// Requests that match no route are logged with route 'UNMATCHED'.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RateLimitGroup } from '../ksef/wire/sessions.dto';
import { createCertificateSet } from './crypto/certificates';
import { createUrlSigner } from './crypto/url-signer';
import { createInvoiceVerifier, type SchemaValidationInfo } from './invoices/invoice-verifier';
import { createSchemaValidator } from './invoices/schema-validator';
import { createContinuationTokens } from './listing/continuation-token';
import { effectiveRateLimits } from './rate-limit/rate-limit-defaults';
import { createRateLimiter, type RateLimiter } from './rate-limit/sliding-window';
import { batchSessionRoutes } from './routes/batch-session.routes';
import { onlineSessionRoutes } from './routes/online-session.routes';
import type { RouteDeps } from './routes/route-deps';
import { securityRoutes } from './routes/security.routes';
import { sessionReadRoutes } from './routes/session-reads.routes';
import { storageRoutes } from './routes/storage.routes';
import { upoRoutes } from './routes/upo.routes';
import { seedDemoSessions } from './seed';
import { ApiError, tooManyRequests, unauthorized } from './server/api-error';
import { createFaultInjector, type Fault, type FaultInjector } from './server/faults';
import { createRequestLog, type RequestLog, type RequestLogEntry } from './server/request-log';
import { errorResponse, type SimResponse } from './server/responses';
import { createRouter, rateLimitGroupOfRoute, routeKey, type SimRequest } from './server/router';
import { createSessionEngine } from './state/session-engine';
import { createStore } from './state/store';
import { createTimers } from './state/timers';

export type { RateLimitGroup } from '../ksef/wire/sessions.dto';
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
  seed?: { token: string };
  /** Request-log entries kept in full (counts stay exact regardless); default 10 000. */
  requestLogMaxEntries?: number;
  /**
   * A folder laid out like MF's invoice schemas (the FA XSDs, `bazowe/`, `catalog.xml`): every
   * FA (2), FA (3) and FA_RR (1) invoice is then validated against its session's schema. Loaded
   * and compiled at start (a broken folder fails startSimulator). Unset: all other checks run.
   */
  invoiceSchemasDir?: string;
  problemDetailsByDefault?: never;
}

export interface SimulatorHandle {
  url: string;
  requestLog: RequestLog;
  faults: FaultInjector;
  /** Whether invoices are validated against the official XSDs, and for which form codes. */
  schemaValidation: SchemaValidationInfo;
  stop(): Promise<void>;
}

const DEFAULTS = {
  port: 4010,
  host: '127.0.0.1',
  processingDelayMs: 300,
  sessionValidityMs: 12 * 3_600_000,
  upoUrlTtlMs: 3 * 24 * 3_600_000,
};

const MAX_BODY_BYTES = 120 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: SimResponse): void {
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
  res.writeHead(response.status, headers);
  res.end(body);
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  const token = match?.[1]?.trim();
  return token ? token : null;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const config = { ...DEFAULTS, ...stripUndefined(options) };
  const timers = createTimers();
  const store = createStore();
  const verifier = createInvoiceVerifier(
    options.invoiceSchemasDir ? await createSchemaValidator(options.invoiceSchemasDir) : null,
  );
  const engine = createSessionEngine({
    store,
    timers,
    processingDelayMs: config.processingDelayMs,
    verifier,
  });
  const certificates = await createCertificateSet();
  let origin = '';
  const signer = createUrlSigner(() => origin);
  const rateLimits = effectiveRateLimits(
    typeof options.rateLimits === 'object' ? options.rateLimits : {},
  );
  const limiter: RateLimiter | null = options.rateLimits ? createRateLimiter(rateLimits) : null;
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
  ]);
  const requestLog = createRequestLog(options.requestLogMaxEntries);
  const faults = createFaultInjector();
  if (options.seed) {
    await seedDemoSessions(store, engine, options.seed.token, config.sessionValidityMs);
  }

  const sleep = (ms: number) => new Promise<void>((resolve) => timers.after(ms, resolve));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const match = router.match(method, url.pathname);
    const entry: RequestLogEntry = requestLog.record({
      method,
      path: url.pathname,
      route: match.kind === 'match' ? routeKey(match.route) : 'UNMATCHED',
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
    const fail = (error: ApiError) =>
      send(res, errorResponse(error, url.pathname, wantsProblemDetails));

    const body = await readBody(req);
    if (body === null) {
      send(res, { status: 413 });
      return;
    }
    if (match.kind === 'none') {
      fail(
        new ApiError('not-found', 404, [
          { code: 404, description: `Nie znaleziono zasobu ${url.pathname}.` },
        ]),
      );
      return;
    }
    if (match.kind === 'wrong-method') {
      res.setHeader('allow', match.allowed.join(', '));
      fail(
        new ApiError('method-not-allowed', 405, [
          { code: 405, description: `Metoda ${method} nie jest obsługiwana.` },
        ]),
      );
      return;
    }
    const fault = faults.take(routeKey(match.route));
    if (fault && !(await applyFault(fault, req, res))) return;

    const route = match.route;
    let token = '';
    try {
      if (route.auth) {
        const found = bearerToken(req.headers.authorization);
        if (!found) throw unauthorized();
        token = found;
        const group = rateLimitGroupOfRoute(route);
        if (limiter && group) {
          const decision = limiter.check(token, group);
          if (!decision.allowed) throw tooManyRequests(decision.detail, decision.retryAfterSeconds);
        }
      }
      const request: SimRequest = {
        method,
        path: url.pathname,
        params: match.params,
        query: url.searchParams,
        headers: req.headers,
        body,
        token,
      };
      send(res, await route.handle(request));
    } catch (error) {
      if (error instanceof ApiError) {
        fail(error);
      } else {
        send(res, {
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
        });
      }
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
        send(res, {
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
        send(res, {
          status: 200,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: '{"sessions": [{"referenceNumber": 42, "status": ',
        });
        return false;
    }
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, { status: 500 });
      else res.destroy();
    });
  });
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
  const address = server.address() as AddressInfo;
  const publicHost = ['0.0.0.0', '::', ''].includes(config.host) ? '127.0.0.1' : config.host;
  origin = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${address.port}`;

  let stopping: Promise<void> | null = null;
  return {
    url: `${origin}/v2`,
    requestLog,
    faults,
    schemaValidation: verifier.schemaValidation,
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
