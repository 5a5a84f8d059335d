// Liveness and readiness. /health says the process serves HTTP; /ready says it can do its job:
// the schema is built and KSeF answers a cheap public call (GET /security/public-key-certificates,
// no token, not part of any caller's rate-limit budget).
import type { Route } from './routes';
import { sendJson } from './routes';

export function createHealthRoute(): Route {
  return {
    method: 'GET',
    path: '/health',
    handler: (_request, response) => {
      sendJson(response, 200, { status: 'ok' });
      return Promise.resolve();
    },
  };
}

export interface ReadinessCheck {
  /** Resolves true when the upstream answered; never rejects. */
  (): Promise<boolean>;
}

/**
 * Readiness probes arrive every few seconds from several places; one upstream call per second at
 * most is plenty, and concurrent probes share the call in flight.
 */
export function createCachedReadinessCheck(
  probe: () => Promise<unknown>,
  ttlMs = 1_000,
): ReadinessCheck {
  let last: { ok: boolean; at: number } | undefined;
  let inFlight: Promise<boolean> | undefined;
  return () => {
    if (last && Date.now() - last.at < ttlMs) return Promise.resolve(last.ok);
    inFlight ??= probe()
      .then(
        () => true,
        () => false,
      )
      .then((ok) => {
        last = { ok, at: Date.now() };
        inFlight = undefined;
        return ok;
      });
    return inFlight;
  };
}

/**
 * `details` adds what an operator should see beside readiness, e.g. `sharing: per-process` while
 * Redis is away: the replica still serves (200), only with per-process limits.
 */
export function createReadinessRoute(
  isReady: ReadinessCheck,
  details?: () => Record<string, string>,
): Route {
  return {
    method: 'GET',
    path: '/ready',
    handler: async (_request, response) => {
      const ready = await isReady();
      sendJson(response, ready ? 200 : 503, {
        status: ready ? 'ready' : 'unavailable',
        ...details?.(),
      });
    },
  };
}
