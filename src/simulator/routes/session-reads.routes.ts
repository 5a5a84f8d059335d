// The read side: GET /sessions (list), GET /sessions/{ref} (status) and the session's invoices
// (all, failed, one).
import type {
  SessionInvoicesResponseDto,
  SessionsQueryResponseDto,
} from '../../ksef/wire/sessions.dto';
import { continuationHeader, pageOf } from '../listing/paging';
import { matchesQuery, parseSessionQuery, queryScope, sortKeyOf } from '../listing/session-listing';
import { json } from '../server/responses';
import { callerOf, type RouteDefinition, type SimRequest } from '../server/router';
import type { InvoiceRecord } from '../state/session';
import { pageSizeOf } from '../validation/request-validation';
import type { RouteDeps } from './route-deps';
import {
  invoiceOf,
  sessionOf,
  unknownSessionAsValidationError,
  toInvoiceStatusDto,
  toSessionListItemDto,
  toSessionStatusDto,
} from './session-views';

export function sessionReadRoutes(deps: RouteDeps): RouteDefinition[] {
  const { store, signer, tokens, upoUrlTtlMs } = deps;

  const invoiceList = (failedOnly: boolean) => (request: SimRequest) => {
    const session = sessionOf(store, request);
    const pageSize = pageSizeOf(request.query);
    // Invoices are listed in sending order; the key is inverted so that "descending" paging works.
    const keyOf = (i: InvoiceRecord) => String(1e9 - i.ordinalNumber).padStart(10, '0');
    const invoices = session.invoices.filter((i) => !failedOnly || i.status.code > 200);
    const scope = JSON.stringify([
      'invoices',
      callerOf(request).key,
      session.referenceNumber,
      failedOnly,
    ]);
    const page = pageOf(
      invoices,
      keyOf,
      pageSize,
      tokens,
      scope,
      continuationHeader(request.headers),
    );
    const body: SessionInvoicesResponseDto = {
      continuationToken: page.continuationToken,
      invoices: page.items.map((i) => toInvoiceStatusDto(session, i, signer, upoUrlTtlMs)),
    };
    return json(200, body);
  };

  return [
    {
      method: 'GET',
      template: '/sessions',
      base: '/v2',
      auth: true,
      handle(request) {
        const query = parseSessionQuery(request.query);
        const pageSize = pageSizeOf(request.query);
        const sessions = store
          .sessionsOf(callerOf(request).key)
          .filter((s) => matchesQuery(s, query))
          .sort((a, b) => (sortKeyOf(a) < sortKeyOf(b) ? 1 : -1));
        const page = pageOf(
          sessions,
          sortKeyOf,
          pageSize,
          tokens,
          queryScope(callerOf(request).key, query),
          continuationHeader(request.headers),
        );
        const body: SessionsQueryResponseDto = {
          continuationToken: page.continuationToken,
          sessions: page.items.map(toSessionListItemDto),
        };
        return json(200, body);
      },
    },
    {
      method: 'GET',
      template: '/sessions/{referenceNumber}',
      base: '/v2',
      auth: true,
      handle: (request) =>
        json(200, toSessionStatusDto(sessionOf(store, request), signer, upoUrlTtlMs)),
    },
    {
      method: 'GET',
      template: '/sessions/{referenceNumber}/invoices',
      base: '/v2',
      auth: true,
      handle: invoiceList(false),
    },
    {
      method: 'GET',
      template: '/sessions/{referenceNumber}/invoices/failed',
      base: '/v2',
      auth: true,
      handle: invoiceList(true),
    },
    {
      method: 'GET',
      template: '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}',
      base: '/v2',
      auth: true,
      handle(request) {
        // This route's 400 table lists only 21405 (see sessionOf).
        const session = sessionOf(store, request, unknownSessionAsValidationError);
        const invoice = invoiceOf(session, request.params.invoiceReferenceNumber);
        return json(200, toInvoiceStatusDto(session, invoice, signer, upoUrlTtlMs));
      },
    },
  ];
}
