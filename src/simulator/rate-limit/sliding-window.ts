// Sliding windows per (token, group): the last 1 s, 60 s and 3600 s all apply at once, as in KSeF
// (NOTES.md §6). A refused request is not counted. Retry-After is the whole seconds until enough
// old requests leave the breached window (at least 1).
import type {
  EffectiveApiRateLimitValuesDto,
  EffectiveApiRateLimitsDto,
  RateLimitGroup,
} from '../../ksef/wire/sessions.dto';

export type RateDecision =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; detail: string };

const WINDOWS: { ms: number; key: keyof EffectiveApiRateLimitValuesDto; unit: string }[] = [
  { ms: 1_000, key: 'perSecond', unit: 'sekundę' },
  { ms: 60_000, key: 'perMinute', unit: 'minutę' },
  { ms: 3_600_000, key: 'perHour', unit: 'godzinę' },
];

export interface RateLimiter {
  check(token: string, group: RateLimitGroup, now?: number): RateDecision;
}

export function createRateLimiter(limits: EffectiveApiRateLimitsDto): RateLimiter {
  const history = new Map<string, number[]>();
  return {
    check(token, group, now = Date.now()) {
      const id = `${group}\n${token}`;
      const times = (history.get(id) ?? []).filter((t) => t > now - 3_600_000);
      history.set(id, times);
      const limit = limits[group];
      for (const window of WINDOWS) {
        const allowed = limit[window.key];
        const inWindow = times.filter((t) => t > now - window.ms);
        if (inWindow.length >= allowed) {
          // The request that must leave the window before one more fits.
          const blocking = inWindow[inWindow.length - allowed] ?? now;
          const retryAfterSeconds = Math.max(1, Math.ceil((blocking + window.ms - now) / 1000));
          return {
            allowed: false,
            retryAfterSeconds,
            detail: `Przekroczono limit ${allowed} żądań na ${window.unit}. Spróbuj ponownie po ${retryAfterSeconds} sekundach.`,
          };
        }
      }
      times.push(now);
      return { allowed: true };
    },
  };
}
