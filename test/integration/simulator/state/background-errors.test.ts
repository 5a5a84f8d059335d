import { FORM_CODES } from '../../../../src/ksef/wire/form-codes';
import { buildSampleInvoice } from '../../../../src/simulator/sample-invoice';
import { startSimulator, type SimulatorHandle } from '../../../../src/simulator/simulator';
import * as upoBuilder from '../../../../src/simulator/upo/upo-builder';
import { zipOf } from '../../../support/batch-packages';
import {
  aesEncrypt,
  api,
  encryptionFor,
  openOnline,
  sendInvoice,
  sha256,
  waitForSessionCode,
} from '../../../support/simulator-client';

// A background step that throws, as a defect or an exhausted resource would make it: building the
// session UPO fails. The failure must end that session in 500 and reach neither the process nor
// other sessions. (An invoice whose own UPO fails ends in 550, as KSeF's "cancelled by the
// system"; that is the invoice verdict's business, not this one.)
describe('an unexpected error in background processing', () => {
  let sim: SimulatorHandle;
  const reported: unknown[] = [];
  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      processingDelayMs: 5,
      onBackgroundError: (error) => reported.push(error),
    });
  });
  afterAll(() => sim.stop());
  afterEach(() => jest.restoreAllMocks());

  const buildUpo = upoBuilder.buildUpo;
  const failUpos = () =>
    jest.spyOn(upoBuilder, 'buildUpo').mockImplementation((input) => {
      // Only the session's receipt (it has pages); invoice receipts are built as usual.
      if (input.page !== undefined) throw new Error('UPO store unavailable');
      return buildUpo(input);
    });

  it('ends an online session in 500, and the simulator carries on', async () => {
    const session = await openOnline(sim);
    failUpos();
    const invoiceRef = await sendInvoice(
      sim,
      session,
      buildSampleInvoice({ invoiceNumber: 'E/1' }),
    );
    expect(
      (await api(sim, 'POST', `/sessions/online/${session.referenceNumber}/close`)).status,
    ).toBe(204);
    const failed = await waitForSessionCode(sim, session.referenceNumber);
    expect(failed.status).toEqual({
      code: 500,
      description: 'Nieznany błąd (500)',
      details: ['Wystąpił nieoczekiwany błąd.'],
    });
    const invoice = await api(
      sim,
      'GET',
      `/sessions/${session.referenceNumber}/invoices/${invoiceRef}`,
    );
    expect(invoice.json.status.code).toBeGreaterThanOrEqual(200); // never left processing
    expect(reported.map(String)).toContain('Error: UPO store unavailable');
    // Closing again is refused as for any other final session; other sessions work.
    const close = await api(sim, 'POST', `/sessions/online/${session.referenceNumber}/close`);
    expect(close.json.exception.exceptionDetailList[0].exceptionCode).toBe(21180);
    jest.restoreAllMocks();
    const next = await openOnline(sim);
    await sendInvoice(sim, next, buildSampleInvoice({ invoiceNumber: 'E/2' }));
    expect((await api(sim, 'POST', `/sessions/online/${next.referenceNumber}/close`)).status).toBe(
      204,
    );
    expect((await waitForSessionCode(sim, next.referenceNumber)).status.code).toBe(200);
  });

  it('ends a batch session in 500 when judging its package throws', async () => {
    const pkg = zipOf([
      { name: 'a.xml', bytes: Buffer.from(buildSampleInvoice({ invoiceNumber: 'E/3' })) },
    ]);
    const { key, iv, encryption } = await encryptionFor(sim);
    const part = aesEncrypt(pkg, key, iv);
    const opened = await api(sim, 'POST', '/sessions/batch', {
      body: {
        formCode: FORM_CODES.FA_3,
        batchFile: {
          fileSize: pkg.length,
          fileHash: sha256(pkg),
          fileParts: [{ ordinalNumber: 1, fileSize: part.length, fileHash: sha256(part) }],
        },
        encryption,
      },
    });
    const upload = opened.json.partUploadRequests[0];
    await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: new Uint8Array(part) });
    failUpos();
    const ref = opened.json.referenceNumber as string;
    expect((await api(sim, 'POST', `/sessions/batch/${ref}/close`)).status).toBe(204);
    const failed = await waitForSessionCode(sim, ref);
    expect(failed.status.code).toBe(500);
    expect(failed.status.description).toBe('Nieznany błąd (500)');
    expect((await api(sim, 'GET', '/rate-limits')).status).toBe(200);
  });
});
