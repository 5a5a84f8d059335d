/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON, asserted field by field */
import { X509Certificate } from 'node:crypto';
import { hasValidKsefChecksum } from '../../../src/ksef/wire/ksef-number';
import { isReferenceNumber, referenceTypeCode } from '../../../src/ksef/wire/reference-number';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/simulator';
import {
  api,
  openOnline,
  sendInvoice,
  sha256,
  waitForInvoice,
  waitForSessionCode,
} from '../../support/simulator-client';
import { upoXsdPathFromEnv, validateUpoAgainstXsd } from '../../support/upo-xsd';

const UPO_XSD_PATH = upoXsdPathFromEnv("XSD validation of the simulator's UPOs");

describe('online session flow with real cryptography', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, processingDelayMs: 20 });
  });
  afterAll(() => sim.stop());

  it('publishes a SymmetricKeyEncryption certificate whose ids are hashes of its DER and public key', async () => {
    const result = await api(sim, 'GET', '/security/public-key-certificates', { token: null });
    expect(result.status).toBe(200);
    const certs = result.json as any[];
    const sym = certs.find((c) => c.usage.includes('SymmetricKeyEncryption'));
    const der = Buffer.from(sym.certificate, 'base64');
    const x509 = new X509Certificate(der);
    expect(x509.subject).toContain('Ministerstwo Finansów (simulator)');
    expect(sym.certificateId).toBe(sha256(der));
    const spki = x509.publicKey.export({ type: 'spki', format: 'der' });
    expect(sym.publicKeyId).toBe(sha256(spki));
    expect(Object.keys(sym).sort()).toEqual([
      'certificate',
      'certificateId',
      'publicKeyId',
      'usage',
      'validFrom',
      'validTo',
    ]);
    const other = certs.find((c) => c.usage.includes('KsefTokenEncryption'));
    expect(other.publicKeyId).not.toBe(sym.publicKeyId);
  });

  it('takes an invoice from open to 200 with a KSeF number and an XSD-valid UPO downloadable both ways', async () => {
    const session = await openOnline(sim);
    expect(referenceTypeCode(session.referenceNumber)).toBe('SO');
    const opened = await api(sim, 'GET', `/sessions/${session.referenceNumber}`);
    expect(opened.json.status).toEqual({ code: 100, description: 'Sesja interaktywna otwarta' });

    const xml = buildSampleInvoice({
      sellerNip: '5265877635',
      invoiceNumber: 'FV/1/<&>/2025',
      issueDate: '2025-11-20',
    });
    const invoiceRef = await sendInvoice(sim, session, xml);
    expect(referenceTypeCode(invoiceRef)).toBe('EE');
    const first = await api(
      sim,
      'GET',
      `/sessions/${session.referenceNumber}/invoices/${invoiceRef}`,
    );
    expect([100, 150]).toContain(first.json.status.code);

    const invoice = await waitForInvoice(sim, session.referenceNumber, invoiceRef);
    expect(invoice.status).toEqual({ code: 200, description: 'Sukces' });
    expect(invoice.invoiceNumber).toBe('FV/1/<&>/2025');
    expect(invoice.invoiceHash).toBe(sha256(xml));
    expect(invoice.ksefNumber.startsWith('5265877635-')).toBe(true);
    expect(hasValidKsefChecksum(invoice.ksefNumber)).toBe(true);
    expect(invoice.acquisitionDate).toEqual(expect.any(String));
    expect(invoice.invoicingMode).toBe('Online');

    expect(
      (await api(sim, 'POST', `/sessions/online/${session.referenceNumber}/close`)).status,
    ).toBe(204);
    const closing = await api(sim, 'GET', `/sessions/${session.referenceNumber}`);
    expect([170, 200]).toContain(closing.json.status.code);

    const done = await waitForSessionCode(sim, session.referenceNumber);
    expect(done.status).toEqual({
      code: 200,
      description: 'Sesja interaktywna przetworzona pomyślnie',
    });
    expect(done).toMatchObject({
      invoiceCount: 1,
      successfulInvoiceCount: 1,
      failedInvoiceCount: 0,
    });
    expect(done.upo.pages).toHaveLength(1);
    const page = done.upo.pages[0];
    expect(referenceTypeCode(page.referenceNumber)).toBe('EU');
    expect(Date.parse(page.downloadUrlExpirationDate)).toBeGreaterThan(
      Date.now() + 2 * 24 * 3600 * 1000,
    );

    const viaApi = await api(
      sim,
      'GET',
      `/sessions/${session.referenceNumber}/upo/${page.referenceNumber}`,
    );
    expect(viaApi.status).toBe(200);
    expect(viaApi.headers.get('content-type')).toContain('application/xml');
    expect(viaApi.headers.get('x-ms-meta-hash')).toBe(sha256(Buffer.from(viaApi.text, 'utf8')));
    expect(viaApi.text).toContain(`<NumerKSeFDokumentu>${invoice.ksefNumber}</NumerKSeFDokumentu>`);
    expect(viaApi.text).toContain('<NumerFaktury>FV/1/&lt;&amp;&gt;/2025</NumerFaktury>');
    expect(viaApi.text).toContain('<OpisPotwierdzenia>');
    expect(viaApi.text).not.toContain('token-a');

    const direct = await fetch(page.downloadUrl); // no Authorization
    expect(direct.status).toBe(200);
    const directText = await direct.text();
    expect(directText).toBe(viaApi.text);
    expect(direct.headers.get('x-ms-meta-hash')).toBe(viaApi.headers.get('x-ms-meta-hash'));

    if (UPO_XSD_PATH) {
      const verdict = await validateUpoAgainstXsd(viaApi.text, UPO_XSD_PATH);
      expect(verdict.errors).toEqual([]);
      expect(verdict.valid).toBe(true);
    }

    // Invoice UPO: by invoice reference, by KSeF number, and via upoDownloadUrl — same bytes.
    const finalInvoice = (
      await api(sim, 'GET', `/sessions/${session.referenceNumber}/invoices/${invoiceRef}`)
    ).json;
    const byRef = await api(
      sim,
      'GET',
      `/sessions/${session.referenceNumber}/invoices/${invoiceRef}/upo`,
    );
    const byKsef = await api(
      sim,
      'GET',
      `/sessions/${session.referenceNumber}/invoices/ksef/${invoice.ksefNumber}/upo`,
    );
    const byUrl = await fetch(finalInvoice.upoDownloadUrl);
    const byUrlText = await byUrl.text();
    expect(byRef.status).toBe(200);
    expect(byKsef.text).toBe(byRef.text);
    expect(byUrlText).toBe(byRef.text);
    expect(byRef.headers.get('x-ms-meta-hash')).toBe(sha256(Buffer.from(byRef.text, 'utf8')));
    expect(byRef.text).not.toContain('<OpisPotwierdzenia>');
    expect(finalInvoice.permanentStorageDate).toEqual(expect.any(String));
    if (UPO_XSD_PATH) {
      expect((await validateUpoAgainstXsd(byRef.text, UPO_XSD_PATH)).errors).toEqual([]);
    }
  });

  it('rejects a tampered or expired download URL like Azure storage does', async () => {
    const expiring = await startSimulator({ port: 0, processingDelayMs: 5, upoUrlTtlMs: 300 });
    try {
      const session = await openOnline(expiring);
      await sendInvoice(expiring, session, buildSampleInvoice({}));
      await api(expiring, 'POST', `/sessions/online/${session.referenceNumber}/close`);
      const done = await waitForSessionCode(expiring, session.referenceNumber);
      const url: string = done.upo.pages[0].downloadUrl;
      const tampered = url.replace(/sig=[^&]+/, 'sig=AAAA');
      expect((await fetch(tampered)).status).toBe(403);
      const otherPath = url.replace(done.upo.pages[0].referenceNumber, session.referenceNumber);
      expect((await fetch(otherPath)).status).toBe(403);
      const expired = await (async () => {
        await new Promise((r) => setTimeout(r, 350));
        return fetch(url);
      })();
      expect(expired.status).toBe(403);
      expect(await expired.text()).toContain('AuthenticationFailed');
    } finally {
      await expiring.stop();
    }
  });

  it('reference numbers match the official pattern', async () => {
    const session = await openOnline(sim);
    expect(isReferenceNumber(session.referenceNumber)).toBe(true);
  });
});
