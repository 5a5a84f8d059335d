/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON, asserted field by field */
// The simulator's verdicts on invoice content through real HTTP and real AES, as a client sees
// them: GET …/invoices/{ref} after the asynchronous verification (faktury/weryfikacja-faktury.md).
import { zipSync } from 'fflate';
import { FORM_CODES } from '../../../src/ksef/wire/form-codes';
import { polishDate } from '../../../src/simulator/invoices/polish-date';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/simulator';
import { describeWithSchemas } from '../../support/invoice-schemas';
import {
  aesEncrypt,
  api,
  encryptInvoice,
  encryptionFor,
  openOnline,
  sendInvoice,
  sha256,
  waitForInvoice,
  waitForSessionCode,
  type OpenedSession,
} from '../../support/simulator-client';

async function sendRaw(
  sim: SimulatorHandle,
  session: OpenedSession,
  xml: Buffer,
  extra: Record<string, unknown> = {},
  token = 'token-a',
) {
  const result = await api(sim, 'POST', `/sessions/online/${session.referenceNumber}/invoices`, {
    token,
    body: { ...encryptInvoice(xml, session.key, session.iv), ...extra },
  });
  expect(result.status).toBe(202);
  return waitForInvoice(sim, session.referenceNumber, result.json.referenceNumber, token);
}

/** Opens a FA (3) batch session with `files` zipped in one part, closes it, waits for the end. */
async function runBatch(sim: SimulatorHandle, files: Record<string, Buffer>) {
  const zip = Buffer.from(zipSync(files));
  const { key, iv, encryption } = await encryptionFor(sim);
  const part = aesEncrypt(zip, key, iv);
  const opened = await api(sim, 'POST', '/sessions/batch', {
    body: {
      formCode: FORM_CODES.FA_3,
      batchFile: {
        fileSize: zip.length,
        fileHash: sha256(zip),
        fileParts: [{ ordinalNumber: 1, fileSize: part.length, fileHash: sha256(part) }],
      },
      encryption,
    },
  });
  expect(opened.status).toBe(201);
  const upload = opened.json.partUploadRequests[0];
  const put = await fetch(upload.url, {
    method: upload.method,
    headers: upload.headers,
    body: new Uint8Array(part),
  });
  expect(put.status).toBe(201);
  const ref: string = opened.json.referenceNumber;
  expect((await api(sim, 'POST', `/sessions/batch/${ref}/close`)).status).toBe(204);
  const session = await waitForSessionCode(sim, ref, 'token-a', 20_000);
  const invoices = (await api(sim, 'GET', `/sessions/${ref}/invoices`)).json.invoices as any[];
  const byFile = Object.fromEntries(invoices.map((i) => [i.invoiceFileName, i.status]));
  return { ref, session, byFile };
}

const utf8 = (xml: string) => Buffer.from(xml, 'utf8');
const withoutSellerAddress = (xml: string) => xml.replace(/<Adres>[\s\S]*?<\/Adres>\n/, '');

describe('invoice verification without the official schemas', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, processingDelayMs: 5 });
  });
  afterAll(() => sim.stop());

  it('says schema validation is off', () => {
    expect(sim.schemaValidation).toEqual({ enabled: false, formCodes: [] });
  });

  it('finds a duplicate in any earlier session of the seller, also one opened with another token', async () => {
    const number = `FV/DUP/${Date.now()}`;
    const first = await openOnline(sim, 'seller-office-a');
    const originalRef = await sendInvoice(
      sim,
      first,
      buildSampleInvoice({ invoiceNumber: number }),
      'seller-office-a',
    );
    const original = await waitForInvoice(
      sim,
      first.referenceNumber,
      originalRef,
      'seller-office-a',
    );
    expect(original.status.code).toBe(200);

    const second = await openOnline(sim, 'seller-office-b');
    const duplicate = await sendRaw(
      sim,
      second,
      utf8(buildSampleInvoice({ invoiceNumber: number })),
      {},
      'seller-office-b',
    );
    expect(duplicate.status).toEqual({
      code: 440,
      description: 'Duplikat faktury',
      details: [
        `Duplikat faktury. Faktura o numerze KSeF: ${original.ksefNumber} została już prawidłowo przesłana do systemu w sesji: ${first.referenceNumber}`,
      ],
      extensions: {
        originalSessionReferenceNumber: first.referenceNumber,
        originalKsefNumber: original.ksefNumber,
      },
    });
    expect(duplicate.ksefNumber ?? null).toBeNull();

    // The key is seller NIP + RodzajFaktury + P_2: another kind or another seller is no duplicate.
    const advance = buildSampleInvoice({ invoiceNumber: number }).replace(
      '<RodzajFaktury>VAT</RodzajFaktury>',
      '<RodzajFaktury>ZAL</RodzajFaktury>',
    );
    expect((await sendRaw(sim, second, utf8(advance), {}, 'seller-office-b')).status.code).toBe(
      200,
    );
    const otherSeller = buildSampleInvoice({ invoiceNumber: number, sellerNip: '7010002139' });
    expect((await sendRaw(sim, second, utf8(otherSeller), {}, 'seller-office-b')).status.code).toBe(
      200,
    );
  });

  it('ends a file with a BOM as 430 and an issue date after the Polish day of receipt as 450', async () => {
    const session = await openOnline(sim);
    const bom = await sendRaw(
      sim,
      session,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(buildSampleInvoice())]),
    );
    expect(bom.status).toMatchObject({
      code: 430,
      description: 'Błąd weryfikacji pliku faktury',
      details: [expect.stringContaining('BOM')],
    });
    const tomorrow = polishDate(new Date(Date.now() + 36 * 3_600_000));
    const future = await sendRaw(sim, session, utf8(buildSampleInvoice({ issueDate: tomorrow })));
    expect(future.status).toMatchObject({
      code: 450,
      description: 'Błąd weryfikacji semantyki dokumentu faktury',
      details: [expect.stringContaining(`(P_1) ${tomorrow} jest późniejsza`)],
    });
  });

  it('refuses an attachment in an online session with 415 unless it is a technical correction', async () => {
    const session = await openOnline(sim);
    const withAttachment = utf8(buildSampleInvoice({ attachment: true }));
    const plain = await sendRaw(sim, session, withAttachment);
    expect(plain.status).toMatchObject({
      code: 415,
      description: 'Brak możliwości wysyłania faktury z załącznikiem',
    });
    const correction = await sendRaw(sim, session, utf8(buildSampleInvoice({ attachment: true })), {
      offlineMode: true,
      hashOfCorrectedInvoice: sha256('the rejected offline invoice'),
    });
    expect(correction.status.code).toBe(200);
    expect(correction.invoicingMode).toBe('Offline');
  });

  it('puts every batch entry through the same checks: duplicates of online invoices included', async () => {
    const session = await openOnline(sim);
    const number = `FV/BATCH-DUP/${Date.now()}`;
    const onlineRef = await sendInvoice(
      sim,
      session,
      buildSampleInvoice({ invoiceNumber: number }),
    );
    const online = await waitForInvoice(sim, session.referenceNumber, onlineRef);
    const { session: batch, byFile } = await runBatch(sim, {
      'ok.xml': utf8(buildSampleInvoice()),
      'dup.xml': utf8(buildSampleInvoice({ invoiceNumber: number })),
      'bom.xml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(buildSampleInvoice())]),
      'pi.xml': utf8(buildSampleInvoice().replace('<Faktura ', '<?app x?><Faktura ')),
      'big.xml': utf8(buildSampleInvoice({ attachment: { minBytes: 1_200_000 } })),
    });
    expect(byFile['ok.xml'].code).toBe(200);
    expect(byFile['big.xml'].code).toBe(200); // attachments are for batch sessions
    expect(byFile['dup.xml']).toMatchObject({
      code: 440,
      extensions: {
        originalSessionReferenceNumber: session.referenceNumber,
        originalKsefNumber: online.ksefNumber,
      },
    });
    expect(byFile['bom.xml'].code).toBe(430);
    expect(byFile['pi.xml'].code).toBe(450);
    expect(batch).toMatchObject({
      status: { code: 200 },
      invoiceCount: 5,
      successfulInvoiceCount: 2,
      failedInvoiceCount: 3,
    });
  });

  it('refuses to start with a schemas folder it cannot use, naming the problem', async () => {
    await expect(
      startSimulator({ port: 0, invoiceSchemasDir: '/nonexistent/invoice-schemas' }),
    ).rejects.toThrow(
      'Invoice schemas folder /nonexistent/invoice-schemas: the folder does not exist.',
    );
  });
});

describeWithSchemas('invoice verification against the official schemas', (dir) => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      processingDelayMs: 5,
      invoiceSchemasDir: dir,
      seed: { token: 'demo' },
    });
  });
  afterAll(() => sim.stop());

  it('says schema validation is on, and for which form codes', () => {
    expect(sim.schemaValidation).toEqual({
      enabled: true,
      formCodes: ['FA_2', 'FA_3', 'FA_RR_1'],
      directory: dir,
    });
  });

  it("rejects an XSD-invalid FA (3) invoice with 450 and the validator's messages, accepts a valid one", async () => {
    const session = await openOnline(sim);
    const invalid = await sendRaw(sim, session, utf8(withoutSellerAddress(buildSampleInvoice())));
    expect(invalid.status).toEqual({
      code: 450,
      description: 'Błąd weryfikacji semantyki dokumentu faktury',
      details: [
        "Element '{http://crd.gov.pl/wzor/2025/06/25/13775/}Podmiot1': Missing child element(s). Expected is ( {http://crd.gov.pl/wzor/2025/06/25/13775/}Adres ). (linia 9)",
      ],
    });
    const valid = await sendRaw(sim, session, utf8(buildSampleInvoice()));
    expect(valid.status).toEqual({ code: 200, description: 'Sukces' });
    const failed = await api(sim, 'GET', `/sessions/${session.referenceNumber}/invoices/failed`);
    expect(failed.json.invoices.map((i: any) => i.status.code)).toEqual([450]);
  });

  it('validates FA (2) and FA_RR (1) sessions against their own schemas', async () => {
    for (const formCode of ['FA_2', 'FA_RR_1'] as const) {
      const session = await openOnline(sim, 'token-a', formCode);
      expect(
        (await sendRaw(sim, session, utf8(buildSampleInvoice({ formCode })))).status.code,
      ).toBe(200);
      const noAddress = withoutSellerAddress(buildSampleInvoice({ formCode }));
      expect(await sendRaw(sim, session, utf8(noAddress))).toMatchObject({
        status: { code: 450, details: [expect.stringContaining('Adres')] },
      });
    }
  });

  it('takes a technical correction with an XSD-valid attachment online', async () => {
    const session = await openOnline(sim);
    const correction = await sendRaw(sim, session, utf8(buildSampleInvoice({ attachment: true })), {
      offlineMode: true,
      hashOfCorrectedInvoice: sha256('the rejected offline invoice'),
    });
    expect(correction.status.code).toBe(200);
  });

  it('validates batch entries too', async () => {
    const { byFile, session } = await runBatch(sim, {
      'valid.xml': utf8(buildSampleInvoice()),
      'invalid.xml': utf8(withoutSellerAddress(buildSampleInvoice())),
    });
    expect(byFile['valid.xml']).toEqual({ code: 200, description: 'Sukces' });
    expect(byFile['invalid.xml']).toMatchObject({
      code: 450,
      details: [expect.stringContaining("Podmiot1': Missing child element(s)")],
    });
    expect(session.status.code).toBe(200);
  });

  it('seeds its demo sessions with invoices that pass the schema', async () => {
    const sessions = (await api(sim, 'GET', '/sessions?sessionType=Online', { token: 'demo' })).json
      .sessions as any[];
    expect(sessions.map((s) => s.status.code).sort()).toEqual([200, 200, 200, 440]);
    expect(sessions.reduce((n, s) => n + s.failedInvoiceCount, 0)).toBe(0);
  });
});
