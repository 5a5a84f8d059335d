// Per-request loaders for session status (DESIGN §1): one caller, one request, one cache — a cache
// must never outlive one caller's permissions, because KSeF decides per token what a caller sees.
//
// Contract:
// - `status.load(ref)` costs at most one `GET /sessions/{ref}` per distinct reference per request,
//   however many resolvers (aliases, federation `_entities` representations) ask for it. The batch
//   fetches distinct keys with bounded concurrency (KSeF's sessionMisc limit is 10/s per context).
// - An unknown session (KSeF 21173, KsefError kind `not-found`) resolves to `null`; any other
//   failure rejects only the keys it concerns (DataLoader accepts Error values in the result).
// - `session.load(ref)` answers a `SessionSnapshot`. A `GET /sessions` page primes it
//   (`primeFromList`), so status fields of listed sessions cost no further calls; otherwise it
//   goes through `status`.
// - `clear(ref)` forgets both, so a mutation can read the fresh status afterwards.
// - `onDeduplicated(n)` hears of every load answered from the cache instead of a new call: a key
//   repeated in one batch, asked again later in the request, or primed by a list page / open.
import type DataLoader from 'dataloader';
import type { KsefSessionsClient } from '../ksef/sessions.client';
import type {
  SessionStatusResponseDto,
  SessionsQueryResponseItemDto,
} from '../ksef/wire/sessions.dto';
import { isKsefError } from '../ksef/ksef-error';
import { createConcurrencyLimit } from './concurrency-limit';
import { createObservedLoader } from './observed-loader';
import type { SessionSnapshot } from './session-snapshot';
import { toSnapshotFromListItem, toSnapshotFromStatus } from './session-snapshot';

/** Status reads of one request in flight at once (KSEF_STATUS_CONCURRENCY). */
export const DEFAULT_STATUS_CONCURRENCY = 4;

export interface SessionLoaderSettings {
  /** How many status reads of one request may be in flight at once. */
  statusConcurrency: number;
}

export interface SessionLoaderOptions extends SessionLoaderSettings {
  /** Told of lookups that cost no upstream call (metrics: DataLoader deduplications). */
  onDeduplicated?: (count: number) => void;
}

export interface SessionLoaders {
  /** The raw status response of a session, or null when KSeF knows no such session. */
  status: DataLoader<string, SessionStatusResponseDto | null>;
  /** What is known about a session: primed from list pages, else read through `status`. */
  session: DataLoader<string, SessionSnapshot | null>;
  primeFromList(items: readonly SessionsQueryResponseItemDto[]): void;
  /** Remembers a snapshot built by the caller (e.g. from an open-session response). */
  primeSnapshot(snapshot: SessionSnapshot): void;
  clear(referenceNumber: string): void;
}

export function createSessionLoaders(
  client: Pick<KsefSessionsClient, 'getSessionStatus'>,
  options: SessionLoaderOptions,
): SessionLoaders {
  const limit = createConcurrencyLimit(options.statusConcurrency);

  const fetchStatus = async (ref: string): Promise<SessionStatusResponseDto | null | Error> => {
    try {
      return await limit(() => client.getSessionStatus(ref));
    } catch (error) {
      if (isKsefError(error) && error.kind === 'not-found') return null;
      return error instanceof Error ? error : new Error(String(error));
    }
  };

  const status = createObservedLoader<SessionStatusResponseDto | null>(
    // DataLoader already de-duplicates keys of one batch while its cache is on.
    (refs) => Promise.all(refs.map(fetchStatus)),
    options.onDeduplicated,
  );

  const session = createObservedLoader<SessionSnapshot | null>(async (refs) => {
    const results = await status.loadMany(refs);
    return results.map((result, index) => {
      if (result instanceof Error || result === null) return result;
      return toSnapshotFromStatus(refs[index] as string, result);
    });
  }, options.onDeduplicated);

  return {
    status,
    session,
    primeFromList(items) {
      for (const item of items) {
        // `prime` keeps an entry already loaded: a full status beats a list item (it knows `upo`).
        session.prime(item.referenceNumber, toSnapshotFromListItem(item));
      }
    },
    primeSnapshot(snapshot) {
      session.clear(snapshot.referenceNumber).prime(snapshot.referenceNumber, snapshot);
    },
    clear(referenceNumber) {
      status.clear(referenceNumber);
      session.clear(referenceNumber);
    },
  };
}
