// In-memory state, partitioned by caller context (caller-identity.ts): every token of a context
// sees the context's sessions and only those (another context's reference number is as unknown as
// a made-up one).
// UPO bytes live in one blob store shared with the pre-signed storage routes, written once so
// their bytes and hash stay stable. Duplicates are the exception to the partitioning: KSeF finds
// them globally, by seller, whichever context sent the original.
import type { CallerIdentity } from './caller-identity';
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

export interface CallerContext extends CallerIdentity {
  sessions: Map<string, SessionRecord>;
}

export interface Store {
  /** The context of a session's caller (`session.context`); made when its first session was added. */
  context(key: string): CallerContext;
  /** The context's sessions; a context without any gets no entry (reads must not add state). */
  sessionsOf(key: string): SessionRecord[];
  session(key: string, referenceNumber: string): SessionRecord | undefined;
  /** Adds a session to its caller's context (`session.context` is `caller.key`). */
  addSession(session: SessionRecord, caller: CallerIdentity): void;
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

  return {
    context(key) {
      const found = contexts.get(key);
      if (!found) throw new Error('No caller context with this key: it has no sessions');
      return found;
    },
    sessionsOf: (key) => [...(contexts.get(key)?.sessions.values() ?? [])],
    session: (key, referenceNumber) => contexts.get(key)?.sessions.get(referenceNumber),
    addSession(session, caller) {
      if (session.context !== caller.key) throw new Error('A session must belong to its caller');
      let context = contexts.get(caller.key);
      if (!context) {
        context = { ...caller, sessions: new Map() };
        contexts.set(caller.key, context);
      }
      context.sessions.set(session.referenceNumber, session);
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
