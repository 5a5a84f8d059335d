/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON, asserted field by field */
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/simulator';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import { FORM_CODES } from '../../../src/ksef/wire/form-codes';
import {
  api,
  encryptionFor,
  openOnline,
  pollUntil,
  sendInvoice,
  sha256,
  waitForSessionCode,
} from '../../support/simulator-client';

describe('time-driven session lifecycle', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, processingDelayMs: 10, sessionValidityMs: 400 });
  });
  afterAll(() => sim.stop());

  it('auto-closes an online session at validUntil and finishes it with 200', async () => {
    const session = await openOnline(sim);
    await sendInvoice(sim, session, buildSampleInvoice({}));
    expect(Date.parse(session.validUntil) - Date.now()).toBeLessThanOrEqual(400);
    const done = await waitForSessionCode(sim, session.referenceNumber);
    expect(done.status.code).toBe(200);
    expect(done.upo.pages).toHaveLength(1);
  });

  it('cancels an online session without invoices with 440 "Nie przesłano faktur"', async () => {
    const session = await openOnline(sim);
    const done = await waitForSessionCode(sim, session.referenceNumber);
    expect(done.status).toEqual({
      code: 440,
      description: 'Sesja anulowana',
      details: ['Nie przesłano faktur'],
    });
  });

  it('cancels a batch session left open with 440', async () => {
    const { encryption } = await encryptionFor(sim);
    const r = await api(sim, 'POST', '/sessions/batch', {
      body: {
        formCode: FORM_CODES.FA_3,
        batchFile: {
          fileSize: 10,
          fileHash: sha256('x'),
          fileParts: [{ ordinalNumber: 1, fileSize: 16, fileHash: sha256('y') }],
        },
        encryption,
      },
    });
    const done = await waitForSessionCode(sim, r.json.referenceNumber);
    expect(done.status).toEqual({
      code: 440,
      description: 'Sesja anulowana',
      details: ['Przekroczono czas wysyłki'],
    });
  });

  it('moves dateUpdated forward on activity', async () => {
    const session = await openOnline(sim);
    const before = (await api(sim, 'GET', `/sessions/${session.referenceNumber}`)).json.dateUpdated;
    await new Promise((r) => setTimeout(r, 5));
    await sendInvoice(sim, session, buildSampleInvoice({}));
    const after = await pollUntil(
      async () => (await api(sim, 'GET', `/sessions/${session.referenceNumber}`)).json.dateUpdated,
      (d) => d > before,
    );
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
  });
});

describe('seeded demo data', () => {
  it('shows finished sessions with UPOs for the seed token only', async () => {
    const sim = await startSimulator({ port: 0, seed: { token: 'demo' } });
    try {
      const online = (await api(sim, 'GET', '/sessions?sessionType=Online', { token: 'demo' })).json
        .sessions;
      expect(online.length).toBeGreaterThanOrEqual(3);
      expect(online.map((s: any) => s.status.code)).toEqual(expect.arrayContaining([200, 440]));
      const batch = (await api(sim, 'GET', '/sessions?sessionType=Batch', { token: 'demo' })).json
        .sessions;
      expect(batch[0].status.code).toBe(200);
      const succeeded = online.find((s: any) => s.status.code === 200);
      const status = (
        await api(sim, 'GET', `/sessions/${succeeded.referenceNumber}`, { token: 'demo' })
      ).json;
      expect(Date.parse(status.dateCreated)).toBeLessThan(Date.now() - 3_600_000);
      expect((await fetch(status.upo.pages[0].downloadUrl)).status).toBe(200);
      expect(
        (await api(sim, 'GET', '/sessions?sessionType=Online', { token: 'other' })).json.sessions,
      ).toEqual([]);
    } finally {
      await sim.stop();
    }
  });
});
