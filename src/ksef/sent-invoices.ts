// What this gateway knows of the invoices it sent: per (caller context, session, invoice hash),
// the reference KSeF gave it, a send still in flight, or a send whose outcome is unknown (the
// caller went away before KSeF answered, so nobody looked the invoice up). It is what makes a
// repeated sendInvoice safe without a KSeF call: KSeF's sends are not idempotent, and a resend
// after a lost answer is how the same invoice lands twice.
//
// Bounded: the least recently used entries go first beyond `maxEntries`, and an entry is dropped
// after `ttlMs` (an online session lives 12 hours). Entries hold references and hashes only,
// never an invoice or a key.

export type SentInvoice =
  | { state: 'sent'; referenceNumber: string }
  | { state: 'in-flight'; done: Promise<unknown> }
  | { state: 'unknown' };

export interface SentInvoices {
  get(key: SentInvoiceKey): SentInvoice | undefined;
  set(key: SentInvoiceKey, value: SentInvoice): void;
  delete(key: SentInvoiceKey): void;
  readonly size: number;
}

export interface SentInvoiceKey {
  context: string;
  sessionReferenceNumber: string;
  invoiceHash: string;
}

export const DEFAULT_SENT_INVOICES = { maxEntries: 100_000, ttlMs: 13 * 3_600_000 } as const;

export function createSentInvoices(
  options: { maxEntries: number; ttlMs: number } = DEFAULT_SENT_INVOICES,
  now: () => number = Date.now,
): SentInvoices {
  const entries = new Map<string, { value: SentInvoice; expiresAt: number }>();
  const keyOf = (key: SentInvoiceKey) =>
    `${key.context}\n${key.sessionReferenceNumber}\n${key.invoiceHash}`;

  return {
    get(key) {
      const id = keyOf(key);
      const entry = entries.get(id);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(id);
        return undefined;
      }
      // Most recently used last: Map iteration order is the eviction order.
      entries.delete(id);
      entries.set(id, entry);
      return entry.value;
    },
    set(key, value) {
      const id = keyOf(key);
      entries.delete(id);
      entries.set(id, { value, expiresAt: now() + options.ttlMs });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    delete(key) {
      entries.delete(keyOf(key));
    },
    get size() {
      return entries.size;
    },
  };
}
