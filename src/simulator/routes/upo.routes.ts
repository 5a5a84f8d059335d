// The three UPO reads over the API (Bearer, rate-limited). Each returns the stored bytes as they
// were generated, with `x-ms-meta-hash` = Base64 SHA-256 of exactly those bytes.
import { KsefExceptionCode } from '../../ksef/wire/exception-codes';
import { KSEF_NUMBER_PATTERN } from '../../ksef/wire/ksef-number';
import { sha256Base64 } from '../crypto/session-crypto';
import { badRequest, validationError } from '../server/api-error';
import { xml } from '../server/responses';
import type { RouteDefinition } from '../server/router';
import { requireReferenceNumber } from '../validation/request-validation';
import type { RouteDeps } from './route-deps';
import { invoiceOf, sessionOf, unknownSessionAsValidationError } from './session-views';

export function upoResponse(bytes: Buffer) {
  return xml(bytes, { 'x-ms-meta-hash': sha256Base64(bytes) });
}

export function upoRoutes(deps: RouteDeps): RouteDefinition[] {
  const { store } = deps;
  return [
    {
      method: 'GET',
      template: '/sessions/{referenceNumber}/upo/{upoReferenceNumber}',
      base: '/v2',
      auth: true,
      handle(request) {
        const session = sessionOf(store, request);
        const upoReference = requireReferenceNumber(
          request.params.upoReferenceNumber,
          'upoReferenceNumber',
        );
        const page = session.upoPages.find((p) => p.referenceNumber === upoReference);
        const bytes = page && store.blob(page.blobKey);
        if (!bytes) {
          throw badRequest(
            KsefExceptionCode.UpoNotFound,
            `UPO o numerze referencyjnym ${upoReference} dla sesji ${session.referenceNumber} nie zostało znalezione.`,
          );
        }
        return upoResponse(bytes);
      },
    },
    {
      method: 'GET',
      template: '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}/upo',
      base: '/v2',
      auth: true,
      handle(request) {
        // This route's 400 table lists only 21405, so every "not there" answer is a 21405.
        const session = sessionOf(store, request, unknownSessionAsValidationError);
        const invoice = invoiceOf(session, request.params.invoiceReferenceNumber);
        const bytes = invoice.upoBlobKey && store.blob(invoice.upoBlobKey);
        if (!bytes) {
          throw validationError(
            `UPO faktury o numerze referencyjnym ${invoice.referenceNumber} w sesji ${session.referenceNumber} nie jest dostępne.`,
          );
        }
        return upoResponse(bytes);
      },
    },
    {
      method: 'GET',
      template: '/sessions/{referenceNumber}/invoices/ksef/{ksefNumber}/upo',
      base: '/v2',
      auth: true,
      handle(request) {
        // This route's 400 table lists 21178 and 21405: an unknown session is "no UPO found".
        const session = sessionOf(store, request, (referenceNumber) =>
          badRequest(
            KsefExceptionCode.UpoNotFound,
            `Nie znaleziono UPO dla sesji o numerze referencyjnym ${referenceNumber}.`,
          ),
        );
        const ksefNumber = request.params.ksefNumber ?? '';
        if (!KSEF_NUMBER_PATTERN.test(ksefNumber)) {
          throw validationError(`The value '${ksefNumber}' is not a valid KSeF number.`);
        }
        const invoice = session.invoices.find((i) => i.ksefNumber === ksefNumber);
        const bytes = invoice?.upoBlobKey && store.blob(invoice.upoBlobKey);
        if (!bytes) {
          throw badRequest(
            KsefExceptionCode.UpoNotFound,
            `UPO o numerze KSeF ${ksefNumber} i numerze referencyjnym sesji ${session.referenceNumber} nie zostało znalezione.`,
          );
        }
        return upoResponse(bytes);
      },
    },
  ];
}
