// Which KSeF rate-limit group an endpoint counts against (NOTES.md §6). KSeF keeps one sliding
// window per (context, client IP, group), so a limiter, a retry budget and the metrics must all
// agree on this mapping; it lives here, in the KSeF layer, as one pure table.
//
// Input is the HTTP method and the path *template* the client uses as its label
// (`/sessions/{referenceNumber}`), relative to the base URL that ends in `/v2`. A concrete path
// (`/sessions/20251122-SO-…`) maps the same way, because a `*` in the table matches any segment.

/** Group names exactly as `GET /rate-limits` (`EffectiveApiRateLimits`) spells them. */
export const KSEF_RATE_LIMIT_GROUPS = [
  'onlineSession',
  'batchSession',
  'invoiceSend',
  'invoiceStatus',
  'sessionList',
  'sessionInvoiceList',
  'sessionMisc',
  'invoiceMetadata',
  'invoiceExport',
  'invoiceExportStatus',
  'invoiceDownload',
  'other',
] as const;

export type KsefRateLimitGroup = (typeof KSEF_RATE_LIMIT_GROUPS)[number];

interface Route {
  method: string;
  /** Path segments; `*` matches any one segment (a `{param}` or a concrete value). */
  segments: readonly string[];
  group: KsefRateLimitGroup;
}

function route(method: string, path: string, group: KsefRateLimitGroup): Route {
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
 * `/security/public-key-certificates` and `/auth/challenge` (60/s per IP, looser than `other`), is
 * `other`: KSeF's own default for unlisted endpoints, and the conservative budget for the rest.
 */
export function rateLimitGroupOf(method: string, pathTemplate: string): KsefRateLimitGroup {
  const upperMethod = method.toUpperCase();
  const segments = toSegments(pathTemplate);
  for (const candidate of ROUTES) {
    if (candidate.method === upperMethod && matches(candidate.segments, segments)) {
      return candidate.group;
    }
  }
  return 'other';
}
