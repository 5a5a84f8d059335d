// Live status (README "Live status"): what the subscriptions `sessionUpdated` and
// `invoiceUpdated` follow. One feed (status-feed.ts) per (audience, session or invoice), however
// many subscribers on however many connections; a subscriber first reads the state itself (with
// its own token, through the shared reads: its token is checked by KSeF and a read in flight is
// joined), gets it at once, and then joins the feed. Bounded: subscriptions per token and per
// process (LiveCapacityError). `close()` ends every subscriber with LIVE_SHUTDOWN_MESSAGE.
import { randomUUID } from 'node:crypto';
import type { KsefCaller } from '../ksef/caller';
import { ownTokenKey, readAudienceKey } from '../ksef/shared-reads/read-audience';
import type { KsefUpstream } from '../ksef/upstream';
import { isFinalStatusCode } from '../ksef/wire/final-status';
import type {
  SessionInvoiceStatusResponseDto,
  SessionStatusResponseDto,
} from '../ksef/wire/sessions.dto';
import { createEventQueue } from './event-queue';
import type { FeedCoordinator } from './feed-coordination';
import type { EventQueue, LiveEvent } from './event-queue';
import { LIVE_SHUTDOWN_MESSAGE } from './live-settings';
import type { LiveStatusSettings } from './live-settings';
import { createStatusFeed } from './status-feed';
import type { FeedSubscriber, StatusFeed, StatusFeedDeps } from './status-feed';

export type LiveStream<T> = AsyncIterableIterator<LiveEvent<T>>;

/** A subscription refused because a bound is reached; `retryAfterSeconds` is a fair wait. */
export class LiveCapacityError extends Error {
  readonly retryAfterSeconds = 10;
  constructor(readonly scope: 'token' | 'process') {
    super(
      scope === 'token'
        ? 'This token follows as many sessions and invoices as the gateway allows at once; end a subscription first.'
        : 'The gateway follows as many sessions and invoices as it allows at once; try again shortly.',
    );
    this.name = 'LiveCapacityError';
  }
}

/** The gateway is stopping: the subscriber's last event. */
export class LiveShutdownError extends Error {
  constructor() {
    super(LIVE_SHUTDOWN_MESSAGE);
    this.name = 'LiveShutdownError';
  }
}

export interface LiveStatusObserver {
  /** Feeds (pollers) running now, after each start and stop. */
  setPollers?(count: number): void;
  /** Subscriptions held now. */
  setSubscriptions?(count: number): void;
  /** One poll of a feed (a status read; it may be shared or kept). */
  recordPoll?(kind: 'session' | 'invoice'): void;
}

export interface LiveStatus {
  followSession(caller: KsefCaller, referenceNumber: string): LiveStream<SessionStatusResponseDto>;
  followInvoice(
    caller: KsefCaller,
    sessionReferenceNumber: string,
    invoiceReferenceNumber: string,
  ): LiveStream<SessionInvoiceStatusResponseDto>;
  /**
   * The caller has just changed the session (closed it, sent an invoice): its feed, if any, looks
   * again soon instead of at its open-session pace.
   */
  sessionChanged(token: string, referenceNumber: string): void;
  readonly pollers: number;
  readonly subscriptions: number;
  /** Ends every subscriber with LiveShutdownError and stops every feed. */
  close(): void;
}

/** The parts of a status that make a new state; a fresh UPO link alone is not a change. */
function sessionFingerprint(status: SessionStatusResponseDto): string {
  return JSON.stringify([
    status.status.code,
    status.status.description,
    status.status.details ?? null,
    status.invoiceCount ?? null,
    status.successfulInvoiceCount ?? null,
    status.failedInvoiceCount ?? null,
    status.upo?.pages.map((page) => page.referenceNumber) ?? null,
  ]);
}

function invoiceFingerprint(status: SessionInvoiceStatusResponseDto): string {
  return JSON.stringify([
    status.status.code,
    status.status.description,
    status.status.details ?? null,
    status.ksefNumber ?? null,
    Boolean(status.upoDownloadUrl),
  ]);
}

export function createLiveStatus(
  upstream: Pick<KsefUpstream, 'forCaller'>,
  settings: LiveStatusSettings,
  observer: LiveStatusObserver = {},
  coordinator?: FeedCoordinator,
): LiveStatus {
  const feeds = new Map<string, StatusFeed<unknown>>();
  const perToken = new Map<string, number>();
  const open = new Set<EventQueue<unknown>>();
  let closing = false;

  const report = () => {
    observer.setPollers?.(feeds.size);
    observer.setSubscriptions?.(open.size);
  };

  function admit(token: string): string {
    const key = ownTokenKey(token);
    if (closing) throw new LiveShutdownError();
    if (open.size >= settings.maxSubscriptions) throw new LiveCapacityError('process');
    const held = perToken.get(key) ?? 0;
    if (held >= settings.maxSubscriptionsPerToken) throw new LiveCapacityError('token');
    perToken.set(key, held + 1);
    return key;
  }

  function release(key: string) {
    const held = (perToken.get(key) ?? 1) - 1;
    if (held <= 0) perToken.delete(key);
    else perToken.set(key, held);
  }

  const feedKey = (token: string, kind: 'session' | 'invoice', what: string) =>
    `${readAudienceKey(token)}\u0000${kind}\u0000${what}`;

  function follow<T>(
    caller: KsefCaller,
    what: string,
    kind: 'session' | 'invoice',
    firstRead: (caller: KsefCaller) => Promise<T>,
    shape: Omit<StatusFeedDeps<T>, 'read' | 'settings' | 'onStop' | 'onPoll'>,
  ): LiveStream<T> {
    const tokenKey = admit(caller.token);
    let feed: StatusFeed<T> | undefined;
    let subscriber: FeedSubscriber<T> | undefined;
    const queue = createEventQueue<T>(() => {
      open.delete(queue);
      release(tokenKey);
      if (feed !== undefined && subscriber !== undefined) feed.leave(subscriber);
      report();
    });
    open.add(queue);
    report();

    void (async () => {
      let first: T;
      try {
        first = await firstRead(caller);
      } catch (error) {
        queue.fail(error);
        return;
      }
      if (queue.closed) return;
      queue.push(first);
      if (shape.isFinal(first) || closing) {
        queue.end();
        return;
      }
      // KSeF has just accepted this token, so its claims say who it shares the feed with.
      const key = feedKey(caller.token, kind, what);
      let existing = feeds.get(key) as StatusFeed<T> | undefined;
      if (existing === undefined) {
        const pollRequestId = `live-${randomUUID()}`;
        const link = coordinator?.link(key, {
          value: (value) => created.receive(value as T),
          wake: () => created.wake(),
        });
        const created: StatusFeed<T> = createStatusFeed<T>({
          ...shape,
          settings,
          ...(link !== undefined && { link }),
          read: (token) => firstRead({ token, requestId: pollRequestId }),
          onPoll: () => observer.recordPoll?.(kind),
          onStop: () => {
            if (feeds.get(key) === created) feeds.delete(key);
            report();
          },
        });
        existing = created;
        feeds.set(key, created);
      }
      feed = existing;
      subscriber = { token: caller.token, queue, lastFingerprint: undefined };
      feed.join(subscriber, first);
      report();
    })();
    return queue;
  }

  return {
    followSession(caller, referenceNumber) {
      return follow(
        caller,
        referenceNumber,
        'session',
        (c) => upstream.forCaller(c).sessions.getSessionStatus(referenceNumber),
        {
          fingerprint: sessionFingerprint,
          isFinal: (status) => isFinalStatusCode(status.status.code),
          // 100: an open session changes only when its caller sends, uploads or closes.
          waitsOnCaller: (status) => status.status.code === 100,
        },
      );
    },
    followInvoice(caller, sessionReferenceNumber, invoiceReferenceNumber) {
      return follow(
        caller,
        `${sessionReferenceNumber}/${invoiceReferenceNumber}`,
        'invoice',
        (c) =>
          upstream
            .forCaller(c)
            .invoices.getSessionInvoiceStatus(sessionReferenceNumber, invoiceReferenceNumber),
        {
          fingerprint: invoiceFingerprint,
          isFinal: (status) => isFinalStatusCode(status.status.code),
          waitsOnCaller: () => false,
        },
      );
    },
    sessionChanged(token, referenceNumber) {
      feeds.get(feedKey(token, 'session', referenceNumber))?.nudge();
    },
    get pollers() {
      return feeds.size;
    },
    get subscriptions() {
      return open.size;
    },
    close() {
      closing = true;
      const shutdown = new LiveShutdownError();
      for (const feed of [...feeds.values()]) feed.stop(shutdown);
      for (const queue of [...open]) queue.fail(shutdown);
      report();
    },
  };
}
