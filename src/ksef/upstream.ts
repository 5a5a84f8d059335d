// The KSeF upstream as one part (DESIGN.md §2): the one keep-alive transport, measured per attempt,
// wrapped in the resilience layer, the shared certificate cache and the UPO link downloader, built
// once per gateway; and, per caller, the clients and use cases a request needs. gateway.ts asks
// this module for nothing else.
//
//   createKsefHttp ─► instrument (each attempt on the wire) ─► resilience (deadline, limiter,
//   breaker, retries) ─► sessions / invoices / security / auth clients, public keys, UPO reader
//   and, between the clients and every request, the reads shared across requests (shared-reads/)
import { createKsefAuthClient } from './auth.client';
import type { KsefCaller } from './caller';
import { callerContextKey } from './caller-context';
import { createKsefHttp } from './http';
import type { KsefHttp, KsefHttpOptions } from './http';
import { createKsefInvoicesClient } from './invoices.client';
import type { KsefInvoicesClient } from './invoices.client';
import { loginWithKsefToken } from './login-with-ksef-token';
import type { KsefTokenLogin } from './login-with-ksef-token';
import { openOnlineSession } from './open-online-session';
import type { OpenOnlineSessionResult } from './open-online-session';
import { createPublicKeyProvider } from './public-key-provider';
import { withResilientUpstream } from './resilience/resilience-settings';
import type {
  ResilienceObserver,
  ResilienceSettings,
  ShareRateLimiter,
} from './resilience/resilience-settings';
import { createKsefSecurityClient } from './security.client';
import { sendInvoice } from './send-invoice';
import type { SendInvoiceRequest, SendInvoiceResult } from './send-invoice';
import { createSentInvoices } from './sent-invoices';
import { createSharedReads, DEFAULT_SHARED_READS_SETTINGS } from './shared-reads/shared-reads';
import type {
  SharedAnswerStore,
  SharedReadsObserver,
  SharedReadsSettings,
} from './shared-reads/shared-reads';
import { createKsefSessionsClient } from './sessions.client';
import type { KsefSessionsClient } from './sessions.client';
import { createUpoDownloader } from './upo-download';
import { createUpoReader } from './upo-reader';
import type { UpoReader } from './upo-reader';
import type {
  AuthenticationTokenRefreshResponseDto,
  AuthenticationTokensResponseDto,
} from './wire/auth.dto';
import type { EncryptionInfoDto, FormCodeDto } from './wire/sessions.dto';

export interface KsefUpstreamOptions {
  http: KsefHttpOptions;
  resilience: ResilienceSettings;
  /** Reads shared across requests (shared-reads/); default DEFAULT_SHARED_READS_SETTINGS. */
  sharedReads?: SharedReadsSettings;
}

export interface KsefUpstreamObservers {
  /** Wraps the transport so that every attempt on the wire is measured (metrics, spans, logs). */
  instrument?: (http: KsefHttp) => KsefHttp;
  /** Hears of retries, rate-limit waits and circuit state changes. */
  resilience?: ResilienceObserver;
  /** Hears of reads answered by another request's call or by a kept final answer. */
  sharedReads?: SharedReadsObserver;
}

/** What this gateway shares with its other replicas (replicas/, REDIS_URL); absent: nothing. */
export interface KsefUpstreamSharing {
  rateLimiter?: ShareRateLimiter;
  answers?: SharedAnswerStore;
}

/** Everything one caller's request can do with KSeF. */
export interface KsefCallerApi {
  /** The caller's KSeF context (caller-context.ts): what per-caller state is keyed by. */
  readonly context: string;
  readonly sessions: KsefSessionsClient;
  readonly invoices: KsefInvoicesClient;
  readonly upo: UpoReader;
  /** Opens an online session; generates the AES key when `encryption` is omitted. */
  openOnlineSession(
    formCode: FormCodeDto,
    encryption?: EncryptionInfoDto,
  ): Promise<OpenOnlineSessionResult>;
  /** Sends one invoice into an online session; safe to repeat (send-invoice.ts). */
  sendInvoice(request: SendInvoiceRequest): Promise<SendInvoiceResult>;
}

/** Logging in: what a request can do with KSeF before it has an access token. */
export interface KsefAuthApi {
  /** The whole KSeF-token login (login-with-ksef-token.ts) within the operation's deadline. */
  loginWithKsefToken(login: KsefTokenLogin): Promise<AuthenticationTokensResponseDto>;
  /** A new access token for a refresh token; a refused one is `unauthenticated`. */
  refreshAccessToken(refreshToken: string): Promise<AuthenticationTokenRefreshResponseDto>;
}

export interface KsefUpstream {
  /** The clients and use cases bound to one caller; cheap, made per request. */
  forCaller(caller: KsefCaller): KsefCallerApi;
  /** The login calls of one request (no token needed); cheap, made per request. */
  auth(request: { requestId?: string; signal?: AbortSignal }): KsefAuthApi;
  /** One public call through the breaker (readiness): resolves when KSeF answers. */
  probe(): Promise<void>;
  /** Closes the pooled sockets. */
  close(): void;
}

export function createKsefUpstream(
  options: KsefUpstreamOptions,
  observers: KsefUpstreamObservers = {},
  sharing: KsefUpstreamSharing = {},
): KsefUpstream {
  const wire = createKsefHttp(options.http);
  const { http } = withResilientUpstream(
    observers.instrument ? observers.instrument(wire) : wire,
    options.resilience,
    observers.resilience,
    sharing.rateLimiter,
  );
  const security = createKsefSecurityClient(http);
  const publicKeys = createPublicKeyProvider(security);
  const tokenKeys = createPublicKeyProvider(security, undefined, 'KsefTokenEncryption');
  const downloader = createUpoDownloader(http);
  // Shared by every request of this gateway: a repeated send is recognised whoever repeats it.
  const sent = createSentInvoices();
  // Shared by every request too: identical reads in flight meet, final answers are kept.
  const sharedReads = createSharedReads(
    options.sharedReads ?? DEFAULT_SHARED_READS_SETTINGS,
    observers.sharedReads,
    Date.now,
    sharing.answers,
  );

  return {
    forCaller(caller) {
      const sessions = sharedReads.sessions(createKsefSessionsClient(http, caller), caller.token);
      const invoices = sharedReads.invoices(createKsefInvoicesClient(http, caller), caller.token);
      const context = callerContextKey(caller);
      return {
        context,
        sessions,
        invoices,
        upo: createUpoReader({
          downloader,
          sessions,
          invoices,
          ...(caller.signal !== undefined && { signal: caller.signal }),
        }),
        openOnlineSession: (formCode, encryption) =>
          openOnlineSession({ client: sessions, publicKeys }, formCode, encryption),
        sendInvoice: (request) => sendInvoice({ invoices, sent, context }, request),
      };
    },
    auth(request) {
      // One deadline for all of the request's login calls, as for an operation's calls.
      const deadline = Date.now() + options.resilience.operationTimeoutMs;
      const auth = createKsefAuthClient(http, { ...request, deadline });
      return {
        loginWithKsefToken: (login) =>
          loginWithKsefToken(
            {
              auth,
              tokenKeys,
              deadline,
              ...(request.signal !== undefined && { signal: request.signal }),
            },
            login,
          ),
        refreshAccessToken: (refreshToken) => auth.refreshAccessToken(refreshToken),
      };
    },
    async probe() {
      await security.getPublicKeyCertificates();
    },
    close: () => http.close(),
  };
}
