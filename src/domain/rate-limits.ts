// KSeF's published default rate limits per endpoint group (NOTES.md §6, the spec's
// `x-rate-limits`): requests in the last second, minute and hour, all three sliding windows at
// once. One table for both sides: the gateway's limiter queues calls within these so that it
// never provokes KSeF's escalating 429 blocks, and the simulator enforces them when switched on.
import type { EffectiveApiRateLimitsDto } from '../ksef/sessions.dto';

export const KSEF_DEFAULT_RATE_LIMITS: Readonly<EffectiveApiRateLimitsDto> = {
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
