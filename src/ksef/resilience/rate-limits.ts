// The gateway limiter's table: KSeF's published defaults (ksef/wire/rate-limit-groups.ts) unless
// KSEF_RATE_LIMITS overrides them, so that it queues calls instead of provoking KSeF's
// escalating 429 blocks.
import {
  isRateLimitGroup,
  KSEF_DEFAULT_RATE_LIMITS,
  RATE_LIMIT_GROUPS,
} from '../wire/rate-limit-groups';
import type { RateLimitGroup } from '../wire/rate-limit-groups';
import type { EffectiveApiRateLimitValuesDto } from '../wire/sessions.dto';

export type RateLimitValues = EffectiveApiRateLimitValuesDto;

export type RateLimitTable = Readonly<Record<RateLimitGroup, RateLimitValues>>;

export const DEFAULT_KSEF_RATE_LIMITS: RateLimitTable = KSEF_DEFAULT_RATE_LIMITS;

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
  const table: Record<RateLimitGroup, RateLimitValues> = { ...DEFAULT_KSEF_RATE_LIMITS };
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
      problems.push(`"${group}" is not a KSeF rate-limit group (${RATE_LIMIT_GROUPS.join(', ')})`);
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
