// Minimal shape checks for KSeF's 2xx bodies: enough that the layers above can rely on the fields
// they read without null checks, not a full schema validation (that is the contract test's job).
// A body that fails them becomes a KsefError `contract-violation` instead of a TypeError deep in a
// resolver.
import type {
  OpenOnlineSessionResponseDto,
  PublicKeyCertificateDto,
  SendInvoiceResponseDto,
  SessionInvoiceStatusResponseDto,
  SessionInvoicesResponseDto,
  SessionStatusResponseDto,
  SessionsQueryResponseDto,
  SessionsQueryResponseItemDto,
  StatusInfoDto,
  UpoPageResponseDto,
} from './wire/sessions.dto';

type Guard<T> = (value: unknown) => value is T;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isOptionalString = (value: unknown): boolean =>
  value === undefined || value === null || isString(value);
const isOptionalNumber = (value: unknown): boolean =>
  value === undefined || value === null || typeof value === 'number';
const isContinuationToken = isOptionalString;

export const isStatusInfo: Guard<StatusInfoDto> = (value): value is StatusInfoDto =>
  isRecord(value) &&
  typeof value.code === 'number' &&
  isString(value.description) &&
  (value.details === undefined || value.details === null || Array.isArray(value.details));

const isSessionsQueryResponseItem: Guard<SessionsQueryResponseItemDto> = (
  value,
): value is SessionsQueryResponseItemDto =>
  isRecord(value) &&
  isString(value.referenceNumber) &&
  isStatusInfo(value.status) &&
  isString(value.dateCreated) &&
  isString(value.dateUpdated);

export const isSessionsQueryResponse: Guard<SessionsQueryResponseDto> = (
  value,
): value is SessionsQueryResponseDto =>
  isRecord(value) &&
  Array.isArray(value.sessions) &&
  value.sessions.every(isSessionsQueryResponseItem) &&
  isContinuationToken(value.continuationToken);

const isUpoPage: Guard<UpoPageResponseDto> = (value): value is UpoPageResponseDto =>
  isRecord(value) &&
  isString(value.referenceNumber) &&
  isString(value.downloadUrl) &&
  isString(value.downloadUrlExpirationDate);

export const isSessionStatusResponse: Guard<SessionStatusResponseDto> = (
  value,
): value is SessionStatusResponseDto =>
  isRecord(value) &&
  isStatusInfo(value.status) &&
  isString(value.dateCreated) &&
  isString(value.dateUpdated) &&
  isOptionalString(value.validUntil) &&
  (value.upo === undefined ||
    value.upo === null ||
    (isRecord(value.upo) && Array.isArray(value.upo.pages) && value.upo.pages.every(isUpoPage))) &&
  isOptionalNumber(value.invoiceCount) &&
  isOptionalNumber(value.successfulInvoiceCount) &&
  isOptionalNumber(value.failedInvoiceCount);

export const isOpenOnlineSessionResponse: Guard<OpenOnlineSessionResponseDto> = (
  value,
): value is OpenOnlineSessionResponseDto =>
  isRecord(value) && isString(value.referenceNumber) && isString(value.validUntil);

export const isSendInvoiceResponse: Guard<SendInvoiceResponseDto> = (
  value,
): value is SendInvoiceResponseDto => isRecord(value) && isString(value.referenceNumber);

export const isSessionInvoiceStatus: Guard<SessionInvoiceStatusResponseDto> = (
  value,
): value is SessionInvoiceStatusResponseDto =>
  isRecord(value) &&
  typeof value.ordinalNumber === 'number' &&
  isString(value.referenceNumber) &&
  isString(value.invoiceHash) &&
  isString(value.invoicingDate) &&
  isRecord(value.status) &&
  typeof value.status.code === 'number';

export const isSessionInvoicesResponse: Guard<SessionInvoicesResponseDto> = (
  value,
): value is SessionInvoicesResponseDto =>
  isRecord(value) &&
  Array.isArray(value.invoices) &&
  value.invoices.every(isSessionInvoiceStatus) &&
  isContinuationToken(value.continuationToken);

const isPublicKeyCertificate: Guard<PublicKeyCertificateDto> = (
  value,
): value is PublicKeyCertificateDto =>
  isRecord(value) &&
  isString(value.certificate) &&
  isString(value.certificateId) &&
  isString(value.publicKeyId) &&
  isString(value.validFrom) &&
  isString(value.validTo) &&
  Array.isArray(value.usage) &&
  value.usage.every(isString);

export const isPublicKeyCertificateList: Guard<PublicKeyCertificateDto[]> = (
  value,
): value is PublicKeyCertificateDto[] =>
  Array.isArray(value) && value.every(isPublicKeyCertificate);
