// Reads shared across requests (issue: cross-request upstream economy). Beneath every caller's
// sessions and invoices clients, for the four reads a front-end repeats:
//
//   session status, invoice status, a session UPO page, an invoice UPO
//
// * In flight: a read asked for while the same read of the same audience (read-audience.ts) is on
//   its way to KSeF waits for that call instead of making another (singleflight.ts).
// * Final: an answer that can never change again — a status with a final code (wire/final-status.ts),
//   a UPO document — is kept, byte-bounded and least-recently-used first out, and answers the same
//   read of the same audience without a KSeF call. A status that carries a pre-signed UPO link is
//   kept only until shortly before the link expires, so nobody is handed a dead link.
//
// A token shares only after KSeF has accepted it once (it is then "verified" for a while): until
// then its reads are its own, so a forged JWT naming someone's context reads nothing of theirs.
// A write (closing a session, sending an invoice into it) ends the sharing of the session's reads
// in flight: they may have left before the write, and whoever reads after it must see it.
// A shared call that failed for reasons of the caller who led it (its token refused, its request
// abandoned) is made again by each waiting caller on its own.
//
// Across replicas (REDIS_URL): kept answers and the tokens KSeF has accepted are also written to
// a `SharedAnswerStore` (replicas/shared-answer-store.ts); a read that finds nothing here asks it
// before it calls KSeF, so a finished session read on one replica costs no call on another.
import { LRUCache } from 'lru-cache';
import { isKsefError } from '../ksef-error';
import type { KsefInvoicesClient } from '../invoices.client';
import type { KsefSessionsClient } from '../sessions.client';
import type { UpoDownload } from '../upo-download';
import { isFinalStatusCode } from '../wire/final-status';
import type {
  SessionInvoiceStatusResponseDto,
  SessionStatusResponseDto,
} from '../wire/sessions.dto';
import { ownTokenKey, readAudienceKey } from './read-audience';
import { createSingleflight } from './singleflight';

export type SharedReadKind = 'session_status' | 'invoice_status' | 'session_upo' | 'invoice_upo';

/** How a read was answered without a KSeF call of its own. */
export type SharedReadOutcome = 'joined' | 'kept';

export interface SharedReadsObserver {
  recordSharedRead?(kind: SharedReadKind, outcome: SharedReadOutcome): void;
}

/** Final answers and accepted tokens as other replicas see them (replicas/). */
export interface SharedAnswerStore {
  /**
   * Whether KSeF has accepted the token (`ownKey`) on some replica, and the answer kept under
   * `answerKey` (its audience's) if any. Never rejects: a store that cannot answer says neither.
   */
  lookup(
    ownKey: string,
    answerKey: string,
    kind: SharedReadKind,
  ): Promise<{ verified: boolean; kept: Kept | undefined }>;
  keep(answerKey: string, kind: SharedReadKind, kept: Kept): void;
  markVerified(ownKey: string, forMs: number): void;
}

export interface SharedReadsSettings {
  /** Bytes of final answers kept per process (JSON length of a status, a UPO's bytes). */
  maxKeptBytes: number;
  /** Longest a final answer is kept (it cannot change; this only bounds staleness of memory). */
  maxKeptMs: number;
  /** How long KSeF's acceptance of a token lets it share (access tokens live ~15 min). */
  verifiedForMs: number;
}

export const DEFAULT_SHARED_READS_SETTINGS: SharedReadsSettings = {
  maxKeptBytes: 32 * 1024 * 1024,
  maxKeptMs: 60 * 60 * 1000,
  verifiedForMs: 5 * 60 * 1000,
};

/** A kept status ends this long before the UPO link in it expires. */
export const UPO_LINK_KEEP_MARGIN_MS = 60_000;

/** Most tokens remembered as verified (each costs a short key). */
const MAX_VERIFIED_TOKENS = 50_000;

/** Failures that belong to the caller who led a shared call, not to the read. */
function isLeadersOwnFailure(error: unknown): boolean {
  if (!isKsefError(error)) return false;
  return (
    error.kind === 'unauthenticated' || error.kind === 'forbidden' || error.transport === 'aborted'
  );
}

function isTokenRefused(error: unknown): boolean {
  return isKsefError(error) && (error.kind === 'unauthenticated' || error.kind === 'forbidden');
}

/** Milliseconds a final answer may be kept; 0: not final, or not worth keeping. */
type KeepFor<T> = (value: T, now: number) => number;

export interface Kept {
  value: unknown;
  /** Epoch ms (on `now`) after which the answer is no longer given. */
  until: number;
}

export interface SharedReads {
  /** The caller's sessions client with its status and UPO reads shared. */
  sessions(client: KsefSessionsClient, token: string): KsefSessionsClient;
  /** The caller's invoices client with its status and UPO reads shared. */
  invoices(client: KsefInvoicesClient, token: string): KsefInvoicesClient;
  /** Answers kept now and their bytes (metrics, tests). */
  kept(): { entries: number; bytes: number };
  /** Reads in flight now. */
  readonly inFlight: number;
}

export function createSharedReads(
  settings: SharedReadsSettings = DEFAULT_SHARED_READS_SETTINGS,
  observer: SharedReadsObserver = {},
  now: () => number = Date.now,
  store?: SharedAnswerStore,
): SharedReads {
  const flights = createSingleflight();
  const keptAnswers = new LRUCache<string, Kept>({
    maxSize: settings.maxKeptBytes,
    // An answer larger than a tenth of the budget is not worth evicting a hundred others for.
    maxEntrySize: Math.max(1, Math.floor(settings.maxKeptBytes / 10)),
  });
  // The same bound per entry for what goes to Redis: its memory is every replica's.
  const maxSharedEntryBytes = Math.max(1, Math.floor(settings.maxKeptBytes / 10));
  const verified = new LRUCache<string, true>({
    max: MAX_VERIFIED_TOKENS,
    ttl: settings.verifiedForMs,
  });

  /** One token's view: its own key, and its audience's once KSeF has accepted it. */
  function viewOf(token: string) {
    let own: string | undefined;
    let audience: string | undefined;
    const ownKey = () => (own ??= ownTokenKey(token));
    const audienceKey = () => (audience ??= readAudienceKey(token));
    return {
      ownKey,
      audienceKey,
      /** Where this token's reads meet others': its audience once verified, else itself. */
      shareKey: () => (verified.has(ownKey()) ? audienceKey() : ownKey()),
    };
  }

  type View = ReturnType<typeof viewOf>;

  async function read<T>(
    view: View,
    kind: SharedReadKind,
    what: string,
    call: () => Promise<T>,
    keepFor: KeepFor<T>,
    sizeOf: (value: T) => number,
  ): Promise<T> {
    const shareKey = view.shareKey();
    const key = `${shareKey}\u0000${kind}\u0000${what}`;
    const kept = keptAnswers.get(key);
    if (kept !== undefined) {
      if (kept.until > now()) {
        observer.recordSharedRead?.(kind, 'kept');
        return kept.value as T;
      }
      keptAnswers.delete(key);
    }
    const answerKey = () => `${view.audienceKey()}\u0000${kind}\u0000${what}`;
    const keepHere = (answer: Kept, size: number) =>
      keptAnswers.set(answerKey(), answer, { size: Math.max(1, size) });
    const lead = async (): Promise<T> => {
      if (store !== undefined) {
        const found = await store.lookup(view.ownKey(), answerKey(), kind);
        // Accepted by KSeF here or on another replica (a restarted Redis has forgotten those).
        const accepted = found.verified || verified.has(view.ownKey());
        if (found.verified) verified.set(view.ownKey(), true);
        if (accepted && found.kept !== undefined && found.kept.until > now()) {
          const value = found.kept.value as T;
          keepHere(found.kept, sizeOf(value));
          observer.recordSharedRead?.(kind, 'kept');
          return value;
        }
      }
      let value: T;
      try {
        value = await call();
      } catch (error) {
        if (isTokenRefused(error)) verified.delete(view.ownKey());
        throw error;
      }
      // KSeF accepted the token: its claims are KSeF's own, so it may share from now on.
      if (!verified.has(view.ownKey())) store?.markVerified(view.ownKey(), settings.verifiedForMs);
      verified.set(view.ownKey(), true);
      const at = now();
      const keepMs = Math.min(keepFor(value, at), settings.maxKeptMs);
      if (keepMs > 0) {
        const answer: Kept = { value, until: at + keepMs };
        const size = sizeOf(value);
        keepHere(answer, size);
        if (store !== undefined && size <= maxSharedEntryBytes)
          store.keep(answerKey(), kind, answer);
      }
      return value;
    };
    const flight = flights.run(key, view.ownKey(), lead);
    if (!flight.joined) return flight.promise;
    observer.recordSharedRead?.(kind, 'joined');
    try {
      return await flight.promise;
    } catch (error) {
      if (flight.leader !== view.ownKey() && isLeadersOwnFailure(error)) return lead();
      throw error;
    }
  }

  const jsonSize = (value: unknown) => JSON.stringify(value).length;
  const bytesSize = (value: UpoDownload) => value.bytes.length;
  const keepUpo: KeepFor<UpoDownload> = () => settings.maxKeptMs;

  /** Until shortly before the earliest link in it expires; a status without links: the longest. */
  function untilLinksExpire(expirations: ReadonlyArray<string | null | undefined>, at: number) {
    let keep = settings.maxKeptMs;
    for (const expiration of expirations) {
      if (expiration === null || expiration === undefined) continue;
      const expiresAt = Date.parse(expiration);
      if (Number.isNaN(expiresAt)) return 0;
      keep = Math.min(keep, expiresAt - UPO_LINK_KEEP_MARGIN_MS - at);
    }
    return Math.max(0, keep);
  }

  const keepSessionStatus: KeepFor<SessionStatusResponseDto> = (status, at) =>
    isFinalStatusCode(status.status.code)
      ? untilLinksExpire(status.upo?.pages.map((page) => page.downloadUrlExpirationDate) ?? [], at)
      : 0;

  const keepInvoiceStatus: KeepFor<SessionInvoiceStatusResponseDto> = (status, at) =>
    isFinalStatusCode(status.status.code)
      ? untilLinksExpire([status.upoDownloadUrlExpirationDate], at)
      : 0;

  /** After a write to the session: no read that left before it is joined any more. */
  async function afterWrite<T>(ref: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      flights.forget((key) => key.includes(`\u0000${ref}`));
    }
  }

  return {
    sessions(client, token) {
      const view = viewOf(token);
      return {
        ...client,
        closeOnlineSession: (ref) => afterWrite(ref, () => client.closeOnlineSession(ref)),
        closeBatchSession: (ref) => afterWrite(ref, () => client.closeBatchSession(ref)),
        getSessionStatus: (ref) =>
          read(
            view,
            'session_status',
            ref,
            () => client.getSessionStatus(ref),
            keepSessionStatus,
            jsonSize,
          ),
        getSessionUpoPage: (ref, upoRef) =>
          read(
            view,
            'session_upo',
            `${ref}/${upoRef}`,
            () => client.getSessionUpoPage(ref, upoRef),
            keepUpo,
            bytesSize,
          ),
      };
    },
    invoices(client, token) {
      const view = viewOf(token);
      return {
        ...client,
        sendOnlineInvoice: (ref, request) =>
          afterWrite(ref, () => client.sendOnlineInvoice(ref, request)),
        getSessionInvoiceStatus: (ref, invoiceRef) =>
          read(
            view,
            'invoice_status',
            `${ref}/${invoiceRef}`,
            () => client.getSessionInvoiceStatus(ref, invoiceRef),
            keepInvoiceStatus,
            jsonSize,
          ),
        getInvoiceUpo: (ref, invoiceRef) =>
          read(
            view,
            'invoice_upo',
            `${ref}/${invoiceRef}`,
            () => client.getInvoiceUpo(ref, invoiceRef),
            keepUpo,
            bytesSize,
          ),
      };
    },
    kept: () => ({ entries: keptAnswers.size, bytes: keptAnswers.calculatedSize }),
    get inFlight() {
      return flights.size;
    },
  };
}
