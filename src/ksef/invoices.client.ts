// The invoices of a session: sending one into an online session, and the session-invoice reads
// (lists, one invoice's status, its UPO). Bound to one caller like the sessions client; every
// failure is a KsefError.
import type { KsefCaller } from './caller';
import type { KsefHttp } from './http';
import { continuationHeader, requestJson } from './request-json';
import {
  isSendInvoiceResponse,
  isSessionInvoiceStatus,
  isSessionInvoicesResponse,
} from './response-shape';
import { toUpoDownload } from './upo-download';
import type { UpoDownload } from './upo-download';
import type {
  SendInvoiceRequestDto,
  SendInvoiceResponseDto,
  SessionInvoiceStatusResponseDto,
  SessionInvoicesResponseDto,
} from './wire/sessions.dto';

export interface InvoicePageOptions {
  /** 10..1000 (KSeF's bounds); KSeF's default 10 when absent. */
  pageSize?: number;
  continuationToken?: string;
}

export interface KsefInvoicesClient {
  /** POST /sessions/online/{referenceNumber}/invoices (202). Never retried (see resilience). */
  sendOnlineInvoice(
    referenceNumber: string,
    request: SendInvoiceRequestDto,
  ): Promise<SendInvoiceResponseDto>;
  /** GET /sessions/{referenceNumber}/invoices; paged with continuation tokens. */
  getSessionInvoices(
    referenceNumber: string,
    options?: InvoicePageOptions,
  ): Promise<SessionInvoicesResponseDto>;
  /** GET /sessions/{referenceNumber}/invoices/failed. */
  getSessionFailedInvoices(
    referenceNumber: string,
    options?: InvoicePageOptions,
  ): Promise<SessionInvoicesResponseDto>;
  /** GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}. */
  getSessionInvoiceStatus(
    referenceNumber: string,
    invoiceReferenceNumber: string,
  ): Promise<SessionInvoiceStatusResponseDto>;
  /** GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}/upo as raw bytes. */
  getInvoiceUpo(referenceNumber: string, invoiceReferenceNumber: string): Promise<UpoDownload>;
}

export function createKsefInvoicesClient(http: KsefHttp, caller: KsefCaller): KsefInvoicesClient {
  function invoicePage(
    pathTemplate: string,
    referenceNumber: string,
    options: InvoicePageOptions | undefined,
  ): Promise<SessionInvoicesResponseDto> {
    return requestJson(
      http,
      {
        method: 'GET',
        pathTemplate,
        pathParams: { referenceNumber },
        query: { pageSize: options?.pageSize },
        headers: continuationHeader(options?.continuationToken),
        caller,
        expectedStatus: [200],
      },
      isSessionInvoicesResponse,
      'SessionInvoicesResponse',
    );
  }

  return {
    sendOnlineInvoice(referenceNumber, request) {
      return requestJson(
        http,
        {
          method: 'POST',
          pathTemplate: '/sessions/online/{referenceNumber}/invoices',
          pathParams: { referenceNumber },
          body: request,
          caller,
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
      return requestJson(
        http,
        {
          method: 'GET',
          pathTemplate: '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}',
          pathParams: { referenceNumber, invoiceReferenceNumber },
          caller,
          expectedStatus: [200],
        },
        isSessionInvoiceStatus,
        'SessionInvoiceStatusResponse',
      );
    },

    async getInvoiceUpo(referenceNumber, invoiceReferenceNumber) {
      const pathTemplate = '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}/upo';
      const response = await http.request({
        method: 'GET',
        pathTemplate,
        pathParams: { referenceNumber, invoiceReferenceNumber },
        caller,
        responseType: 'bytes',
        expectedStatus: [200],
      });
      return toUpoDownload('GET', pathTemplate, response.status, response.data, response.headers);
    },
  };
}
