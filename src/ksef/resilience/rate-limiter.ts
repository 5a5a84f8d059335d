// The gateway's own rate limiter: one set of sliding windows (last second, minute, hour — KSeF's
// three, KSeF docs: limity/limity-api.md) per caller token and KSeF rate-limit group. A call that would breach a
// window is queued until it fits, if that moment comes before the operation's deadline; otherwise
// it is refused at once with `rate-limited` and the number of seconds to wait. So KSeF sees a
// steady stream inside its limits instead of bursts that earn escalating 429 blocks.
//
// After KSeF has answered 429 anyway (another gateway instance, another app with the same token),
// `holdBack` blocks that token's group until Retry-After has passed: no call is sent into a block.
//
// Tokens are never stored: entries are keyed by the caller's KSeF context (caller-context.ts, a
// hash of the context its token's claims name, else of the token). Entries whose windows are
// empty and whose block has passed are evicted, and the number of entries is bounded.
import { createHash } from 'node:crypto';
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

export interface RateLimiterOptions {
  limits?: RateLimitTable;
  now?: () => number;
  /** Waits (tests pass a fake); default a real timer that the signal can abort. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Most (token, group) entries kept; the least recently used idle ones go first. Default 10 000. */
  maxEntries?: number;
}

export interface AcquireOptions {
  group: RateLimitGroup;
  token: string;
  /** Epoch ms: a wait that would end after it is refused instead. */
  deadline: number;
  signal?: AbortSignal;
}

export interface RateLimiter {
  /** Waits for a slot (recording it) or throws KsefError `rate-limited`; resolves to the wait in ms. */
  acquire(options: AcquireOptions): Promise<number>;
  /** KSeF answered 429 for this token and group: send nothing more until `retryAfterSeconds` passed. */
  holdBack(group: RateLimitGroup, token: string, retryAfterSeconds: number): void;
  /** Milliseconds until this token's group is free of a 429 block (0 when not held back). */
  heldBackMs(group: RateLimitGroup, token: string): number;
  /** Entries currently kept (for tests and metrics). */
  size(): number;
}

interface Entry {
  /** Granted (possibly future, queued) send times, ascending. */
  slots: number[];
  blockedUntil: number;
  lastUsed: number;
}

export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 32);
}

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const limits = options.limits ?? DEFAULT_KSEF_RATE_LIMITS;
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  let sinceSweep = 0;

  // Per KSeF context, as KSeF counts: two tokens of one context share one budget.
  function keyOf(group: RateLimitGroup, token: string): string {
    return `${group}:${callerContextKey({ token })}`;
  }

  function entryFor(key: string, at: number): Entry {
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = { slots: [], blockedUntil: 0, lastUsed: at };
      entries.set(key, entry);
    } else {
      // Map order is insertion order: re-insert to keep least recently used first.
      entries.delete(key);
      entries.set(key, entry);
    }
    entry.lastUsed = at;
    return entry;
  }

  function prune(entry: Entry, at: number): void {
    let drop = 0;
    while (drop < entry.slots.length && (entry.slots[drop] as number) <= at - LONGEST_WINDOW_MS) {
      drop += 1;
    }
    if (drop > 0) entry.slots.splice(0, drop);
  }

  function isIdle(entry: Entry, at: number): boolean {
    prune(entry, at);
    return entry.slots.length === 0 && entry.blockedUntil <= at;
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

  /** The earliest send time ≥ `at` that keeps every window under its limit. */
  function nextSlot(entry: Entry, group: RateLimitGroup, at: number): number {
    const values = limits[group];
    let slot = Math.max(at, entry.blockedUntil, entry.slots[entry.slots.length - 1] ?? at);
    for (const window of WINDOWS) {
      const limit = values[window.key];
      const n = entry.slots.length;
      if (n >= limit) {
        // The limit-th newest slot must have left the window before the next one is sent.
        slot = Math.max(slot, (entry.slots[n - limit] as number) + window.ms);
      }
    }
    return slot;
  }

  return {
    async acquire({ group, token, deadline, signal }) {
      const at = now();
      sinceSweep += 1;
      if (sinceSweep >= 256 || entries.size > maxEntries) {
        sinceSweep = 0;
        sweep(at);
      }
      const entry = entryFor(keyOf(group, token), at);
      prune(entry, at);
      const slot = nextSlot(entry, group, at);
      const waitMs = slot - at;
      if (slot > deadline) {
        throw new KsefError({
          kind: 'rate-limited',
          message:
            `KSeF rate limit for ${group} reached for this caller; ` +
            `the gateway holds the call back for ${Math.ceil(waitMs / 1000)} s`,
          retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
        });
      }
      entry.slots.push(slot);
      if (waitMs > 0) {
        try {
          await wait(waitMs, signal);
        } catch (error) {
          // Abandoned while queued: give the slot back.
          const index = entry.slots.lastIndexOf(slot);
          if (index >= 0) entry.slots.splice(index, 1);
          throw error;
        }
      }
      return waitMs;
    },
    holdBack(group, token, retryAfterSeconds) {
      const at = now();
      const entry = entryFor(keyOf(group, token), at);
      const seconds =
        Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds : 1;
      entry.blockedUntil = Math.max(entry.blockedUntil, at + seconds * 1000);
    },
    heldBackMs(group, token) {
      const entry = entries.get(keyOf(group, token));
      return entry === undefined ? 0 : Math.max(0, entry.blockedUntil - now());
    },
    size() {
      return entries.size;
    },
  };
}
