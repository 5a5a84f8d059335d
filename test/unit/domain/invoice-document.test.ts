import {
  checkInvoiceDocument,
  MAX_INVOICE_BYTES,
  MAX_INVOICE_WITH_ATTACHMENTS_BYTES,
} from '../../../src/domain/invoice-document';

const invoice = (body = '<P_2>FV/1</P_2>') =>
  `<?xml version="1.0" encoding="UTF-8"?><Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"><Fa>${body}</Fa></Faktura>`;

describe('an invoice document before it is sent', () => {
  it('is its exact UTF-8 bytes when well-formed', () => {
    const xml = invoice('<P_7>Usługa — zażółć</P_7>');
    const checked = checkInvoiceDocument(xml);
    expect(checked).toEqual({ ok: true, bytes: Buffer.from(xml, 'utf8'), hasAttachment: false });
  });

  it.each([
    ['empty', '   ', /is empty/],
    ['with a BOM', `\uFEFF${invoice()}`, /byte order mark/],
    ['with a lone surrogate', invoice('<P_7>\uD800</P_7>'), /unpaired UTF-16 surrogate/],
    ['not well-formed', invoice('<P_2>FV/1</P_3>'), /not well-formed XML/],
  ])('is refused when %s', (_name, xml, problem) => {
    const checked = checkInvoiceDocument(xml);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.problem).toMatch(problem);
  });

  it('takes 1 000 000 bytes, or 3 000 000 with attachments', () => {
    const padding = (bytes: number) => `<!--${'x'.repeat(bytes)}-->`;
    const atLimit = invoice(padding(MAX_INVOICE_BYTES - invoice('').length - 7));
    expect(Buffer.byteLength(atLimit)).toBe(MAX_INVOICE_BYTES);
    expect(checkInvoiceDocument(atLimit).ok).toBe(true);
    const over = checkInvoiceDocument(`${atLimit} `);
    expect(over.ok ? '' : over.problem).toMatch(/1000001 bytes; KSeF takes at most 1000000/);

    const withAttachment = invoice(`<Zalacznik>${padding(2_000_000)}</Zalacznik>`);
    expect(checkInvoiceDocument(withAttachment)).toMatchObject({ ok: true, hasAttachment: true });
    const tooBig = checkInvoiceDocument(
      invoice(`<Zalacznik>${padding(MAX_INVOICE_WITH_ATTACHMENTS_BYTES)}</Zalacznik>`),
    );
    expect(tooBig.ok ? '' : tooBig.problem).toMatch(/at most 3000000 with attachments/);
  });
});
