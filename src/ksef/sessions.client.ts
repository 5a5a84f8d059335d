// The KSeF sessions client: one method per sessions endpoint the gateway uses, nothing about
// GraphQL. A client is bound to one caller (its bearer token and request id) and is created per
// request, on top of the shared `KsefHttp` (one keep-alive agent per upstream). Every failure is a
// `KsefError` (see ksef-error.ts). The invoices of a session have their own client
// (invoices.client.ts).
import type { KsefCaller } from './caller';
import type { KsefHttp } from './http';
import { continuationHeader, requestJson } from './request-json';
import {
  isOpenOnlineSessionResponse,
  isSessionStatusResponse,
  isSessionsQueryResponse,
} from './response-shape';
import { toUpoDownload } from './upo-download';
import type { UpoDownload } from './upo-download';
import type {
  OpenOnlineSessionRequestDto,
  OpenOnlineSessionResponseDto,
  SessionStatusResponseDto,
  SessionsQueryDto,
  SessionsQueryResponseDto,
} from './wire/sessions.dto';

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

export function createKsefSessionsClient(http: KsefHttp, caller: KsefCaller): KsefSessionsClient {
  return {
    listSessions(query, continuationToken) {
      return requestJson(
        http,
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
          headers: continuationHeader(continuationToken),
          caller,
          expectedStatus: [200],
        },
        isSessionsQueryResponse,
        'SessionsQueryResponse',
      );
    },

    getSessionStatus(referenceNumber) {
      return requestJson(
        http,
        {
          method: 'GET',
          pathTemplate: '/sessions/{referenceNumber}',
          pathParams: { referenceNumber },
          caller,
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

    openOnlineSession(request) {
      return requestJson(
        http,
        {
          method: 'POST',
          pathTemplate: '/sessions/online',
          body: request,
          caller,
          expectedStatus: [201],
        },
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
  };
}
