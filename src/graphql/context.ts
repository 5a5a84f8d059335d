// The per-request context (DESIGN §1): who calls (token or none), a request id, and — created only
// when a resolver first needs them — the KSeF clients bound to that caller and its loaders.
// Creating a context does no I/O and no schema work; what is shared between requests lives in the
// KSeF upstream, built once per gateway.
import { unauthenticated } from '../errors/gateway-error';
import { acceptRequestId } from '../http/request-id';
import type { KsefCaller } from '../ksef/caller';
import type { SessionKeyVault } from '../ksef/session-key-vault';
import type { KsefAuthApi, KsefCallerApi, KsefUpstream } from '../ksef/upstream';
import type { LiveStatus } from '../live/live-status';
import { createInvoiceLoaders } from '../loaders/invoice-status.loader';
import type { InvoiceLoaders } from '../loaders/invoice-status.loader';
import { createSessionLoaders } from '../loaders/session-status.loader';
import type { SessionLoaderSettings, SessionLoaders } from '../loaders/session-status.loader';

export interface GatewayContext {
  /** The caller, or null when the request carried no bearer token. */
  readonly caller: KsefCaller | null;
  readonly requestId: string;
  /** The caller's KSeF clients; throws UNAUTHENTICATED (before any call) without a token. */
  ksef(): KsefCallerApi;
  /** Logging in and refreshing: needs no token (any sent is ignored). */
  auth(): KsefAuthApi;
  /** The caller's per-request loaders; throws UNAUTHENTICATED without a token. */
  loaders(): SessionLoaders;
  /** The caller's per-request invoice-status loader; throws UNAUTHENTICATED without a token. */
  invoiceLoaders(): InvoiceLoaders;
  /** Seals and opens `sessionKey` handles; null when GATEWAY_KEY_SECRETS offers none. */
  readonly sessionKeys: SessionKeyVault | null;
  /** The gateway's live-status feeds (subscriptions); shared by every request. */
  readonly live: LiveStatus;
}

export interface ContextRequest {
  /** Raw `Authorization` header value. */
  authorization?: string | null;
  /** The request id (http/request-id.ts decides it per HTTP request); unsafe or absent: a new one. */
  requestId?: string | null;
  signal?: AbortSignal;
}

export interface ContextDeps {
  upstream: KsefUpstream;
  loaders: SessionLoaderSettings;
  /** Told of session lookups a loader answered without an upstream call (metrics). */
  onDeduplicated(count: number): void;
  sessionKeys: SessionKeyVault | null;
  live: LiveStatus;
}

export type ContextFactory = (request: ContextRequest) => GatewayContext;

/** The token of `Authorization: Bearer <token>`, or null for anything else. */
export function toBearerToken(authorization: string | null | undefined): string | null {
  if (!authorization) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization.trim());
  return match?.[1] ?? null;
}

export function createContextFactory(deps: ContextDeps): ContextFactory {
  return (request) => {
    const token = toBearerToken(request.authorization);
    // Forward a caller's request id only when it is harmless in a header and a log line.
    const requestId = acceptRequestId(request.requestId);
    const caller: KsefCaller | null =
      token === null
        ? null
        : { token, requestId, ...(request.signal !== undefined && { signal: request.signal }) };

    let api: KsefCallerApi | undefined;
    let auth: KsefAuthApi | undefined;
    let loaders: SessionLoaders | undefined;
    let invoiceLoaders: InvoiceLoaders | undefined;

    const ksef = (): KsefCallerApi => {
      if (caller === null) throw unauthenticated();
      api ??= deps.upstream.forCaller(caller);
      return api;
    };

    return {
      caller,
      requestId,
      sessionKeys: deps.sessionKeys,
      live: deps.live,
      ksef,
      auth() {
        auth ??= deps.upstream.auth({
          requestId,
          ...(request.signal !== undefined && { signal: request.signal }),
        });
        return auth;
      },
      loaders() {
        loaders ??= createSessionLoaders(ksef().sessions, {
          ...deps.loaders,
          onDeduplicated: (count) => deps.onDeduplicated(count),
        });
        return loaders;
      },
      invoiceLoaders() {
        invoiceLoaders ??= createInvoiceLoaders(ksef().invoices, {
          ...deps.loaders,
          onDeduplicated: (count) => deps.onDeduplicated(count),
        });
        return invoiceLoaders;
      },
    };
  };
}
