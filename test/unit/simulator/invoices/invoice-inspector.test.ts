import {
  inspectInvoice,
  type InspectionContext,
} from '../../../../src/simulator/invoices/invoice-inspector';
import {
  MAX_INVOICE_BYTES,
  MAX_INVOICE_WITH_ATTACHMENTS_BYTES,
} from '../../../../src/simulator/invoices/invoice-limits';
import { buildSampleInvoice } from '../../../../src/simulator/sample-invoice';

const RECEIVED = new Date('2026-03-31T22:30:00Z'); // already 1 April (00:30) in Warsaw

const online: InspectionContext = {
  formCode: 'FA_3',
  sessionKind: 'online',
  receivedAt: RECEIVED,
  technicalCorrection: false,
};
const batch: InspectionContext = { ...online, sessionKind: 'batch' };

const sample = (options: Parameters<typeof buildSampleInvoice>[0] = {}) =>
  buildSampleInvoice({ issueDate: '2026-03-30', invoiceNumber: 'FV/1/2026', ...options });
const inspect = (xml: string | Buffer, context: InspectionContext = online) =>
  inspectInvoice(Buffer.isBuffer(xml) ? xml : Buffer.from(xml, 'utf8'), context);
/** Pads a document to `size` bytes with a comment before the closing root tag. */
const padded = (xml: string, size: number) => {
  const close = xml.lastIndexOf('</');
  const filler = size - Buffer.byteLength(xml) - '<!--  -->'.length;
  return `${xml.slice(0, close)}<!-- ${'x'.repeat(filler)} -->${xml.slice(close)}`;
};

describe('inspectInvoice', () => {
  it('reads the duplicate key and UPO fields of each form code', () => {
    expect(inspect(sample())).toEqual({
      kind: 'passed',
      facts: {
        sellerNip: '5265877635',
        invoiceKind: 'VAT',
        invoiceNumber: 'FV/1/2026',
        issueDate: '2026-03-30',
        hasAttachment: false,
      },
    });
    expect(inspect(sample({ formCode: 'FA_2' }), { ...online, formCode: 'FA_2' })).toMatchObject({
      kind: 'passed',
      facts: { invoiceKind: 'VAT', invoiceNumber: 'FV/1/2026' },
    });
    expect(
      inspect(sample({ formCode: 'FA_RR_1' }), { ...online, formCode: 'FA_RR_1' }),
    ).toMatchObject({
      kind: 'passed',
      facts: { invoiceKind: 'VAT_RR', invoiceNumber: 'FV/1/2026', issueDate: '2026-03-30' },
    });
    expect(inspect(sample({ formCode: 'PEF_3' }), { ...online, formCode: 'PEF_3' })).toMatchObject({
      kind: 'passed',
      facts: { sellerNip: '5265877635', invoiceKind: 'Invoice' },
    });
  });

  it('refuses an issue date after the Polish day of receipt, not after the UTC day', () => {
    // Received at 22:30 UTC on 31 March, which is 1 April in Poland: 1 April is not in the future.
    expect(inspect(sample({ issueDate: '2026-04-01' })).kind).toBe('passed');
    expect(inspect(sample({ issueDate: '2026-04-02' }))).toEqual({
      kind: 'rejected',
      code: 450,
      details: [
        'Data wystawienia faktury (P_1) 2026-04-02 jest późniejsza niż data przyjęcia faktury do KSeF 2026-04-01.',
      ],
    });
    const rr = inspect(sample({ formCode: 'FA_RR_1', issueDate: '2026-04-02' }), {
      ...online,
      formCode: 'FA_RR_1',
    });
    expect(rr).toMatchObject({ code: 450, details: [expect.stringContaining('(P_4B)')] });
  });

  it('refuses an invoice above 1 000 000 bytes without attachments with 430', () => {
    expect(inspect(padded(sample(), MAX_INVOICE_BYTES)).kind).toBe('passed');
    expect(inspect(padded(sample(), MAX_INVOICE_BYTES + 1))).toEqual({
      kind: 'rejected',
      code: 430,
      details: [
        `Rozmiar faktury ${MAX_INVOICE_BYTES + 1} B przekracza dozwolony rozmiar faktury bez załączników: ${MAX_INVOICE_BYTES} B.`,
      ],
    });
  });

  it('takes an invoice with attachments up to 3 000 000 bytes in a batch session', () => {
    const withAttachment = sample({ attachment: { minBytes: 1_500_000 } });
    expect(Buffer.byteLength(withAttachment)).toBeGreaterThan(MAX_INVOICE_BYTES);
    expect(inspect(withAttachment, batch)).toMatchObject({
      kind: 'passed',
      facts: { hasAttachment: true },
    });
    const tooBig = padded(sample({ attachment: true }), MAX_INVOICE_WITH_ATTACHMENTS_BYTES + 1);
    expect(inspect(tooBig, batch)).toMatchObject({
      code: 430,
      details: [expect.stringContaining('z załącznikami: 3000000 B')],
    });
  });

  it('refuses attachments in an online session unless the invoice is a technical correction (415)', () => {
    const withAttachment = sample({ attachment: true });
    expect(inspect(withAttachment)).toMatchObject({
      kind: 'rejected',
      code: 415,
      details: [expect.stringContaining('korekta techniczna')],
    });
    expect(inspect(withAttachment, { ...online, technicalCorrection: true }).kind).toBe('passed');
  });

  it('gives each XML rule its code: BOM 430; encoding, characters, instructions, well-formedness 450', () => {
    const xml = sample();
    const cases: [string | Buffer, number, string][] = [
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]), 430, 'BOM'],
      [xml.replace('encoding="UTF-8"', 'encoding="windows-1250"'), 450, 'windows-1250'],
      [xml.replace('FV/1/2026', 'FV/1\u0086/2026'), 450, 'U+0086'],
      [xml.replace('<Naglowek>', '<?app run?><Naglowek>'), 450, "'<?app'"],
      [xml.replace('</Fa>', ''), 450, 'Nieprawidłowy XML'],
      [
        Buffer.from([...Buffer.from(xml.slice(0, 50)), 0xff, ...Buffer.from(xml.slice(50))]),
        450,
        'UTF-8',
      ],
    ];
    for (const [document, code, hint] of cases) {
      expect(inspect(document)).toMatchObject({
        kind: 'rejected',
        code,
        details: [expect.stringContaining(hint)],
      });
    }
  });

  it('refuses a document of another form code, a missing RodzajFaktury and a bad seller NIP', () => {
    expect(inspect(sample({ formCode: 'FA_2' }))).toMatchObject({
      code: 450,
      details: [expect.stringContaining('nie odpowiada kodowi formularza sesji')],
    });
    expect(inspect(sample().replace('<RodzajFaktury>VAT</RodzajFaktury>', ''))).toMatchObject({
      code: 450,
      details: ['Brak rodzaju faktury (Fa/RodzajFaktury).'],
    });
    expect(inspect(sample({ sellerNip: '1234567890' }))).toMatchObject({
      code: 450,
      details: [expect.stringContaining("'1234567890'")],
    });
  });

  it('reads prefixed documents by local name', () => {
    const prefixed = sample()
      .replace(/<(\/?)([A-Z][\w]*)/g, '<$1fa:$2')
      .replace('xmlns=', 'xmlns:fa=');
    expect(inspect(prefixed)).toMatchObject({ kind: 'passed', facts: { invoiceKind: 'VAT' } });
  });
});
