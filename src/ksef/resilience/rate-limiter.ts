// The gateway's own rate limiter: one set of sliding windows (last second, minute, hour — KSeF's
// three, KSeF docs: limity/limity-api.md) per caller and KSeF rate-limit group. A call that would breach a window is
// queued until it fits, if that moment comes before the operation's deadline; otherwise it is
// refused at once with `rate-limited` and the number of seconds to wait. So KSeF sees a steady
// stream inside its limits instead of bursts that earn escalating 429 blocks.
//
// KSeF counts a call when it arrives; the limiter can only know when it sent it and when the
// answer came. Arrival lies between the two, and trips differ (a fresh TLS handshake, a busy event
// loop on either side), so a call spaced exactly one window after the call it replaces can land
// inside KSeF's window: at three times the limit, a limiter without a margin let KSeF answer
// 9–14 × 429 per 10 s burst. Therefore each call is counted
//   - while it is queued, at its planned time;
//   - once released, from the moment it really left (a timer may fire late), plus `marginMs`
//     for the trip;
//   - once answered, from the moment the answer arrived: an upper bound of its arrival at KSeF;
// and a queued call checks again when its turn comes, against what happened meanwhile. Measured
// at three times the limit against the simulator on a busy machine: counting from the send time
// with a 200 ms margin still let KSeF answer 1–19 × 429 per 3 s burst; counting answered calls
// from their answer, none (with a margin of 0 or 100 ms alike).
//
// After KSeF has answered 429 anyway (another gateway instance, another app with the same token),
// `holdBack` blocks that caller's group until Retry-After has passed: no call is sent into a block.
//
// Tokens are never stored: entries are keyed by the caller's KSeF context (caller-context.ts, a
// hash of the context its token's claims name, else of the token). Entries whose windows are
// empty and whose block has passed are evicted, and the number of entries is bounded.
import { callerContextKey } from '../caller-context';
import { KsefError } from '../ksef-error';
import type { RateLimitGroup } from '../wire/rate-limit-groups';
import { sleep } from './deadline';
import { DEFAULT_KSEF_RATE_LIMITS } from './rate-limits';
import type { RateLimitTable } from './rate-limits';

const WINDOWS = [
  { ms: 1_000, key: 'perSecond' },
  { ms: 60_000, key: 'perMinute' },
  { ms: 3_600_000, key: 'perHour' },
] as const;
const LONGEST_WINDOW_MS = 3_600_000;

/**
 * Extra spacing beyond each window between a call and the one it replaces in that window, for a
 * call still on its way: the spread of trip times between two calls to KSeF (a new TLS connection
 * costs a round trip or two more than a pooled one) and timer lateness. At most 10 calls per 1.1 s
 * instead of per 1 s in a 10/s window, 0.2% of a per-minute one.
 */
export const DEFAULT_RATE_LIMIT_MARGIN_MS = 100;

export interface RateLimiterOptions {
  limits?: RateLimitTable;
  now?: () => number;
  /** Waits (tests pass a fake); default a real timer that the signal can abort. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Most (caller, group) entries kept; the least recently used idle ones go first. Default 10 000. */
  maxEntries?: number;
  /** Spacing added to every window for calls on their way (DEFAULT_RATE_LIMIT_MARGIN_MS). */
  marginMs?: number;
}

export interface AcquireOptions {
  group: RateLimitGroup;
  token: string;
  /** Epoch ms: a wait that would end after it is refused instead. */
  deadline: number;
  signal?: AbortSignal;
}

/** A call allowed through: send it now, and `settle()` when its answer (or failure) arrives. */
export interface RateLimitGrant {
  /** How long the call was held back, in ms (0: not at all). */
  waitedMs: number;
  settle(): void;
}

export interface RateLimiter {
  /** Waits for a slot (recording it) or throws KsefError `rate-limited`. */
  acquire(options: AcquireOptions): Promise<RateLimitGrant>;
  /** KSeF answered 429 for this caller and group: send nothing more until `retryAfterSeconds` passed. */
  holdBack(group: RateLimitGroup, token: string, retryAfterSeconds: number): void;
  /** Milliseconds until this caller's group is free of a 429 block (0 when not held back). */
  heldBackMs(group: RateLimitGroup, token: string): number;
  /** Entries currently kept (for tests and metrics). */
  size(): number;
}

interface Call {
  /** Planned (queued), sent + margin (on its way) or answered (settled): see the header. */
  countsFrom: number;
}

interface Entry {
  /** In the order they were admitted. */
  calls: Call[];
  blockedUntil: number;
}

/**
 * Whose budget a call spends: one (KSeF context, group) pair, as KSeF counts (per context and
 * client IP): two tokens of one context share one budget (caller-context.ts).
 */
export function limiterKeyOf(group: RateLimitGroup, token: string): string {
  return `${group}:${callerContextKey({ token })}`;
}

/** The refusal a caller gets when its call cannot be sent before its deadline. */
export function rateLimited(group: RateLimitGroup, waitMs: number): KsefError {
  return new KsefError({
    kind: 'rate-limited',
    message:
      `KSeF rate limit for ${group} reached for this caller; ` +
      `the gateway holds the call back for ${Math.ceil(waitMs / 1000)} s`,
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
  });
}

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const limits = options.limits ?? DEFAULT_KSEF_RATE_LIMITS;
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  const maxEntries = options.maxEntries ?? 10_000;
  const marginMs = options.marginMs ?? DEFAULT_RATE_LIMIT_MARGIN_MS;
  const entries = new Map<string, Entry>();
  let sinceSweep = 0;

  function entryFor(key: string): Entry {
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = { calls: [], blockedUntil: 0 };
    } else {
      // Map order is insertion order: re-insert to keep least recently used first.
      entries.delete(key);
    }
    entries.set(key, entry);
    return entry;
  }

  function prune(entry: Entry, at: number): void {
    let drop = 0;
    const calls = entry.calls;
    while (drop < calls.length && (calls[drop] as Call).countsFrom <= at - LONGEST_WINDOW_MS) {
      drop += 1;
    }
    if (drop > 0) calls.splice(0, drop);
  }

  function isIdle(entry: Entry, at: number): boolean {
    prune(entry, at);
    return entry.calls.length === 0 && entry.blockedUntil <= at;
  }

  function sweep(at: number): void {
    for (const [key, entry] of entries) {
      if (isIdle(entry, at)) entries.delete(key);
    }
    // Still too many (a flood of distinct tokens): drop the least recently used. Their windows
    // are forgotten, which errs towards sending — KSeF's own 429 remains the last word.
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  /**
   * The earliest time ≥ `at` at which the call admitted at `index` may be sent: for each window
   * of limit L, every call admitted at least L places earlier must count from before the window.
   * (Answers move calls later, so admission order and time order can differ: the latest of them
   * decides.)
   */
  function earliestSend(entry: Entry, index: number, group: RateLimitGroup, at: number): number {
    const values = limits[group];
    let send = Math.max(at, entry.blockedUntil);
    let latest = Number.NEGATIVE_INFINITY;
    let scanned = 0;
    // Windows from the largest limit (hour) to the smallest (second): one scan of the prefix.
    for (let w = WINDOWS.length - 1; w >= 0; w -= 1) {
      const window = WINDOWS[w]!;
      const last = index - values[window.key];
      if (last < 0) continue;
      for (; scanned <= last; scanned += 1) {
        latest = Math.max(latest, (entry.calls[scanned] as Call).countsFrom);
      }
      send = Math.max(send, latest + window.ms);
    }
    return send;
  }

  function grantFor(call: Call, waitedMs: number): RateLimitGrant {
    return {
      waitedMs,
      settle() {
        // Answered: it reached KSeF before now. Never earlier than counted so far.
        call.countsFrom = Math.max(call.countsFrom, now());
      },
    };
  }

  function remove(entry: Entry, call: Call): void {
    const index = entry.calls.lastIndexOf(call);
    if (index >= 0) entry.calls.splice(index, 1);
  }

  return {
    async acquire({ group, token, deadline, signal }) {
      const at = now();
      sinceSweep += 1;
      if (sinceSweep >= 256 || entries.size > maxEntries) {
        sinceSweep = 0;
        sweep(at);
      }
      const entry = entryFor(limiterKeyOf(group, token));
      prune(entry, at);
      const planned = earliestSend(entry, entry.calls.length, group, at);
      if (planned > deadline) throw rateLimited(group, planned - at);
      // Counted from its planned time (and the trip's margin) until it is released.
      const call: Call = { countsFrom: planned + marginMs };
      entry.calls.push(call);

      if (planned <= at) {
        // Free to go at once: nothing to wait for, nothing to check again.
        return grantFor(call, 0);
      }
      let sendAt = planned;
      let released: number;
      for (;;) {
        const current = now();
        if (sendAt > current) {
          try {
            await wait(sendAt - current, signal);
          } catch (error) {
            // Abandoned while queued: give the slot back.
            remove(entry, call);
            throw error;
          }
        }
        // Its turn: check again against what happened while it waited (late answers, late timers).
        released = now();
        const needed = earliestSend(entry, entry.calls.indexOf(call), group, released);
        if (needed <= released) break;
        if (needed > deadline) {
          remove(entry, call);
          throw rateLimited(group, needed - released);
        }
        sendAt = needed;
        call.countsFrom = needed + marginMs;
      }
      call.countsFrom = released + marginMs;
      return grantFor(call, released - at);
    },
    holdBack(group, token, retryAfterSeconds) {
      const at = now();
      const entry = entryFor(limiterKeyOf(group, token));
      const seconds =
        Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds : 1;
      entry.blockedUntil = Math.max(entry.blockedUntil, at + seconds * 1000);
    },
    heldBackMs(group, token) {
      const entry = entries.get(limiterKeyOf(group, token));
      return entry === undefined ? 0 : Math.max(0, entry.blockedUntil - now());
    },
    size() {
      return entries.size;
    },
  };
}
