// KSeF's default limits per group (NOTES.md §6, spec `x-rate-limits`), as GET /rate-limits reports.
import type { EffectiveApiRateLimitValuesDto, EffectiveApiRateLimitsDto, RateLimitGroup } from '../../ksef/sessions.dto';

export const DEFAULT_RATE_LIMITS: Readonly<EffectiveApiRateLimitsDto> = {
  onlineSession: { perSecond: 10, perMinute: 30, perHour: 120 },
  batchSession: { perSecond: 10, perMinute: 20, perHour: 60 },
  invoiceSend: { perSecond: 10, perMinute: 30, perHour: 180 },
  invoiceStatus: { perSecond: 30, perMinute: 120, perHour: 1200 },
  sessionList: { perSecond: 5, perMinute: 10, perHour: 60 },
  sessionInvoiceList: { perSecond: 10, perMinute: 20, perHour: 200 },
  sessionMisc: { perSecond: 10, perMinute: 120, perHour: 1200 },
  invoiceMetadata: { perSecond: 8, perMinute: 16, perHour: 20 },
  invoiceExport: { perSecond: 8, perMinute: 16, perHour: 20 },
  invoiceExportStatus: { perSecond: 10, perMinute: 60, perHour: 600 },
  invoiceDownload: { perSecond: 8, perMinute: 16, perHour: 64 },
  other: { perSecond: 10, perMinute: 30, perHour: 120 },
};

export function effectiveRateLimits(
  overrides: Partial<Record<RateLimitGroup, EffectiveApiRateLimitValuesDto>> = {},
): EffectiveApiRateLimitsDto {
  const result = { ...DEFAULT_RATE_LIMITS };
  for (const [group, values] of Object.entries(overrides) as [RateLimitGroup, EffectiveApiRateLimitValuesDto][]) {
    result[group] = { ...values };
  }
  return result;
}
