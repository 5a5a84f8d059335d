// Where an invoice of a session stands, from its KSeF status code (KSeF docs:
// faktury/sesje/sesja-sprawdzenie-stanu-i-pobranie-upo.md): 100 accepted for processing and 150
// processing, 200 a KSeF number assigned, and every error code (405 … 550) a rejection. A code
// KSeF adds later keeps the rule that a code ≥ 200 is final, so a poller neither spins forever
// nor stops too early.
import { isFinalStatusCode } from '../ksef/wire/final-status';

export type InvoicePhase = 'PROCESSING' | 'ACCEPTED' | 'REJECTED' | 'UNKNOWN';

export function toInvoicePhase(statusCode: number): InvoicePhase {
  if (statusCode === 100 || statusCode === 150) return 'PROCESSING';
  if (statusCode === 200) return 'ACCEPTED';
  if (statusCode >= 400 && statusCode <= 599) return 'REJECTED';
  return 'UNKNOWN';
}

export function isTerminalInvoiceStatus(statusCode: number): boolean {
  return isFinalStatusCode(statusCode);
}

/** What KSeF says of an invoice it has just taken (status 100). */
export const INVOICE_ACCEPTED_FOR_PROCESSING = {
  code: 100,
  description: 'Faktura przyjęta do dalszego przetwarzania',
} as const;
