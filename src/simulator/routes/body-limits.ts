// The largest request body each route takes, from what KSeF's spec and docs allow there, keyed by
// route key ('METHOD /template', as in the request log). A body over its cap is refused with 413
// before it is buffered (simulator.ts); routes not listed take no body beyond a token allowance.
import {
  MAX_INVOICE_BYTES,
  MAX_PART_ENCRYPTED_BYTES,
  encryptedSize,
} from '../batch/package-limits';

/**
 * Routes without a request body (GETs, the two closes): some clients still send `{}` or a few
 * bytes by habit, which is accepted and ignored.
 */
export const NO_BODY_LIMIT_BYTES = 16 * 1024;

/**
 * OpenOnlineSessionRequest / OpenBatchSessionRequest: a form code, a wrapped key and IV, and for
 * batch at most 50 part descriptors — about 1 kB and 8 kB. The cap leaves room for whitespace.
 */
export const SESSION_OPEN_LIMIT_BYTES = 64 * 1024;

/** Base64 length of `bytes` bytes. */
function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/**
 * SendInvoiceRequest: the Base64 of the ciphertext of the largest invoice (3 000 000 bytes →
 * 3 000 016 encrypted → 4 000 024 characters) plus the JSON around it, with 256 KiB to spare for
 * whitespace and for serializers that escape every '/' of the Base64 as '\/' (PHP's default).
 */
export const SEND_INVOICE_LIMIT_BYTES = base64Length(encryptedSize(MAX_INVOICE_BYTES)) + 256 * 1024;

/** A batch part upload: the ciphertext of a 100 000 000-byte part (100 000 016 bytes). */
export const BATCH_PART_LIMIT_BYTES = MAX_PART_ENCRYPTED_BYTES;

const LIMITS: Readonly<Record<string, number>> = {
  'POST /sessions/online': SESSION_OPEN_LIMIT_BYTES,
  'POST /sessions/batch': SESSION_OPEN_LIMIT_BYTES,
  'POST /sessions/online/{referenceNumber}/invoices': SEND_INVOICE_LIMIT_BYTES,
  'PUT /storage/batch/{referenceNumber}/parts/{ordinalNumber}': BATCH_PART_LIMIT_BYTES,
};

/** The body cap of the route with this key. */
export function bodyLimitOf(routeKey: string): number {
  return LIMITS[routeKey] ?? NO_BODY_LIMIT_BYTES;
}
