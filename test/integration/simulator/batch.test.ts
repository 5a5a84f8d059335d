/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON, asserted field by field */
import { zipSync } from 'fflate';
import { FORM_CODES } from '../../../src/ksef/wire/form-codes';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/simulator';
import {
  aesEncrypt,
  api,
  encryptionFor,
  sha256,
  waitForSessionCode,
} from '../../support/simulator-client';
import { upoXsdPathFromEnv, validateUpoAgainstXsd } from '../../support/upo-xsd';

const UPO_XSD_PATH = upoXsdPathFromEnv("XSD validation of the simulator's UPOs");

async function openBatch(sim: SimulatorHandle, files: Record<string, string>, partCount = 2) {
  const zip = Buffer.from(
    zipSync(Object.fromEntries(Object.entries(files).map(([n, x]) => [n, Buffer.from(x)]))),
  );
  const { key, iv, encryption } = await encryptionFor(sim);
  const chunk = Math.ceil(zip.length / partCount);
  const parts = Array.from({ length: partCount }, (_, i) =>
    aesEncrypt(zip.subarray(i * chunk, (i + 1) * chunk), key, iv),
  );
  const r = await api(sim, 'POST', '/sessions/batch', {
    body: {
      formCode: FORM_CODES.FA_3,
      batchFile: {
        fileSize: zip.length,
        fileHash: sha256(zip),
        fileParts: parts.map((p, i) => ({
          ordinalNumber: i + 1,
          fileSize: p.length,
          fileHash: sha256(p),
        })),
      },
      encryption,
    },
  });
  expect(r.status).toBe(201);
  return {
    ref: r.json.referenceNumber as string,
    uploads: r.json.partUploadRequests as any[],
    parts,
  };
}

const put = (upload: any, body: Buffer) =>
  fetch(upload.url, { method: upload.method, headers: upload.headers, body: new Uint8Array(body) });

describe('batch sessions', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, processingDelayMs: 10 });
  });
  afterAll(() => sim.stop());

  it('processes a zipped, split, encrypted package to 200 with invoice file names and a UPO', async () => {
    const { ref, uploads, parts } = await openBatch(sim, {
      'a.xml': buildSampleInvoice({ invoiceNumber: 'B/1' }),
      'b.xml': buildSampleInvoice({ invoiceNumber: 'B/2' }),
      'readme.txt': 'not an invoice',
    });
    expect(ref).toMatch(/-SB-/);
    expect(uploads).toHaveLength(2);
    expect(uploads[0]).toMatchObject({
      ordinalNumber: 1,
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob' },
    });
    for (const [i, upload] of uploads.entries())
      expect((await put(upload, parts[i]!)).status).toBe(201);
    const before = sim.requestLog.entries().filter((e) => e.route.startsWith('PUT /storage'));
    expect(before.every((e) => !e.hadAuthorization)).toBe(true);
    expect((await api(sim, 'POST', `/sessions/batch/${ref}/close`)).status).toBe(204);
    const done = await waitForSessionCode(sim, ref);
    expect(done.status).toEqual({ code: 200, description: 'Sesja wsadowa przetworzona pomyślnie' });
    expect(done).toMatchObject({ invoiceCount: 2, successfulInvoiceCount: 2 });
    const invoices = (await api(sim, 'GET', `/sessions/${ref}/invoices`)).json.invoices;
    expect(invoices.map((i: any) => i.invoiceFileName).sort()).toEqual(['a.xml', 'b.xml']);
    const upo = await fetch(done.upo.pages[0].downloadUrl);
    const text = await upo.text();
    expect(text).toContain('<NumerFaktury>B/2</NumerFaktury>');
    if (UPO_XSD_PATH) expect((await validateUpoAgainstXsd(text, UPO_XSD_PATH)).errors).toEqual([]);
  });

  it('refuses to close with a missing part (21205) or a part of the wrong size (21157)', async () => {
    const { ref, uploads, parts } = await openBatch(sim, { 'a.xml': buildSampleInvoice({}) });
    await put(uploads[0], parts[0]!);
    const missing = await api(sim, 'POST', `/sessions/batch/${ref}/close`);
    expect(missing.json.exception.exceptionDetailList[0].exceptionCode).toBe(21205);
    await put(uploads[1], Buffer.concat([parts[1]!, Buffer.from('extra')]));
    const wrongSize = await api(sim, 'POST', `/sessions/batch/${ref}/close`);
    expect(wrongSize.json.exception.exceptionDetailList[0].exceptionCode).toBe(21157);
  });

  it('ends with 405 when a part has the right size but the wrong hash', async () => {
    const { ref, uploads, parts } = await openBatch(sim, { 'a.xml': buildSampleInvoice({}) });
    await put(uploads[0], parts[0]!);
    const flipped = Buffer.from(parts[1]!);
    flipped[0] = flipped[0]! ^ 0xff;
    await put(uploads[1], flipped);
    expect((await api(sim, 'POST', `/sessions/batch/${ref}/close`)).status).toBe(204);
    expect((await waitForSessionCode(sim, ref)).status.code).toBe(405);
  });

  it('rejects a part upload with a tampered signature and too many parts with 21161', async () => {
    const { uploads, parts } = await openBatch(sim, { 'a.xml': buildSampleInvoice({}) });
    const r = await fetch(uploads[0].url.replace(/sig=[^&]+/, 'sig=x'), {
      method: 'PUT',
      body: new Uint8Array(parts[0]!),
    });
    expect(r.status).toBe(403);
    const { encryption } = await encryptionFor(sim);
    const many = await api(sim, 'POST', '/sessions/batch', {
      body: {
        formCode: FORM_CODES.FA_3,
        batchFile: {
          fileSize: 10,
          fileHash: sha256('x'),
          fileParts: Array.from({ length: 51 }, (_, i) => ({
            ordinalNumber: i + 1,
            fileSize: 16,
            fileHash: sha256('x'),
          })),
        },
        encryption,
      },
    });
    expect(many.json.exception.exceptionDetailList[0].exceptionCode).toBe(21161);
  });
});
