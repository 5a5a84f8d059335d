// Checks of sendInvoice's and invoice()'s arguments that run before any upstream call, so a
// caller's mistake costs no KSeF request. Each throws BAD_USER_INPUT naming the argument in
// `extensions.field`.
import { checkInvoiceDocument } from '../../domain/invoice-document';
import { badUserInput } from '../../errors/gateway-error';
import type { SessionKeyMaterial } from '../../ksef/session-key-vault';
import { assertBase64Length, assertSessionReference } from '../session/session.validation';
import type { SendInvoiceInput, SessionKeyInput } from './send-invoice.input';

export function assertOnlineSessionReference(value: string, field: string): void {
  if (assertSessionReference(value, field) !== 'online') {
    throw badUserInput(
      `"${field}" is a batch session (SB): invoices go one by one into online sessions (SO) only.`,
      { field },
    );
  }
}

export function toSessionKeyMaterial(input: SessionKeyInput): SessionKeyMaterial {
  return {
    key: assertBase64Length(
      input.symmetricKey,
      'input.key.symmetricKey',
      (n) => n === 32,
      'exactly 32 bytes (AES-256)',
    ),
    iv: assertBase64Length(
      input.initializationVector,
      'input.key.initializationVector',
      (n) => n === 16,
      'exactly 16 bytes',
    ),
  };
}

/** What sendInvoice needs, checked: the document's bytes, and which key source was given. */
export function checkSendInvoiceInput(input: SendInvoiceInput): {
  document: Buffer;
  keySource: { kind: 'handle'; handle: string } | { kind: 'key'; material: SessionKeyMaterial };
} {
  assertOnlineSessionReference(input.sessionReferenceNumber, 'input.sessionReferenceNumber');
  const hasHandle = input.sessionKey !== null && input.sessionKey !== undefined;
  const hasKey = input.key !== null && input.key !== undefined;
  if (hasHandle === hasKey) {
    throw badUserInput(
      'Give exactly one of "input.sessionKey" (the handle from openOnlineSession) and "input.key".',
      { field: hasHandle ? 'input.key' : 'input.sessionKey' },
    );
  }
  const keySource = hasHandle
    ? { kind: 'handle' as const, handle: input.sessionKey as string }
    : { kind: 'key' as const, material: toSessionKeyMaterial(input.key as SessionKeyInput) };
  if (input.hashOfCorrectedInvoice !== null && input.hashOfCorrectedInvoice !== undefined) {
    assertBase64Length(
      input.hashOfCorrectedInvoice,
      'input.hashOfCorrectedInvoice',
      (n) => n === 32,
      'a SHA-256 (32 bytes)',
    );
  }
  const document = checkInvoiceDocument(input.invoiceXml);
  if (!document.ok) {
    throw badUserInput(`"input.invoiceXml" ${document.problem}.`, { field: 'input.invoiceXml' });
  }
  return { document: document.bytes, keySource };
}
