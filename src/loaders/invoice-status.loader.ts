// Per-request loader of invoice statuses (DESIGN §1), like the session-status loader: one caller,
// one request, one cache. `status.load({ session, invoice })` costs at most one
// `GET /sessions/{ref}/invoices/{invoiceRef}` per distinct pair per request, with bounded
// concurrency (KSeF's invoiceStatus group: 30 a second per context). An invoice KSeF does not
// know resolves to null: the endpoint answers it (and an unknown session) with 400 21405, and the
// references were checked for shape before, so a 21405 here means "no such invoice".
// A session's invoice list primes it, so statuses of listed invoices cost nothing more.
import type DataLoader from 'dataloader';
import type { KsefInvoicesClient } from '../ksef/invoices.client';
import { isKsefError } from '../ksef/ksef-error';
import { KsefExceptionCode } from '../ksef/wire/exception-codes';
import type { SessionInvoiceStatusResponseDto } from '../ksef/wire/sessions.dto';
import { createConcurrencyLimit } from './concurrency-limit';
import { createObservedLoader } from './observed-loader';

export interface InvoiceKey {
  sessionReferenceNumber: string;
  invoiceReferenceNumber: string;
}

export interface InvoiceLoaders {
  status: DataLoader<InvoiceKey, SessionInvoiceStatusResponseDto | null, string | InvoiceKey>;
  primeFromList(
    sessionReferenceNumber: string,
    items: readonly SessionInvoiceStatusResponseDto[],
  ): void;
}

const keyOf = (key: InvoiceKey) => `${key.sessionReferenceNumber} ${key.invoiceReferenceNumber}`;

export function isUnknownInvoice(error: unknown): boolean {
  return (
    isKsefError(error) &&
    (error.kind === 'not-found' ||
      error.hasCode(KsefExceptionCode.NoSuchSession) ||
      (error.kind === 'bad-request' && error.hasCode(KsefExceptionCode.ValidationError)))
  );
}

export function createInvoiceLoaders(
  client: Pick<KsefInvoicesClient, 'getSessionInvoiceStatus'>,
  options: { statusConcurrency: number; onDeduplicated?: (count: number) => void },
): InvoiceLoaders {
  const limit = createConcurrencyLimit(options.statusConcurrency);

  const fetchStatus = async (
    key: InvoiceKey,
  ): Promise<SessionInvoiceStatusResponseDto | null | Error> => {
    try {
      return await limit(() =>
        client.getSessionInvoiceStatus(key.sessionReferenceNumber, key.invoiceReferenceNumber),
      );
    } catch (error) {
      if (isUnknownInvoice(error)) return null;
      return error instanceof Error ? error : new Error(String(error));
    }
  };

  const status = createObservedLoader<SessionInvoiceStatusResponseDto | null, InvoiceKey>(
    (keys) => Promise.all(keys.map(fetchStatus)),
    options.onDeduplicated,
    keyOf,
  );

  return {
    status,
    primeFromList(sessionReferenceNumber, items) {
      for (const item of items) {
        status.prime(
          { sessionReferenceNumber, invoiceReferenceNumber: item.referenceNumber },
          item,
        );
      }
    },
  };
}
