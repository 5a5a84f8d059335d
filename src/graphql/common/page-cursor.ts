// Opaque cursors of the connections (`Query.sessions`, `Session.invoices`). KSeF pages by
// continuation token with pageSize 10..1000, while GraphQL callers may ask for any `first` in
// 1..1000, so a cursor names a position KSeF can reach in one call: the continuation token that starts a page (`t`, null for the first page)
// plus the offset within that page (`o`). `f` fingerprints the query (type + filter, or session +
// failedOnly): KSeF ties a token to its query, so a cursor is refused under a different query
// instead of silently skipping items.
import { createHash } from 'node:crypto';

export interface PageCursor {
  /** KSeF continuation token of the page holding the next item; null: the first page. */
  t: string | null;
  /** How many sessions of that page come before the next one. */
  o: number;
  /** Fingerprint of the query the cursor belongs to. */
  f: string;
}

export function encodePageCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.t, o: cursor.o, f: cursor.f }), 'utf8').toString(
    'base64url',
  );
}

/** The cursor, or null when `text` is not one of ours (garbage, truncated, hand-made). */
export function decodePageCursor(text: string): PageCursor | null {
  if (text.length === 0 || text.length > 16_384 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { t, o, f } = value as Record<string, unknown>;
  if (!(t === null || (typeof t === 'string' && t.length > 0))) return null;
  if (typeof o !== 'number' || !Number.isInteger(o) || o < 0) return null;
  if (typeof f !== 'string' || f.length === 0) return null;
  return { t, o, f };
}

/** A stable fingerprint of a KSeF query (key order and `pageSize` do not matter). */
export function toQueryFingerprint(query: object): string {
  const { pageSize: _pageSize, ...rest } = query as Record<string, unknown>;
  const stable = Object.keys(rest)
    .sort()
    .map((key) => [key, (rest as Record<string, unknown>)[key]]);
  return createHash('sha256').update(JSON.stringify(stable)).digest('base64url').slice(0, 16);
}
