// In-memory state, partitioned by bearer token: a token is a caller's context, and a caller sees
// only its own sessions (another context's reference number is as unknown as a made-up one).
// UPO bytes live in one blob store shared with the pre-signed storage routes, written once so
// their bytes and hash stay stable. Duplicates are the exception to the partitioning: KSeF finds
// them globally, by seller, whichever context sent the original.
import { authDocumentDigestFor, contextNipFor } from './identifiers';
import type { InvoiceRecord, SessionRecord } from './session';

export interface DuplicateKeyOwner {
  sessionReferenceNumber: string;
  ksefNumber: string;
}

/** KSeF's duplicate criterion: seller NIP (Podmiot1/NIP), RodzajFaktury and number (P_2). */
export function duplicateKeyOf(
  invoice: Pick<InvoiceRecord, 'sellerNip' | 'invoiceKind' | 'invoiceNumber'>,
): string {
  return JSON.stringify([
    invoice.sellerNip ?? '',
    invoice.invoiceKind ?? '',
    invoice.invoiceNumber ?? '',
  ]);
}

export interface CallerContext {
  token: string;
  nip: string;
  authDocumentDigest: string;
  sessions: Map<string, SessionRecord>;
}

export interface Store {
  /** The caller's context, made on first use: only for callers that keep sessions. */
  context(token: string): CallerContext;
  /** The caller's sessions; a caller without any gets no context (reads must not add state). */
  sessionsOf(token: string): SessionRecord[];
  session(token: string, referenceNumber: string): SessionRecord | undefined;
  addSession(session: SessionRecord): void;
  putBlob(key: string, bytes: Buffer): void;
  blob(key: string): Buffer | undefined;
  /** A session by reference across all contexts (storage routes carry no token). */
  anySession(referenceNumber: string): SessionRecord | undefined;
  /** The accepted invoice holding a duplicate key (duplicateKeyOf), in any context. */
  acceptedInvoice(duplicateKey: string): DuplicateKeyOwner | undefined;
  recordAcceptedInvoice(duplicateKey: string, owner: DuplicateKeyOwner): void;
  stats(): { contexts: number; sessions: number };
}

export function createStore(): Store {
  const contexts = new Map<string, CallerContext>();
  const blobs = new Map<string, Buffer>();
  const allSessions = new Map<string, SessionRecord>();
  // One small entry per accepted invoice (key and two reference strings, no content): it grows
  // with the sessions the store keeps anyway.
  const acceptedInvoices = new Map<string, DuplicateKeyOwner>();

  const context = (token: string): CallerContext => {
    let found = contexts.get(token);
    if (!found) {
      found = {
        token,
        nip: contextNipFor(token),
        authDocumentDigest: authDocumentDigestFor(token),
        sessions: new Map(),
      };
      contexts.set(token, found);
    }
    return found;
  };

  return {
    context,
    sessionsOf: (token) => [...(contexts.get(token)?.sessions.values() ?? [])],
    session: (token, referenceNumber) => contexts.get(token)?.sessions.get(referenceNumber),
    addSession(session) {
      context(session.token).sessions.set(session.referenceNumber, session);
      allSessions.set(session.referenceNumber, session);
    },
    putBlob(key, bytes) {
      if (!blobs.has(key)) blobs.set(key, bytes);
    },
    blob: (key) => blobs.get(key),
    anySession: (referenceNumber) => allSessions.get(referenceNumber),
    acceptedInvoice: (duplicateKey) => acceptedInvoices.get(duplicateKey),
    recordAcceptedInvoice(duplicateKey, owner) {
      if (!acceptedInvoices.has(duplicateKey)) acceptedInvoices.set(duplicateKey, owner);
    },
    stats: () => ({ contexts: contexts.size, sessions: allSessions.size }),
  };
}
