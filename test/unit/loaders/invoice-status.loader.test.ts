import { KsefError } from '../../../src/ksef/ksef-error';
import { createInvoiceLoaders } from '../../../src/loaders/invoice-status.loader';
import type { SessionInvoiceStatusResponseDto } from '../../../src/ksef/wire/sessions.dto';

const SESSION = '20261202-SO-0123456789-ABCDEF0123-4F';
const dto = (referenceNumber: string): SessionInvoiceStatusResponseDto => ({
  ordinalNumber: 1,
  referenceNumber,
  invoiceHash: 'h',
  invoicingDate: '2026-12-02T10:00:00Z',
  status: { code: 100, description: 'Faktura przyjęta do dalszego przetwarzania' },
});

describe('the invoice-status loader', () => {
  it('reads each distinct invoice once per request and counts the lookups it saved', async () => {
    const calls: string[] = [];
    let saved = 0;
    const loaders = createInvoiceLoaders(
      {
        getSessionInvoiceStatus: (session, invoice) => {
          calls.push(`${session} ${invoice}`);
          return Promise.resolve(dto(invoice));
        },
      },
      { statusConcurrency: 2, onDeduplicated: (n) => (saved += n) },
    );
    const key = (invoice: string) => ({
      sessionReferenceNumber: SESSION,
      invoiceReferenceNumber: invoice,
    });
    await Promise.all([
      loaders.status.load(key('A')),
      loaders.status.load(key('A')),
      loaders.status.load(key('B')),
    ]);
    await loaders.status.load(key('A'));
    expect(calls).toEqual([`${SESSION} A`, `${SESSION} B`]);
    // The repeat within the batch and the later one.
    expect(saved).toBe(2);
  });

  it('answers an invoice KSeF does not know (400 21405) with null, other failures with the error', async () => {
    const loaders = createInvoiceLoaders(
      {
        getSessionInvoiceStatus: (_session, invoice) =>
          Promise.reject(
            invoice === 'unknown'
              ? new KsefError({
                  kind: 'bad-request',
                  message: 'x',
                  errors: [{ code: 21405, description: 'x', details: [] }],
                })
              : new KsefError({ kind: 'unavailable', message: 'down' }),
          ),
      },
      { statusConcurrency: 4 },
    );
    await expect(
      loaders.status.load({ sessionReferenceNumber: SESSION, invoiceReferenceNumber: 'unknown' }),
    ).resolves.toBeNull();
    await expect(
      loaders.status.load({ sessionReferenceNumber: SESSION, invoiceReferenceNumber: 'other' }),
    ).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('is primed by a list page, so listed statuses cost no call', async () => {
    const loaders = createInvoiceLoaders(
      { getSessionInvoiceStatus: () => Promise.reject(new Error('no call expected')) },
      { statusConcurrency: 4 },
    );
    loaders.primeFromList(SESSION, [dto('A')]);
    await expect(
      loaders.status.load({ sessionReferenceNumber: SESSION, invoiceReferenceNumber: 'A' }),
    ).resolves.toMatchObject({ referenceNumber: 'A' });
  });
});
