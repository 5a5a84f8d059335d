// The per-request context (DESIGN §1): who calls (token or none), a request id, and — created only
// when a resolver first needs them — a KSeF sessions client bound to that caller and its loaders.
// Creating a context does no I/O and no schema work; everything shared lives in `GatewayServices`,
// built once per gateway.
import { unauthenticated } from '../errors/gateway-error';
import { acceptRequestId } from '../http/request-id';
import type { KsefCaller, KsefSessionsClient, UpoDownload } from '../ksef/sessions.client';
import type { OpenOnlineSessionResult } from '../ksef/open-online-session';
import type { EncryptionInfoDto, FormCodeDto } from '../ksef/wire/sessions.dto';
import { createSessionLoaders } from '../loaders/session-status.loader';
import type { SessionLoaders } from '../loaders/session-status.loader';

/** What the gateway shares between requests (one keep-alive agent, the certificate cache …). */
export interface GatewayServices {
  createSessionsClient(caller: KsefCaller): KsefSessionsClient;
  /** Opens an online session; generates the AES key when `encryption` is omitted. */
  openOnlineSession(
    client: KsefSessionsClient,
    request: { formCode: FormCodeDto; encryption?: EncryptionInfoDto },
  ): Promise<OpenOnlineSessionResult>;
  /** GET of a pre-signed UPO link (no Authorization); absent: UPOs go through the API. */
  downloadUpo?(url: string, signal?: AbortSignal): Promise<UpoDownload>;
  /** Status reads of one request in flight at once (default 4). */
  statusLoaderConcurrency?: number;
  /** Clock, replaceable in tests. */
  now?(): Date;
  /** Told of session lookups a loader answered without an upstream call (metrics). */
  recordDeduplicated?(count: number): void;
}

export interface GatewayContext {
  /** The caller, or null when the request carried no bearer token. */
  readonly caller: KsefCaller | null;
  readonly requestId: string;
  readonly services: GatewayServices;
  /** The caller's KSeF client; throws UNAUTHENTICATED (before any call) without a token. */
  ksef(): KsefSessionsClient;
  /** The caller's per-request loaders; throws UNAUTHENTICATED without a token. */
  loaders(): SessionLoaders;
}

export interface ContextRequest {
  /** Raw `Authorization` header value. */
  authorization?: string | null;
  /** The request id (http/request-id.ts decides it per HTTP request); unsafe or absent: a new one. */
  requestId?: string | null;
  signal?: AbortSignal;
}

/** The token of `Authorization: Bearer <token>`, or null for anything else. */
export function toBearerToken(authorization: string | null | undefined): string | null {
  if (!authorization) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization.trim());
  return match?.[1] ?? null;
}

export function createGatewayContext(
  services: GatewayServices,
  request: ContextRequest,
): GatewayContext {
  const token = toBearerToken(request.authorization);
  // Forward a caller's request id only when it is harmless in a header and a log line.
  const requestId = acceptRequestId(request.requestId);
  const caller: KsefCaller | null =
    token === null
      ? null
      : { token, requestId, ...(request.signal !== undefined && { signal: request.signal }) };

  let client: KsefSessionsClient | undefined;
  let loaders: SessionLoaders | undefined;

  const ksef = (): KsefSessionsClient => {
    if (caller === null) throw unauthenticated();
    client ??= services.createSessionsClient(caller);
    return client;
  };

  return {
    caller,
    requestId,
    services,
    ksef,
    loaders() {
      loaders ??= createSessionLoaders(ksef(), {
        concurrency: services.statusLoaderConcurrency ?? 4,
        ...(services.recordDeduplicated !== undefined && {
          onDeduplicated: (count: number) => services.recordDeduplicated?.(count),
        }),
      });
      return loaders;
    },
  };
}
