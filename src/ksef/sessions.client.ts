// The KSeF sessions client: one method per KSeF endpoint the gateway uses, nothing about GraphQL.
// A client is bound to one caller (its bearer token and request id) and is created per request,
// on top of the shared `KsefHttp` (one keep-alive agent per upstream). Every failure is a
// `KsefError` (see ksef-error.ts).
import { createHash } from 'node:crypto';
import { contractViolation } from './http';
import type { KsefHttp, KsefRequestSpec } from './http';
import {
  isOpenOnlineSessionResponse,
  isPublicKeyCertificateList,
  isSendInvoiceResponse,
  isSessionInvoiceStatus,
  isSessionInvoicesResponse,
  isSessionStatusResponse,
  isSessionsQueryResponse,
} from './response-shape';
import type {
  OpenOnlineSessionRequestDto,
  OpenOnlineSessionResponseDto,
  PublicKeyCertificateDto,
  SendInvoiceRequestDto,
  SendInvoiceResponseDto,
  SessionInvoiceStatusResponseDto,
  SessionInvoicesResponseDto,
  SessionStatusResponseDto,
  SessionsQueryDto,
  SessionsQueryResponseDto,
} from './wire/sessions.dto';

/** Who is calling: forwarded to KSeF as `Authorization: Bearer …` and `x-request-id`. */
export interface KsefCaller {
  /** The caller's KSeF access token, without the `Bearer ` prefix. Never logged. */
  token: string;
  requestId?: string;
  /** Aborts upstream calls when the GraphQL operation is abandoned or its deadline passes. */
  signal?: AbortSignal;
  /** Epoch ms by which the whole operation must end (retries, rate-limit waits included). */
  deadline?: number;
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

/**
 * The invoice side of an online session. A separate interface (rather than more methods on
 * KsefSessionsClient) so that fakes written against KsefSessionsClient keep compiling; the real
 * client implements both.
 */
export interface KsefSessionInvoicesClient {
  /** POST /sessions/online/{referenceNumber}/invoices (202). */
  sendOnlineInvoice(
    referenceNumber: string,
    request: SendInvoiceRequestDto,
  ): Promise<SendInvoiceResponseDto>;
  /** GET /sessions/{referenceNumber}/invoices; paged like listSessions. */
  getSessionInvoices(
    referenceNumber: string,
    options?: { pageSize?: number; continuationToken?: string },
  ): Promise<SessionInvoicesResponseDto>;
  /** GET /sessions/{referenceNumber}/invoices/failed. */
  getSessionFailedInvoices(
    referenceNumber: string,
    options?: { pageSize?: number; continuationToken?: string },
  ): Promise<SessionInvoicesResponseDto>;
  /** GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}. */
  getSessionInvoiceStatus(
    referenceNumber: string,
    invoiceReferenceNumber: string,
  ): Promise<SessionInvoiceStatusResponseDto>;
}

export function createKsefSessionsClient(
  http: KsefHttp,
  caller: KsefCaller,
): KsefSessionsClient & KsefSessionInvoicesClient {
  async function getJson<T>(
    spec: Omit<KsefRequestSpec, 'caller' | 'responseType'>,
    isExpected: (value: unknown) => value is T,
    name: string,
  ): Promise<T> {
    const response = await http.request({ ...spec, caller, responseType: 'json' });
    if (!isExpected(response.data)) {
      throw contractViolation(
        spec.method,
        spec.pathTemplate,
        response.status,
        `answered with a body that is not a ${name}`,
      );
    }
    return response.data;
  }

  function continuation(token: string | undefined): Record<string, string> | undefined {
    // An empty token means "first page" (KSeF reports the last page with null/empty).
    return token === undefined || token === '' ? undefined : { 'x-continuation-token': token };
  }

  function invoicePage(
    pathTemplate: string,
    referenceNumber: string,
    options: { pageSize?: number; continuationToken?: string } | undefined,
  ): Promise<SessionInvoicesResponseDto> {
    return getJson(
      {
        method: 'GET',
        pathTemplate,
        pathParams: { referenceNumber },
        query: { pageSize: options?.pageSize },
        headers: continuation(options?.continuationToken),
        expectedStatus: [200],
      },
      isSessionInvoicesResponse,
      'SessionInvoicesResponse',
    );
  }

  return {
    listSessions(query, continuationToken) {
      return getJson(
        {
          method: 'GET',
          pathTemplate: '/sessions',
          query: {
            sessionType: query.sessionType,
            pageSize: query.pageSize,
            referenceNumber: query.referenceNumber,
            dateCreatedFrom: query.dateCreatedFrom,
            dateCreatedTo: query.dateCreatedTo,
            dateClosedFrom: query.dateClosedFrom,
            dateClosedTo: query.dateClosedTo,
            dateModifiedFrom: query.dateModifiedFrom,
            dateModifiedTo: query.dateModifiedTo,
            statuses: query.statuses,
          },
          headers: continuation(continuationToken),
          expectedStatus: [200],
        },
        isSessionsQueryResponse,
        'SessionsQueryResponse',
      );
    },

    getSessionStatus(referenceNumber) {
      return getJson(
        {
          method: 'GET',
          pathTemplate: '/sessions/{referenceNumber}',
          pathParams: { referenceNumber },
          expectedStatus: [200],
        },
        isSessionStatusResponse,
        'SessionStatusResponse',
      );
    },

    async getSessionUpoPage(referenceNumber, upoReferenceNumber) {
      const pathTemplate = '/sessions/{referenceNumber}/upo/{upoReferenceNumber}';
      const response = await http.request({
        method: 'GET',
        pathTemplate,
        pathParams: { referenceNumber, upoReferenceNumber },
        caller,
        responseType: 'bytes',
        expectedStatus: [200],
      });
      return toUpoDownload('GET', pathTemplate, response.status, response.data, response.headers);
    },

    async openOnlineSession(request) {
      return getJson(
        { method: 'POST', pathTemplate: '/sessions/online', body: request, expectedStatus: [201] },
        isOpenOnlineSessionResponse,
        'OpenOnlineSessionResponse',
      );
    },

    async closeOnlineSession(referenceNumber) {
      await http.request({
        method: 'POST',
        pathTemplate: '/sessions/online/{referenceNumber}/close',
        pathParams: { referenceNumber },
        caller,
        responseType: 'none',
        expectedStatus: [204],
      });
    },

    async closeBatchSession(referenceNumber) {
      await http.request({
        method: 'POST',
        pathTemplate: '/sessions/batch/{referenceNumber}/close',
        pathParams: { referenceNumber },
        caller,
        responseType: 'none',
        expectedStatus: [204],
      });
    },

    sendOnlineInvoice(referenceNumber, request) {
      return getJson(
        {
          method: 'POST',
          pathTemplate: '/sessions/online/{referenceNumber}/invoices',
          pathParams: { referenceNumber },
          body: request,
          expectedStatus: [202],
        },
        isSendInvoiceResponse,
        'SendInvoiceResponse',
      );
    },

    getSessionInvoices(referenceNumber, options) {
      return invoicePage('/sessions/{referenceNumber}/invoices', referenceNumber, options);
    },

    getSessionFailedInvoices(referenceNumber, options) {
      return invoicePage('/sessions/{referenceNumber}/invoices/failed', referenceNumber, options);
    },

    getSessionInvoiceStatus(referenceNumber, invoiceReferenceNumber) {
      return getJson(
        {
          method: 'GET',
          pathTemplate: '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}',
          pathParams: { referenceNumber, invoiceReferenceNumber },
          expectedStatus: [200],
        },
        isSessionInvoiceStatus,
        'SessionInvoiceStatusResponse',
      );
    },
  };
}

/** The public-key endpoint is public: no token travels with it. */
export function createKsefSecurityClient(http: KsefHttp): KsefSecurityClient {
  return {
    async getPublicKeyCertificates() {
      const pathTemplate = '/security/public-key-certificates';
      const response = await http.request({
        method: 'GET',
        pathTemplate,
        responseType: 'json',
        expectedStatus: [200],
      });
      if (!isPublicKeyCertificateList(response.data)) {
        throw contractViolation(
          'GET',
          pathTemplate,
          response.status,
          'answered with a body that is not a PublicKeyCertificate list',
        );
      }
      return response.data;
    },
  };
}

/**
 * Wraps a UPO body. When KSeF sent `x-ms-meta-hash`, the bytes must hash to it: a mismatch means a
 * truncated or altered receipt, which must never reach a caller as if it were the signed original.
 */
export function toUpoDownload(
  method: string,
  path: string,
  status: number,
  bytes: Buffer,
  headers: Readonly<Record<string, string>>,
): UpoDownload {
  const sent = headers['x-ms-meta-hash']?.trim();
  const metaHash = sent === '' ? undefined : sent;
  if (metaHash !== undefined) {
    const actual = createHash('sha256').update(bytes).digest('base64');
    if (actual !== metaHash) {
      throw contractViolation(
        method,
        path,
        status,
        'sent a UPO whose SHA-256 differs from x-ms-meta-hash',
      );
    }
  }
  return { bytes, metaHash };
}
