import { randomBytes } from 'node:crypto';
import { KsefError } from '../../../src/ksef/ksef-error';
import { sendInvoice } from '../../../src/ksef/send-invoice';
import type { SendInvoiceDeps, SendInvoiceRequest } from '../../../src/ksef/send-invoice';
import { createSentInvoices } from '../../../src/ksef/sent-invoices';
import { sha256Base64 } from '../../../src/ksef/crypto';
import type { SessionInvoiceStatusResponseDto } from '../../../src/ksef/wire/sessions.dto';

const SESSION = '20261202-SO-0123456789-ABCDEF0123-4F';
const document = Buffer.from('<Faktura><Fa><P_2>FV/1</P_2></Fa></Faktura>', 'utf8');
const request: SendInvoiceRequest = {
  sessionReferenceNumber: SESSION,
  document,
  key: { key: randomBytes(32), iv: randomBytes(16) },
  offlineMode: false,
};
const listed = (referenceNumber: string, invoiceHash: string): SessionInvoiceStatusResponseDto => ({
  ordinalNumber: 1,
  referenceNumber,
  invoiceHash,
  invoicingDate: '2026-12-02T10:00:00Z',
  status: { code: 100, description: 'Faktura przyjęta do dalszego przetwarzania' },
});
const timeout = () =>
  new KsefError({
    kind: 'unavailable',
    message: 'timed out',
    method: 'POST',
    transport: 'timeout',
  });

/** A fake invoices client whose POST answers follow `posts` in order. */
function fakeKsef(
  posts: (() => Promise<{ referenceNumber: string }>)[],
  pages: SessionInvoiceStatusResponseDto[][] = [[]],
) {
  const calls = { posts: 0, lists: 0 };
  const deps: SendInvoiceDeps = {
    context: 'token:caller',
    sent: createSentInvoices(),
    invoices: {
      sendOnlineInvoice: () => {
        const answer = posts[calls.posts] ?? (() => Promise.reject(new Error('unexpected POST')));
        calls.posts += 1;
        return answer();
      },
      getSessionInvoices: (_ref, options) => {
        calls.lists += 1;
        const index = options?.continuationToken ? Number(options.continuationToken) : 0;
        return Promise.resolve({
          invoices: pages[index] ?? [],
          continuationToken: index + 1 < pages.length ? String(index + 1) : null,
        });
      },
    },
  };
  return { deps, calls };
}

describe('sending an invoice', () => {
  const hash = sha256Base64(document);

  it('sends once; a repeat returns the first send without a second POST', async () => {
    const { deps, calls } = fakeKsef([() => Promise.resolve({ referenceNumber: 'EE-1' })]);
    await expect(sendInvoice(deps, request)).resolves.toEqual({
      kind: 'sent',
      referenceNumber: 'EE-1',
      invoiceHash: hash,
    });
    await expect(sendInvoice(deps, request)).resolves.toEqual({
      kind: 'already-sent',
      referenceNumber: 'EE-1',
      invoiceHash: hash,
    });
    expect(calls).toEqual({ posts: 1, lists: 0 });
  });

  it('joins a send of the same invoice that is still in flight', async () => {
    let answer!: (value: { referenceNumber: string }) => void;
    const { deps, calls } = fakeKsef([() => new Promise((resolve) => (answer = resolve))]);
    const first = sendInvoice(deps, request);
    const second = sendInvoice(deps, request);
    answer({ referenceNumber: 'EE-1' });
    expect((await first).kind).toBe('sent');
    expect(await second).toMatchObject({ kind: 'already-sent', referenceNumber: 'EE-1' });
    expect(calls.posts).toBe(1);
  });

  it('keeps sends of other sessions and other contexts apart', async () => {
    const { deps, calls } = fakeKsef([
      () => Promise.resolve({ referenceNumber: 'EE-1' }),
      () => Promise.resolve({ referenceNumber: 'EE-2' }),
      () => Promise.resolve({ referenceNumber: 'EE-3' }),
    ]);
    await sendInvoice(deps, request);
    await sendInvoice(deps, {
      ...request,
      sessionReferenceNumber: '20261202-SO-9999999999-ABCDEF0123-4F',
    });
    await sendInvoice({ ...deps, context: 'token:someone-else' }, request);
    expect(calls.posts).toBe(3);
  });

  it('after a refusal (4xx) a later send is a first send', async () => {
    const refused = new KsefError({ kind: 'bad-request', message: '21180', status: 400 });
    const { deps, calls } = fakeKsef([
      () => Promise.reject(refused),
      () => Promise.resolve({ referenceNumber: 'EE-1' }),
    ]);
    await expect(sendInvoice(deps, request)).rejects.toBe(refused);
    await expect(sendInvoice(deps, request)).resolves.toMatchObject({ kind: 'sent' });
    expect(calls).toEqual({ posts: 2, lists: 0 });
  });

  it('after a lost answer finds the invoice in the session by its hash instead of resending', async () => {
    const { deps, calls } = fakeKsef(
      [() => Promise.reject(timeout())],
      [[listed('EE-0', 'other-hash')], [listed('EE-1', hash)]],
    );
    const result = await sendInvoice(deps, request);
    expect(result).toMatchObject({
      kind: 'found-after-lost-answer',
      invoice: { referenceNumber: 'EE-1' },
    });
    expect(calls).toEqual({ posts: 1, lists: 2 });
    // And a repeat knows it now.
    await expect(sendInvoice(deps, request)).resolves.toMatchObject({ kind: 'already-sent' });
    expect(calls).toEqual({ posts: 1, lists: 2 });
  });

  it('after a lost answer for an invoice KSeF does not list says so and does not resend', async () => {
    const { deps, calls } = fakeKsef([
      () => Promise.reject(timeout()),
      () => Promise.resolve({ referenceNumber: 'EE-2' }),
    ]);
    const error = (await sendInvoice(deps, request).catch((e: unknown) => e)) as KsefError;
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/not sent again/);
    expect(calls).toEqual({ posts: 1, lists: 1 });
    // The next send looks the session up once more before it sends.
    await expect(sendInvoice(deps, request)).resolves.toMatchObject({ kind: 'sent' });
    expect(calls).toEqual({ posts: 2, lists: 2 });
  });

  it('sends again after a refused connection, which proves the first never left', async () => {
    const refused = new KsefError({
      kind: 'unavailable',
      message: 'refused',
      transport: 'refused',
    });
    const { deps, calls } = fakeKsef([
      () => Promise.reject(refused),
      () => Promise.resolve({ referenceNumber: 'EE-1' }),
    ]);
    await expect(sendInvoice(deps, request)).rejects.toBe(refused);
    await expect(sendInvoice(deps, request)).resolves.toMatchObject({ kind: 'sent' });
    expect(calls).toEqual({ posts: 2, lists: 0 });
  });
});
