// The KSeF sessions client: one method per KSeF endpoint the gateway uses, nothing about GraphQL.
// A client is bound to one caller (its bearer token and request id) and is created per request,
// on top of the shared `KsefHttp` (one keep-alive agent per upstream). Every failure is a
// `KsefError` (see ksef-error.ts).
import type {
  OpenOnlineSessionRequestDto,
  OpenOnlineSessionResponseDto,
  PublicKeyCertificateDto,
  SessionStatusResponseDto,
  SessionsQueryDto,
  SessionsQueryResponseDto,
} from './sessions.dto';

/** Who is calling: forwarded to KSeF as `Authorization: Bearer …` and `x-request-id`. */
export interface KsefCaller {
  /** The caller's KSeF access token, without the `Bearer ` prefix. Never logged. */
  token: string;
  requestId?: string;
  /** Aborts upstream calls when the GraphQL operation is abandoned or its deadline passes. */
  signal?: AbortSignal;
}

/** A UPO document exactly as KSeF sent it (it is XAdES-signed: never re-serialize it). */
export interface UpoDownload {
  bytes: Buffer;
  /** Value of the `x-ms-meta-hash` response header (Base64 SHA-256), when KSeF sent one. */
  metaHash: string | undefined;
}

export interface KsefSessionsClient {
  /** GET /sessions; `continuationToken` travels in the `x-continuation-token` header. */
  listSessions(
    query: SessionsQueryDto,
    continuationToken?: string,
  ): Promise<SessionsQueryResponseDto>;
  /** GET /sessions/{referenceNumber}. Unknown session: KsefError kind `not-found` (KSeF 21173). */
  getSessionStatus(referenceNumber: string): Promise<SessionStatusResponseDto>;
  /** GET /sessions/{referenceNumber}/upo/{upoReferenceNumber} as raw bytes. */
  getSessionUpoPage(referenceNumber: string, upoReferenceNumber: string): Promise<UpoDownload>;
  /** POST /sessions/online (201). */
  openOnlineSession(request: OpenOnlineSessionRequestDto): Promise<OpenOnlineSessionResponseDto>;
  /** POST /sessions/online/{referenceNumber}/close (204). */
  closeOnlineSession(referenceNumber: string): Promise<void>;
  /** POST /sessions/batch/{referenceNumber}/close (204). */
  closeBatchSession(referenceNumber: string): Promise<void>;
}

/** GET /security/public-key-certificates needs no caller: it is public. */
export interface KsefSecurityClient {
  getPublicKeyCertificates(): Promise<PublicKeyCertificateDto[]>;
}
