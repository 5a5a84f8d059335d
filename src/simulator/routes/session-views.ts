// Records → wire DTOs. Download URLs are signed afresh on every read, as KSeF regenerates them on
// every status call; the bytes behind them never change.
import type {
  SessionInvoiceStatusResponseDto,
  SessionStatusResponseDto,
  SessionsQueryResponseItemDto,
} from '../../ksef/wire/sessions.dto';
import type { UrlSigner } from '../crypto/url-signer';
import { validationError, noSuchSession } from '../server/api-error';
import { callerOf, type SimRequest } from '../server/router';
import type { InvoiceRecord, SessionRecord } from '../state/session';
import type { Store } from '../state/store';
import { requireReferenceNumber } from '../validation/request-validation';

export function upoStoragePath(
  sessionReferenceNumber: string,
  documentReferenceNumber: string,
): string {
  return `/storage/upo/${sessionReferenceNumber}/${documentReferenceNumber}`;
}

function counts(session: SessionRecord) {
  return {
    total: session.invoices.length,
    successful: session.invoices.filter((i) => i.status.code === 200).length,
    failed: session.invoices.filter((i) => i.status.code > 200).length,
  };
}

export function toSessionStatusDto(
  session: SessionRecord,
  signer: UrlSigner,
  upoUrlTtlMs: number,
): SessionStatusResponseDto {
  const { total, successful, failed } = counts(session);
  const expires = new Date(Date.now() + upoUrlTtlMs);
  return {
    status: session.status,
    dateCreated: session.dateCreated.toISOString(),
    dateUpdated: session.dateUpdated.toISOString(),
    validUntil: session.validUntil.toISOString(),
    upo: session.upoPages.length
      ? {
          pages: session.upoPages.map((page) => ({
            referenceNumber: page.referenceNumber,
            downloadUrl: signer.sign(
              'GET',
              upoStoragePath(session.referenceNumber, page.referenceNumber),
              expires,
            ),
            downloadUrlExpirationDate: expires.toISOString(),
          })),
        }
      : null,
    invoiceCount: total,
    successfulInvoiceCount: successful,
    failedInvoiceCount: failed,
  };
}

export function toSessionListItemDto(session: SessionRecord): SessionsQueryResponseItemDto {
  const { total, successful, failed } = counts(session);
  return {
    referenceNumber: session.referenceNumber,
    status: session.status,
    dateCreated: session.dateCreated.toISOString(),
    dateUpdated: session.dateUpdated.toISOString(),
    validUntil: session.validUntil.toISOString(),
    totalInvoiceCount: total,
    successfulInvoiceCount: successful,
    failedInvoiceCount: failed,
  };
}

export function toInvoiceStatusDto(
  session: SessionRecord,
  invoice: InvoiceRecord,
  signer: UrlSigner,
  upoUrlTtlMs: number,
): SessionInvoiceStatusResponseDto {
  const expires = new Date(Date.now() + upoUrlTtlMs);
  return {
    ordinalNumber: invoice.ordinalNumber,
    invoiceNumber: invoice.invoiceNumber ?? null,
    ksefNumber: invoice.ksefNumber ?? null,
    referenceNumber: invoice.referenceNumber,
    invoiceHash: invoice.invoiceHash,
    invoiceFileName: invoice.invoiceFileName ?? null,
    acquisitionDate: invoice.acquisitionDate?.toISOString() ?? null,
    invoicingDate: invoice.invoicingDate.toISOString(),
    permanentStorageDate:
      invoice.permanentStorageDate && invoice.permanentStorageDate.getTime() <= Date.now()
        ? invoice.permanentStorageDate.toISOString()
        : null,
    upoDownloadUrl: invoice.upoBlobKey
      ? signer.sign(
          'GET',
          upoStoragePath(session.referenceNumber, invoice.referenceNumber),
          expires,
        )
      : null,
    upoDownloadUrlExpirationDate: invoice.upoBlobKey ? expires.toISOString() : null,
    invoicingMode: invoice.invoicingMode,
    status: invoice.status,
  };
}

/**
 * The caller's session named in the path; 21405 when malformed, 21173 when unknown to this caller.
 * A few routes document other codes for an unknown session in their 400 tables (the per-invoice
 * reads list only 21405, the UPO-by-KSeF-number read 21178): they pass `whenUnknown` so the
 * simulator never answers with a code the official contract does not list for that route.
 */
export function sessionOf(
  store: Store,
  request: SimRequest,
  whenUnknown: (referenceNumber: string) => Error = noSuchSession,
): SessionRecord {
  const referenceNumber = requireReferenceNumber(request.params.referenceNumber);
  const session = store.session(callerOf(request).key, referenceNumber);
  if (!session) throw whenUnknown(referenceNumber);
  return session;
}

/** For routes whose 400 table lists only 21405: an unknown session is a validation error. */
export function unknownSessionAsValidationError(referenceNumber: string): Error {
  return validationError(
    `Sesja o numerze referencyjnym ${referenceNumber} nie została znaleziona.`,
  );
}

export function invoiceOf(
  session: SessionRecord,
  invoiceReferenceNumber: string | undefined,
): InvoiceRecord {
  const reference = requireReferenceNumber(invoiceReferenceNumber, 'invoiceReferenceNumber');
  const invoice = session.invoices.find((i) => i.referenceNumber === reference);
  if (!invoice) {
    throw validationError(
      `Faktura o numerze referencyjnym ${reference} nie została znaleziona w sesji ${session.referenceNumber}.`,
    );
  }
  return invoice;
}
