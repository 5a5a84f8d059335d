/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON, asserted field by field */
import { randomBytes } from 'node:crypto';
import { FORM_CODES } from '../../../src/ksef/wire/form-codes';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/simulator';
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
} from '../../support/simulator-client';

const UNKNOWN_REF = '20250101-SO-0123456789-ABCDEF0123-4F';
const codeOf = (r: { json: any }) => r.json?.exception?.exceptionDetailList?.[0]?.exceptionCode;

describe('simulator errors are KSeF errors', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, processingDelayMs: 10 });
  });
  afterAll(() => sim.stop());

  it('answers 401 problem+json without a token, and with an empty one', async () => {
    for (const headers of [{}, { authorization: 'Bearer   ' }] as Record<string, string>[]) {
      const r = await fetch(`${sim.url}/sessions?sessionType=Online`, { headers });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      const body = await r.json();
      expect(body).toMatchObject({
        title: 'Unauthorized',
        status: 401,
        detail: expect.any(String),
        timestamp: expect.any(String),
      });
    }
  });

  it('answers an unknown route with 404', async () => {
    expect((await api(sim, 'GET', '/nothing/here')).status).toBe(404);
  });

  it('reports an unknown session as 21173 in the default ExceptionResponse format', async () => {
    const r = await api(sim, 'GET', `/sessions/${UNKNOWN_REF}`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/json');
    expect(codeOf(r)).toBe(21173);
    expect(r.json.exception.exceptionDetailList[0].details[0]).toContain(UNKNOWN_REF);
    expect(r.json.exception.timestamp).toEqual(expect.any(String));
  });

  it('uses BadRequestProblemDetails when asked with X-Error-Format: problem-details', async () => {
    const r = await api(sim, 'GET', `/sessions/${UNKNOWN_REF}`, {
      headers: { 'X-Error-Format': 'problem-details' },
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json).toMatchObject({
      title: 'Bad Request',
      status: 400,
      instance: `/v2/sessions/${UNKNOWN_REF}`,
    });
    expect(r.json.errors[0].code).toBe(21173);
    expect(r.json.traceId).toEqual(expect.any(String));
  });

  it('hides one token’s sessions from another as if they did not exist', async () => {
    const session = await openOnline(sim, 'token-a');
    expect(
      (await api(sim, 'GET', `/sessions/${session.referenceNumber}`, { token: 'token-a' })).status,
    ).toBe(200);
    const foreign = await api(sim, 'GET', `/sessions/${session.referenceNumber}`, {
      token: 'token-b',
    });
    expect(codeOf(foreign)).toBe(21173);
    const list = await api(sim, 'GET', '/sessions?sessionType=Online', { token: 'token-b' });
    expect(list.json.sessions.map((s: any) => s.referenceNumber)).not.toContain(
      session.referenceNumber,
    );
  });

  it('refuses to close twice and to send into a closed session with 21180', async () => {
    const session = await openOnline(sim);
    await sendInvoice(sim, session, buildSampleInvoice({}));
    expect(
      (await api(sim, 'POST', `/sessions/online/${session.referenceNumber}/close`)).status,
    ).toBe(204);
    const again = await api(sim, 'POST', `/sessions/online/${session.referenceNumber}/close`);
    expect(codeOf(again)).toBe(21180);
    const send = await api(sim, 'POST', `/sessions/online/${session.referenceNumber}/invoices`, {
      body: encryptInvoice(buildSampleInvoice({}), session.key, session.iv),
    });
    expect(codeOf(send)).toBe(21180);
  });

  it('checks declared sizes and hashes of ciphertext and plaintext (21402, 21403)', async () => {
    const session = await openOnline(sim);
    const good = encryptInvoice(buildSampleInvoice({}), session.key, session.iv);
    const post = (body: unknown) =>
      api(sim, 'POST', `/sessions/online/${session.referenceNumber}/invoices`, { body });
    expect(
      codeOf(await post({ ...good, encryptedInvoiceSize: good.encryptedInvoiceSize + 1 })),
    ).toBe(21402);
    expect(codeOf(await post({ ...good, encryptedInvoiceHash: sha256('x') }))).toBe(21403);
    expect(codeOf(await post({ ...good, invoiceSize: good.invoiceSize + 1 }))).toBe(21402);
    expect(codeOf(await post({ ...good, invoiceHash: sha256('x') }))).toBe(21403);
    expect((await post(good)).status).toBe(202);
  });

  it('reports malformed input as 21405 with the validator message', async () => {
    const session = await openOnline(sim);
    const badJson = await api(sim, 'POST', `/sessions/online/${session.referenceNumber}/invoices`, {
      body: '{oops',
    });
    expect(codeOf(badJson)).toBe(21405);
    expect(badJson.json.exception.exceptionDetailList[0].details[0]).toEqual(expect.any(String));
    const { encryption } = await encryptionFor(sim);
    const badForm = await api(sim, 'POST', '/sessions/online', {
      body: { formCode: { systemCode: 'FA (9)', schemaVersion: '1-0E', value: 'FA' }, encryption },
    });
    expect(codeOf(badForm)).toBe(21405);
    const badIv = await api(sim, 'POST', '/sessions/online', {
      body: {
        formCode: FORM_CODES.FA_3,
        encryption: { ...encryption, initializationVector: randomBytes(12).toString('base64') },
      },
    });
    expect(codeOf(badIv)).toBe(21405);
    expect(codeOf(await api(sim, 'GET', '/sessions?sessionType=Online&pageSize=9'))).toBe(21405);
    expect(codeOf(await api(sim, 'GET', '/sessions?sessionType=Online&pageSize=1001'))).toBe(21405);
    expect(codeOf(await api(sim, 'GET', '/sessions'))).toBe(21405);
    expect(codeOf(await api(sim, 'GET', '/sessions/not-a-reference'))).toBe(21405);
  });

  it('rejects a garbage continuation token with 21418', async () => {
    const r = await api(sim, 'GET', '/sessions?sessionType=Online', {
      headers: { 'x-continuation-token': 'Z2FyYmFnZQ==' },
    });
    expect(codeOf(r)).toBe(21418);
  });

  it('rejects an unknown publicKeyId with 21470', async () => {
    const { encryption } = await encryptionFor(sim);
    const r = await api(sim, 'POST', '/sessions/online', {
      body: {
        formCode: FORM_CODES.FA_3,
        encryption: { ...encryption, publicKeyId: sha256('unknown key') },
      },
    });
    expect(codeOf(r)).toBe(21470);
  });

  it('opens a session whose key cannot be unwrapped and gives it status 415', async () => {
    const { encryption } = await encryptionFor(sim);
    const r = await api(sim, 'POST', '/sessions/online', {
      body: {
        formCode: FORM_CODES.FA_3,
        encryption: { ...encryption, encryptedSymmetricKey: randomBytes(256).toString('base64') },
      },
    });
    expect(r.status).toBe(201);
    const status = await api(sim, 'GET', `/sessions/${r.json.referenceNumber}`);
    expect(status.json.status).toEqual({
      code: 415,
      description: 'Błąd odszyfrowania dostarczonego klucza',
    });
  });

  it('gives 435 to an invoice encrypted with another key and 450 to broken XML or a wrong form', async () => {
    const session = await openOnline(sim);
    const otherKey = randomBytes(32);
    const plain = Buffer.from(buildSampleInvoice({}));
    const wrongCipher = aesEncrypt(plain, otherKey, session.iv);
    const r = await api(sim, 'POST', `/sessions/online/${session.referenceNumber}/invoices`, {
      body: {
        invoiceHash: sha256(plain),
        invoiceSize: plain.length,
        encryptedInvoiceHash: sha256(wrongCipher),
        encryptedInvoiceSize: wrongCipher.length,
        encryptedInvoiceContent: wrongCipher.toString('base64'),
      },
    });
    // A wrong key usually breaks the padding; on the rare lucky padding, the plaintext hash catches it.
    if (r.status === 202) {
      expect(
        (await waitForInvoice(sim, session.referenceNumber, r.json.referenceNumber)).status.code,
      ).toBe(435);
    } else {
      expect([21402, 21403]).toContain(codeOf(r));
    }
    const broken = await sendInvoice(sim, session, '<Faktura><unclosed></Faktura>');
    const brokenStatus = (await waitForInvoice(sim, session.referenceNumber, broken)).status;
    expect(brokenStatus.code).toBe(450);
    expect(brokenStatus.details[0]).toMatch(/^Nieprawidłowy XML: /);
    const wrongForm = await sendInvoice(sim, session, buildSampleInvoice({ formCode: 'FA_2' }));
    const wrong = await waitForInvoice(sim, session.referenceNumber, wrongForm);
    expect(wrong.status.code).toBe(450);
    expect(wrong.status.description).toBe('Błąd weryfikacji semantyki dokumentu faktury');
    const failed = await api(sim, 'GET', `/sessions/${session.referenceNumber}/invoices/failed`);
    expect(failed.json.invoices.map((i: any) => i.referenceNumber)).toEqual(
      expect.arrayContaining([broken, wrongForm]),
    );
  });

  it('marks a duplicate (same seller NIP and number) as 440 pointing at the original', async () => {
    const first = await openOnline(sim, 'dup-token');
    const xml = buildSampleInvoice({ invoiceNumber: 'FV/DUP/1' });
    const originalRef = await sendInvoice(sim, first, xml, 'dup-token');
    const original = await waitForInvoice(sim, first.referenceNumber, originalRef, 'dup-token');
    const second = await openOnline(sim, 'dup-token');
    const dupRef = await sendInvoice(
      sim,
      second,
      buildSampleInvoice({ invoiceNumber: 'FV/DUP/1' }),
      'dup-token',
    );
    const dup = await waitForInvoice(sim, second.referenceNumber, dupRef, 'dup-token');
    expect(dup.status.code).toBe(440);
    expect(dup.status.extensions).toEqual({
      originalSessionReferenceNumber: first.referenceNumber,
      originalKsefNumber: original.ksefNumber,
    });
    await api(sim, 'POST', `/sessions/online/${second.referenceNumber}/close`, {
      token: 'dup-token',
    });
    const final = await waitForSessionCode(sim, second.referenceNumber, 'dup-token');
    expect(final.status).toEqual({
      code: 445,
      description: 'Błąd weryfikacji, brak poprawnych faktur',
    });
    expect(final.upo).toBeNull();
  });

  it('answers 21178 for a UPO that does not exist yet', async () => {
    const session = await openOnline(sim);
    const r = await api(
      sim,
      'GET',
      `/sessions/${session.referenceNumber}/upo/20250101-EU-0123456789-ABCDEF0123-4F`,
    );
    expect(codeOf(r)).toBe(21178);
    const byKsef = await api(
      sim,
      'GET',
      `/sessions/${session.referenceNumber}/invoices/ksef/5265877635-20250826-0100001AF629-AF/upo`,
    );
    expect(codeOf(byKsef)).toBe(21178);
  });
});
