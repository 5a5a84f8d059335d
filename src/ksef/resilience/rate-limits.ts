// The gateway limiter's table: KSeF's published defaults (src/domain/rate-limits.ts) unless
// KSEF_RATE_LIMITS overrides them, so that it queues calls instead of provoking KSeF's
// escalating 429 blocks.
import { KSEF_DEFAULT_RATE_LIMITS } from '../../domain/rate-limits';
import { KSEF_RATE_LIMIT_GROUPS } from '../rate-limit-groups';
import type { KsefRateLimitGroup } from '../rate-limit-groups';

export interface RateLimitValues {
  perSecond: number;
  perMinute: number;
  perHour: number;
}

export type RateLimitTable = Readonly<Record<KsefRateLimitGroup, RateLimitValues>>;

export const DEFAULT_KSEF_RATE_LIMITS: RateLimitTable = KSEF_DEFAULT_RATE_LIMITS;

export function isRateLimitGroup(name: string): name is KsefRateLimitGroup {
  return (KSEF_RATE_LIMIT_GROUPS as readonly string[]).includes(name);
}

/**
 * Parses `KSEF_RATE_LIMITS`: `on` (defaults), `off` (no limiter), or overrides such as
 * `sessionMisc=10/120/1200,sessionList=5/10/60` (per second/minute/hour) on top of the defaults.
 * Returns the table, `false` for off, or the list of problems.
 */
export function parseRateLimits(
  raw: string | undefined,
): { ok: true; value: RateLimitTable | false } | { ok: false; problems: string[] } {
  const text = raw?.trim() ?? '';
  const lower = text.toLowerCase();
  if (text === '' || ['on', 'true', '1', 'yes', 'default'].includes(lower)) {
    return { ok: true, value: DEFAULT_KSEF_RATE_LIMITS };
  }
  if (['off', 'false', '0', 'no'].includes(lower)) return { ok: true, value: false };
  const table: Record<KsefRateLimitGroup, RateLimitValues> = { ...DEFAULT_KSEF_RATE_LIMITS };
  const problems: string[] = [];
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z]+)=(\d{1,7})\/(\d{1,7})\/(\d{1,7})$/.exec(entry);
    const group = match?.[1];
    if (match === null || group === undefined) {
      problems.push(`"${entry.slice(0, 40)}" is not group=perSecond/perMinute/perHour`);
      continue;
    }
    if (!isRateLimitGroup(group)) {
      problems.push(
        `"${group}" is not a KSeF rate-limit group (${KSEF_RATE_LIMIT_GROUPS.join(', ')})`,
      );
      continue;
    }
    const [perSecond, perMinute, perHour] = [match[2], match[3], match[4]].map(Number) as [
      number,
      number,
      number,
    ];
    if (perSecond < 1 || perMinute < 1 || perHour < 1) {
      problems.push(`${group}: limits must be at least 1`);
      continue;
    }
    table[group] = { perSecond, perMinute, perHour };
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: table };
}
