// What an invoice document must be before it is worth encrypting and sending (KSeF docs:
// faktury/weryfikacja-faktury.md): UTF-8 without a BOM, well-formed XML 1.0, at most 1 000 000
// bytes, or 3 000 000 when it carries attachments (`Zalacznik`). KSeF would reject anything else
// asynchronously, after the send has spent a call of the caller's budget; the gateway refuses it
// at once, with the reason, and sends nothing. Schema validity stays KSeF's to judge.
import { XMLValidator } from 'fast-xml-parser';

/** Largest invoice without attachments, in bytes of its UTF-8 encoding. */
export const MAX_INVOICE_BYTES = 1_000_000;
/** Largest invoice with attachments. */
export const MAX_INVOICE_WITH_ATTACHMENTS_BYTES = 3_000_000;

export type InvoiceDocumentCheck =
  { ok: true; bytes: Buffer; hasAttachment: boolean } | { ok: false; problem: string };

// An element named Zalacznik, prefixed or not (FA(3) puts attachments there).
const ATTACHMENT = /<(?:[A-Za-z_][\w.-]*:)?Zalacznik[\s/>]/;

export function checkInvoiceDocument(xml: string): InvoiceDocumentCheck {
  if (xml.trim() === '') return { ok: false, problem: 'is empty' };
  if (xml.charCodeAt(0) === 0xfeff) {
    return { ok: false, problem: 'starts with a byte order mark; KSeF takes UTF-8 without a BOM' };
  }
  // A lone surrogate cannot be written as UTF-8: Buffer.from would silently put U+FFFD there and
  // the hash would be of a document the caller never had.
  if (!xml.isWellFormed()) {
    return { ok: false, problem: 'holds an unpaired UTF-16 surrogate, which is not UTF-8 text' };
  }
  const bytes = Buffer.from(xml, 'utf8');
  const hasAttachment = ATTACHMENT.test(xml);
  const limit = hasAttachment ? MAX_INVOICE_WITH_ATTACHMENTS_BYTES : MAX_INVOICE_BYTES;
  if (bytes.length > limit) {
    return {
      ok: false,
      problem: `is ${bytes.length} bytes; KSeF takes at most ${limit}${hasAttachment ? ' with attachments' : ' (3 000 000 with attachments)'}`,
    };
  }
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    return {
      ok: false,
      problem: `is not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`,
    };
  }
  return { ok: true, bytes, hasAttachment };
}
