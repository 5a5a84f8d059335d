// KSeF's rate limits as the wire contract states them (KSeF docs: limity/limity-api.md, the spec's `x-rate-limits`):
// which group each endpoint counts against, and the published defaults of each group. KSeF keeps
// one sliding window per (context, client IP, group) for the last second, minute and hour. The
// gateway's limiter, its metrics and the simulator all read this one table, so that what the
// client budgets for and what the simulator enforces cannot drift apart.
//
// Input is the HTTP method and the path *template* (`/sessions/{referenceNumber}`), relative to
// the base URL that ends in `/v2`. A concrete path (`/sessions/20251122-SO-…`) maps the same way,
// because a `*` in the table matches any segment.
import { RATE_LIMIT_GROUPS } from './sessions.dto';
import type { EffectiveApiRateLimitsDto, RateLimitGroup } from './sessions.dto';

export { RATE_LIMIT_GROUPS };
export type { RateLimitGroup };

/** Published defaults per group: requests in the last second, minute and hour. */
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

export function isRateLimitGroup(name: string): name is RateLimitGroup {
  return (RATE_LIMIT_GROUPS as readonly string[]).includes(name);
}

interface Route {
  method: string;
  /** Path segments; `*` matches any one segment (a `{param}` or a concrete value). */
  segments: readonly string[];
  group: RateLimitGroup;
}

function route(method: string, path: string, group: RateLimitGroup): Route {
  return { method, segments: path.split('/').filter(Boolean), group };
}

// Order matters only where a literal and a `*` compete for the same position: `invoices/failed`
// is listed before `invoices/*`, so a concrete path ending in `failed` is a list, not an invoice.
const ROUTES: readonly Route[] = [
  route('GET', '/sessions', 'sessionList'),
  route('POST', '/sessions/online', 'onlineSession'),
  route('POST', '/sessions/online/*/close', 'onlineSession'),
  route('POST', '/sessions/online/*/invoices', 'invoiceSend'),
  route('POST', '/sessions/batch', 'batchSession'),
  route('POST', '/sessions/batch/*/close', 'batchSession'),
  route('GET', '/sessions/*', 'sessionMisc'),
  route('GET', '/sessions/*/upo/*', 'sessionMisc'),
  route('GET', '/sessions/*/invoices', 'sessionInvoiceList'),
  route('GET', '/sessions/*/invoices/failed', 'sessionInvoiceList'),
  route('GET', '/sessions/*/invoices/*', 'invoiceStatus'),
  route('GET', '/sessions/*/invoices/*/upo', 'sessionMisc'),
  route('GET', '/sessions/*/invoices/ksef/*/upo', 'sessionMisc'),
  route('POST', '/invoices/query/metadata', 'invoiceMetadata'),
  route('POST', '/invoices/exports', 'invoiceExport'),
  route('GET', '/invoices/exports/*', 'invoiceExportStatus'),
  route('GET', '/invoices/ksef/*', 'invoiceDownload'),
];

function matches(routeSegments: readonly string[], segments: readonly string[]): boolean {
  return (
    routeSegments.length === segments.length &&
    routeSegments.every((expected, i) => expected === '*' || expected === segments[i])
  );
}

function toSegments(pathTemplate: string): string[] {
  // Tolerate what a label might carry besides the path: a query string, a trailing slash, or the
  // `/v2` prefix when someone passes the path as seen on the wire.
  const path = pathTemplate.split(/[?#]/, 1)[0] ?? '';
  const segments = path.split('/').filter(Boolean);
  return segments[0] === 'v2' ? segments.slice(1) : segments;
}

/**
 * The KSeF rate-limit group of an endpoint. Anything KSeF lists in no group, including the public
 * `/security/public-key-certificates` and the `/auth/…` login endpoints (the spec gives each
 * 60/s per IP and names no group of GET /rate-limits), is `other`: KSeF's own default for
 * unlisted endpoints, and the conservative budget for the rest.
 */
export function rateLimitGroupOf(method: string, pathTemplate: string): RateLimitGroup {
  const upperMethod = method.toUpperCase();
  const segments = toSegments(pathTemplate);
  for (const candidate of ROUTES) {
    if (candidate.method === upperMethod && matches(candidate.segments, segments)) {
      return candidate.group;
    }
  }
  return 'other';
}
