// KSeF invoice DTOs → the GraphQL `Invoice` (pure; unit-tested).
import {
  INVOICE_ACCEPTED_FOR_PROCESSING,
  isTerminalInvoiceStatus,
  toInvoicePhase,
} from '../../domain/invoice-phase';
import type {
  InvoiceStatusInfoDto,
  SessionInvoiceStatusResponseDto,
} from '../../ksef/wire/sessions.dto';
import { toDate } from '../session/session.mapper';
import type { InvoicePhase } from './invoice-enums';
import { Invoice, InvoiceStatus, OriginalInvoice, StatusExtension } from './invoice.type';

/** KSeF's status of a duplicate; its extensions name the original. */
const DUPLICATE = 440;

export function toInvoiceStatus(status: InvoiceStatusInfoDto): InvoiceStatus {
  const result = new InvoiceStatus();
  result.code = status.code;
  result.description = status.description;
  result.details = status.details ?? [];
  result.extensions = Object.entries(status.extensions ?? {}).map(([name, value]) => {
    const extension = new StatusExtension();
    extension.name = name;
    extension.value = value ?? null;
    return extension;
  });
  return result;
}

function toDuplicateOf(status: InvoiceStatusInfoDto): OriginalInvoice | null {
  if (status.code !== DUPLICATE) return null;
  const original = new OriginalInvoice();
  original.sessionReferenceNumber = status.extensions?.['originalSessionReferenceNumber'] ?? null;
  original.ksefNumber = status.extensions?.['originalKsefNumber'] ?? null;
  return original;
}

export function toInvoice(
  sessionReferenceNumber: string,
  dto: SessionInvoiceStatusResponseDto,
): Invoice {
  const invoice = new Invoice();
  invoice.referenceNumber = dto.referenceNumber;
  invoice.sessionReferenceNumber = sessionReferenceNumber;
  invoice.ordinalNumber = dto.ordinalNumber;
  invoice.invoiceNumber = dto.invoiceNumber ?? null;
  invoice.ksefNumber = dto.ksefNumber ?? null;
  invoice.invoiceHash = dto.invoiceHash;
  invoice.acquisitionDate = toDate(dto.acquisitionDate);
  invoice.invoicingDate = toDate(dto.invoicingDate);
  invoice.invoiceFileName = dto.invoiceFileName ?? null;
  invoice.status = toInvoiceStatus(dto.status);
  invoice.phase = toInvoicePhase(dto.status.code) as InvoicePhase;
  invoice.isTerminal = isTerminalInvoiceStatus(dto.status.code);
  invoice.duplicateOf = toDuplicateOf(dto.status);
  const expiresAt = toDate(dto.upoDownloadUrlExpirationDate);
  invoice.upoLink = dto.upoDownloadUrl && expiresAt ? { url: dto.upoDownloadUrl, expiresAt } : null;
  return invoice;
}

/**
 * An invoice KSeF has just taken (202): KSeF's rules fix its status (100), so the answer needs no
 * status call. Its position and number come with the first status read.
 */
export function toJustSentInvoice(
  sessionReferenceNumber: string,
  referenceNumber: string,
  invoiceHash: string,
  sentAt: Date,
): Invoice {
  const invoice = toInvoice(sessionReferenceNumber, {
    referenceNumber,
    invoiceHash,
    ordinalNumber: 1,
    invoicingDate: sentAt.toISOString(),
    status: { ...INVOICE_ACCEPTED_FOR_PROCESSING },
  });
  // Not known from a send's answer: KSeF numbers the invoices of a session as it lists them.
  invoice.ordinalNumber = null;
  return invoice;
}
