// The deadline of one GraphQL operation, as seen by the KSeF layer. An operation may make several
// upstream calls, wait in the rate limiter and retry; all of that together must end by one
// instant, so each piece asks "how much time is left?" instead of starting its own clock.
//
// The deadline is carried per caller (KsefCaller is created once per GraphQL request): either
// explicitly (`caller.deadline`, epoch ms) or, by default, fixed the first time the resilience
// layer sees that caller object — a WeakMap, so nothing outlives the request.
import { KsefError } from '../ksef-error';
import type { KsefCaller } from '../caller';

export const DEFAULT_OPERATION_TIMEOUT_MS = 25_000;

export interface DeadlineTracker {
  /** Epoch ms by which everything this caller's operation does must have ended. */
  deadlineOf(caller: KsefCaller | undefined): number;
}

export function createDeadlineTracker(
  operationTimeoutMs: number = DEFAULT_OPERATION_TIMEOUT_MS,
  now: () => number = Date.now,
): DeadlineTracker {
  const deadlines = new WeakMap<KsefCaller, number>();
  return {
    deadlineOf(caller) {
      if (caller === undefined) return now() + operationTimeoutMs;
      if (caller.deadline !== undefined) return caller.deadline;
      let deadline = deadlines.get(caller);
      if (deadline === undefined) {
        deadline = now() + operationTimeoutMs;
        deadlines.set(caller, deadline);
      }
      return deadline;
    },
  };
}

function aborted(): KsefError {
  return new KsefError({
    kind: 'unavailable',
    message: 'The operation was abandoned while waiting to call KSeF',
    transport: 'aborted',
  });
}

/** Resolves after `ms`, or rejects (KsefError, transport `aborted`) when the signal aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 && signal?.aborted !== true) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort(): void {
      clearTimeout(timer);
      reject(aborted());
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
