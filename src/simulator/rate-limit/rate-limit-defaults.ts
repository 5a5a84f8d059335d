// KSeF's default limits per group, as GET /rate-limits reports them, and the simulator's overrides.
import { KSEF_DEFAULT_RATE_LIMITS } from '../../ksef/wire/rate-limit-groups';
import type {
  EffectiveApiRateLimitValuesDto,
  EffectiveApiRateLimitsDto,
  RateLimitGroup,
} from '../../ksef/wire/sessions.dto';

export function effectiveRateLimits(
  overrides: Partial<Record<RateLimitGroup, EffectiveApiRateLimitValuesDto>> = {},
): EffectiveApiRateLimitsDto {
  const result = { ...KSEF_DEFAULT_RATE_LIMITS };
  for (const [group, values] of Object.entries(overrides) as [
    RateLimitGroup,
    EffectiveApiRateLimitValuesDto,
  ][]) {
    result[group] = { ...values };
  }
  return result;
}
