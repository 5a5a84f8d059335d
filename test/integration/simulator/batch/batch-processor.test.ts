import { FORM_CODES } from '../../../../src/ksef/wire/form-codes';
import { buildSampleInvoice } from '../../../../src/simulator/sample-invoice';
import { startSimulator, type SimulatorHandle } from '../../../../src/simulator/simulator';
import { deflateBomb, tarGzBomb, zipOf } from '../../../support/batch-packages';
import {
  aesEncrypt,
  api,
  encryptionFor,
  openOnline,
  sessionStatusCode,
  sha256,
  waitForSessionCode,
} from '../../../support/simulator-client';

/** Opens a batch session for `pkg`, uploads it as one part and closes it; returns its reference. */
async function sendPackage(
  sim: SimulatorHandle,
  pkg: Buffer,
  compressionType: 'Zip' | 'TarGz' = 'Zip',
): Promise<string> {
  const { key, iv, encryption } = await encryptionFor(sim);
  const part = aesEncrypt(pkg, key, iv);
  const opened = await api(sim, 'POST', '/sessions/batch', {
    body: {
      formCode: FORM_CODES.FA_3,
      batchFile: {
        fileSize: pkg.length,
        fileHash: sha256(pkg),
        compressionType,
        fileParts: [{ ordinalNumber: 1, fileSize: part.length, fileHash: sha256(part) }],
      },
      encryption,
    },
  });
  expect(opened.status).toBe(201);
  const upload = opened.json.partUploadRequests[0];
  const put = await fetch(upload.url, {
    method: 'PUT',
    headers: upload.headers,
    body: new Uint8Array(part),
  });
  expect(put.status).toBe(201);
  const ref = opened.json.referenceNumber as string;
  expect((await api(sim, 'POST', `/sessions/batch/${ref}/close`)).status).toBe(204);
  return ref;
}

const invoice = (n: number) =>
  Buffer.from(buildSampleInvoice({ invoiceNumber: `BOMB/${n}/${Date.now()}` }));

describe('batch packages that would exhaust the simulator', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, processingDelayMs: 0 });
  });
  afterAll(() => sim.stop());

  async function stillServing(): Promise<void> {
    expect((await api(sim, 'GET', '/rate-limits')).status).toBe(200);
    const online = await openOnline(sim);
    expect(online.referenceNumber).toMatch(/-SO-/);
  }

  it('ends a package with a 1 MB entry that expands to 1 GiB in 430, accepting none of it', async () => {
    const bomb = deflateBomb(1024);
    const ref = await sendPackage(
      sim,
      zipOf([
        { name: 'good.xml', bytes: invoice(1) },
        { name: 'bomb.xml', deflated: bomb },
      ]),
    );
    const done = await waitForSessionCode(sim, ref, 'token-a', 30_000);
    expect(done.status).toEqual({
      code: 430,
      description: 'Błąd dekompresji pierwotnego archiwum',
      details: ["Plik 'bomb.xml' po rozpakowaniu przekracza dozwolony rozmiar 3000000 bajtów."],
    });
    expect(done.invoiceCount ?? 0).toBe(0);
    await stillServing();
  });

  it('ends a package with a 400 MiB XML-like entry in 430', async () => {
    const xmlLike = deflateBomb(400, '<a>b</a>');
    const ref = await sendPackage(sim, zipOf([{ name: 'big.xml', deflated: xmlLike }]));
    const done = await waitForSessionCode(sim, ref, 'token-a', 30_000);
    expect(done.status.code).toBe(430);
    await stillServing();
  });

  it('ends a tar.gz package whose entry is larger than any invoice in 430', async () => {
    const ref = await sendPackage(sim, tarGzBomb('big.xml', 64, '<a>b</a>'), 'TarGz');
    const done = await waitForSessionCode(sim, ref, 'token-a', 30_000);
    expect(done.status).toMatchObject({
      code: 430,
      details: ["Plik 'big.xml' po rozpakowaniu przekracza dozwolony rozmiar 3000000 bajtów."],
    });
    await stillServing();
  });

  it('ends a package of 10 001 invoices in 420 before judging any of them', async () => {
    const files = Array.from({ length: 10_001 }, (_, i) => ({
      name: `f${i}.xml`,
      bytes: Buffer.from('<x/>'),
      method: 0 as const,
    }));
    const ref = await sendPackage(sim, zipOf(files));
    const done = await waitForSessionCode(sim, ref, 'token-a', 30_000);
    expect(done.status.code).toBe(420);
    expect(done.invoiceCount ?? 0).toBe(0);
  });

  it('answers other requests while it judges a large package, entry by entry', async () => {
    const count = 400;
    const files = Array.from({ length: count }, (_, i) => ({
      name: `${i}.xml`,
      bytes: invoice(1000 + i),
    }));
    const ref = await sendPackage(sim, zipOf(files));
    const seen: { code: number; invoices: number }[] = [];
    for (;;) {
      const status = await sessionStatusCode(sim, ref);
      seen.push({ code: status.status.code, invoices: status.invoiceCount ?? 0 });
      if (status.status.code >= 200) break;
    }
    expect(seen.at(-1)).toEqual({ code: 200, invoices: count });
    // Answers arrived while the package was half judged: the work yields between invoices.
    expect(seen.some((s) => s.code === 150 && s.invoices > 0 && s.invoices < count)).toBe(true);
  });
});
