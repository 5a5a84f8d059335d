// The largest answer the gateway reads from each KSeF endpoint, derived from the spec's schemas,
// so that no upstream answer (a faulty proxy, a compromised host, a bug) can make the gateway
// buffer more than its contract allows. An answer over its cap — declared in Content-Length or
// counted as it streams in, after decompression — is refused as a contract violation and its
// socket destroyed. Error bodies (4xx/5xx) are read under the same cap.
//
// How each cap is derived (generous: about twice the largest answer the schema allows, with
// unbounded strings such as `status.description` and `details` budgeted at 2 KiB per item):
//   - a list page holds at most 1 000 items (`pageSize` maximum 1000): a session item
//     (SessionsQueryResponseItem: reference, status, three dates, three counts) ≈ 2.5 KiB with
//     its status text → 2.5 MB a page → 4 MiB; an invoice item (SessionInvoiceStatusResponse:
//     invoiceNumber ≤ 256, invoiceFileName ≤ 128, a pre-signed UPO URL, status with details and
//     extensions) ≈ 4 KiB → 4 MB a page → 8 MiB;
//   - a UPO page lists at most 10 000 invoices (`Dokument maxOccurs="10000"` in the UPO XSD), each
//     ≈ 800 bytes with a 256-character invoice number, plus the header and signature → 8 MB → 16 MiB;
//   - a session status (SessionStatusResponse) is one status plus one entry per UPO page
//     (reference, pre-signed URL ≈ 1 KiB, date): a hundred pages (a million invoices) is 150 KB
//     → 1 MiB; every other answer (one invoice's status or UPO, the public-key certificates, an
//     opened or closed session, an accepted invoice, an error body) is a single small object or
//     document → 1 MiB.

export const KIB = 1024;
export const MIB = 1024 * KIB;

/** Every endpoint not listed below, and error bodies of any endpoint. */
export const DEFAULT_RESPONSE_SIZE_CAP = 1 * MIB;

/** A session's UPO page fetched from its pre-signed storage URL (no KSeF path). */
export const PRESIGNED_UPO_SIZE_CAP = 16 * MIB;

/** Keyed by `METHOD /path/template` as the spec names it (relative to `/v2`). */
export const RESPONSE_SIZE_CAPS: Readonly<Record<string, number>> = {
  'GET /sessions': 4 * MIB,
  'GET /sessions/{referenceNumber}': 1 * MIB,
  'GET /sessions/{referenceNumber}/invoices': 8 * MIB,
  'GET /sessions/{referenceNumber}/invoices/failed': 8 * MIB,
  'GET /sessions/{referenceNumber}/upo/{upoReferenceNumber}': 16 * MIB,
};

/** The cap of an answer to `method pathTemplate` (a spec template, e.g. `/sessions/{referenceNumber}`). */
export function responseSizeCapOf(method: string, pathTemplate: string): number {
  return RESPONSE_SIZE_CAPS[`${method} ${pathTemplate}`] ?? DEFAULT_RESPONSE_SIZE_CAP;
}
