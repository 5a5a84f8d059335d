// One shape for "what we know about a session", filled either from a `GET /sessions` list item or
// from a `GET /sessions/{referenceNumber}` status response. The list answers everything except
// `upo`, so a snapshot made from a list item says so (`upo: undefined` = not known yet) instead of
// pretending there is none; the GraphQL layer fetches the status only when `upo` is asked for.
import type {
  SessionStatusResponseDto,
  SessionsQueryResponseItemDto,
  StatusInfoDto,
  UpoResponseDto,
} from '../ksef/wire/sessions.dto';

export interface SessionSnapshot {
  referenceNumber: string;
  status: StatusInfoDto;
  dateCreated: string | null;
  dateUpdated: string | null;
  validUntil: string | null;
  /** List: `totalInvoiceCount` (includes in-flight invoices); status: `invoiceCount`. */
  invoiceCount: number | null;
  successfulInvoiceCount: number | null;
  failedInvoiceCount: number | null;
  /** `undefined`: not known (snapshot from a list item); `null`: KSeF said there is none yet. */
  upo: UpoResponseDto | null | undefined;
  source: 'list' | 'status' | 'open';
}

export function toSnapshotFromListItem(item: SessionsQueryResponseItemDto): SessionSnapshot {
  return {
    referenceNumber: item.referenceNumber,
    status: item.status,
    dateCreated: item.dateCreated,
    dateUpdated: item.dateUpdated,
    validUntil: item.validUntil ?? null,
    invoiceCount: item.totalInvoiceCount,
    successfulInvoiceCount: item.successfulInvoiceCount,
    failedInvoiceCount: item.failedInvoiceCount,
    upo: undefined,
    source: 'list',
  };
}

export function toSnapshotFromStatus(
  referenceNumber: string,
  status: SessionStatusResponseDto,
): SessionSnapshot {
  return {
    referenceNumber,
    status: status.status,
    dateCreated: status.dateCreated,
    dateUpdated: status.dateUpdated,
    validUntil: status.validUntil ?? null,
    invoiceCount: status.invoiceCount ?? null,
    successfulInvoiceCount: status.successfulInvoiceCount ?? null,
    failedInvoiceCount: status.failedInvoiceCount ?? null,
    upo: status.upo ?? null,
    source: 'status',
  };
}
