import { toInvoice, toJustSentInvoice } from '../../../../src/graphql/invoice/invoice.mapper';
import { InvoicePhase } from '../../../../src/graphql/invoice/invoice-enums';

const SESSION = '20261202-SO-0123456789-ABCDEF0123-4F';
const INVOICE = '20261202-EE-0123456789-ABCDEF0123-4F';

describe('invoice mapper', () => {
  it('maps an accepted invoice with its UPO link', () => {
    const invoice = toInvoice(SESSION, {
      ordinalNumber: 2,
      referenceNumber: INVOICE,
      invoiceNumber: 'FV/1',
      ksefNumber: '5265877635-20261202-0100001AF629-AF',
      invoiceHash: 'h',
      invoicingDate: '2026-12-02T10:00:00+00:00',
      acquisitionDate: '2026-12-02T10:00:01+00:00',
      upoDownloadUrl: 'https://ksef.example/upo?sig=x',
      upoDownloadUrlExpirationDate: '2026-12-05T10:00:00+00:00',
      status: { code: 200, description: 'Sukces' },
    });
    expect(invoice).toMatchObject({
      sessionReferenceNumber: SESSION,
      ordinalNumber: 2,
      phase: InvoicePhase.ACCEPTED,
      isTerminal: true,
      duplicateOf: null,
      status: { code: 200, details: [], extensions: [] },
      upoLink: { url: 'https://ksef.example/upo?sig=x' },
    });
    expect(invoice.acquisitionDate?.toISOString()).toBe('2026-12-02T10:00:01.000Z');
  });

  it('names the original of a duplicate and keeps every extension', () => {
    const invoice = toInvoice(SESSION, {
      ordinalNumber: 1,
      referenceNumber: INVOICE,
      invoiceHash: 'h',
      invoicingDate: '2026-12-02T10:00:00Z',
      status: {
        code: 440,
        description: 'Duplikat faktury',
        details: ['Duplikat faktury o numerze FV/1.'],
        extensions: {
          originalSessionReferenceNumber: 'S-1',
          originalKsefNumber: 'K-1',
          other: null,
        },
      },
    });
    expect(invoice.phase).toBe(InvoicePhase.REJECTED);
    expect(invoice.duplicateOf).toEqual({ sessionReferenceNumber: 'S-1', ksefNumber: 'K-1' });
    expect(invoice.status.extensions).toEqual([
      { name: 'originalSessionReferenceNumber', value: 'S-1' },
      { name: 'originalKsefNumber', value: 'K-1' },
      { name: 'other', value: null },
    ]);
    expect(invoice.upoLink).toBeNull();
  });

  it('builds a just-sent invoice without a status call: status 100, no position yet', () => {
    const at = new Date('2026-12-02T10:00:00Z');
    const invoice = toJustSentInvoice(SESSION, INVOICE, 'h', at);
    expect(invoice).toMatchObject({
      ordinalNumber: null,
      phase: InvoicePhase.PROCESSING,
      isTerminal: false,
      status: { code: 100, description: 'Faktura przyjęta do dalszego przetwarzania' },
    });
    expect(invoice.invoicingDate).toEqual(at);
  });
});
