// The real client against the embedded simulator: the two halves of the project must agree on the
// wire. Open (generated key) → send an invoice → list → status → close → UPO by link and by API.
import { createHash } from 'node:crypto';
import { encryptInvoice } from '../../../src/ksef/crypto';
import { createKsefHttp } from '../../../src/ksef/http';
import type { KsefHttp } from '../../../src/ksef/http';
import { openOnlineSession } from '../../../src/ksef/open-online-session';
import { createPublicKeyProvider } from '../../../src/ksef/public-key-provider';
import { createKsefInvoicesClient } from '../../../src/ksef/invoices.client';
import { createKsefSecurityClient } from '../../../src/ksef/security.client';
import { createKsefSessionsClient } from '../../../src/ksef/sessions.client';
import type { SessionStatusResponseDto } from '../../../src/ksef/wire/sessions.dto';
import { createUpoDownloader } from '../../../src/ksef/upo-download';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import { startSimulator } from '../../../src/simulator/simulator';
import type { SimulatorHandle } from '../../../src/simulator/simulator';
import { failure } from '../../support/ksef-failure';
import { toFormCodeDto } from '../../../src/ksef/wire/form-codes';

const FA_3 = toFormCodeDto('FA_3');

describe('KSeF client against the embedded simulator', () => {
  let simulator: SimulatorHandle;
  let http: KsefHttp;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, processingDelayMs: 50, rateLimits: false });
    http = createKsefHttp({ baseUrl: simulator.url, timeoutMs: 5000 });
  }, 60_000);

  afterAll(async () => {
    http.close();
    await simulator.stop();
  });

  it('opens with a generated key, sends an invoice, lists, reads, closes and downloads the UPO', async () => {
    const caller = { token: `token-${Date.now()}`, requestId: 'sim-flow' };
    const client = createKsefSessionsClient(http, caller);
    const publicKeys = createPublicKeyProvider(createKsefSecurityClient(http));

    const { response, generatedKey } = await openOnlineSession({ client, publicKeys }, FA_3);
    expect(response.referenceNumber).toMatch(/^\d{8}-SO-/);
    expect(generatedKey).toBeDefined();

    const invoice = encryptInvoice(
      buildSampleInvoice({ formCode: 'FA_3' }),
      Buffer.from(generatedKey!.symmetricKey, 'base64'),
      Buffer.from(generatedKey!.initializationVector, 'base64'),
    );
    const sent = await createKsefInvoicesClient(http, caller).sendOnlineInvoice(
      response.referenceNumber,
      invoice,
    );
    expect(sent.referenceNumber).toHaveLength(36);

    const listed = await client.listSessions({
      sessionType: 'Online',
      statuses: ['InProgress'],
      pageSize: 10,
    });
    expect(listed.sessions.map((s) => s.referenceNumber)).toContain(response.referenceNumber);

    const open = await client.getSessionStatus(response.referenceNumber);
    expect(open.status.code).toBe(100);

    await client.closeOnlineSession(response.referenceNumber);

    let status: SessionStatusResponseDto = await client.getSessionStatus(response.referenceNumber);
    for (let i = 0; i < 100 && status.status.code < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await client.getSessionStatus(response.referenceNumber);
    }
    expect(status.status.code).toBe(200);
    expect(status.successfulInvoiceCount).toBe(1);

    const page = status.upo!.pages[0]!;
    const before = simulator.requestLog.entries().length;
    const byLink = await createUpoDownloader(http).download(page.downloadUrl);
    const storageRequests = simulator.requestLog.entries().slice(before);
    expect(storageRequests).toHaveLength(1);
    expect(storageRequests[0]!.hadAuthorization).toBe(false);
    expect(byLink.bytes.toString('utf8')).toContain(response.referenceNumber);

    const byApi = await client.getSessionUpoPage(response.referenceNumber, page.referenceNumber);
    expect(byApi.bytes.equals(byLink.bytes)).toBe(true);
    expect(byApi.metaHash).toBe(createHash('sha256').update(byApi.bytes).digest('base64'));
    expect(byLink.metaHash).toBe(byApi.metaHash);

    // Every API call carried the bearer token and the request id.
    const apiCalls = simulator.requestLog.entries().filter((e) => e.requestId === 'sim-flow');
    expect(apiCalls.length).toBeGreaterThanOrEqual(6);
    expect(apiCalls.every((e) => e.hadAuthorization)).toBe(true);
  });

  it('reports an unknown session as not-found with KSeF code 21173', async () => {
    const client = createKsefSessionsClient(http, { token: 'someone' });
    const error = await failure(client.getSessionStatus('20250101-SO-0000000000-0000000000-00'));
    expect(error.kind).toBe('not-found');
    expect(error.hasCode(21173)).toBe(true);
  });

  it('reports a missing token as unauthenticated', async () => {
    const error = await failure(
      createKsefSessionsClient(http, { token: '' }).listSessions({ sessionType: 'Online' }),
    );
    expect(error.kind).toBe('unauthenticated');
  });

  it('maps the simulator faults: 429 with Retry-After, 503, malformed body', async () => {
    const client = createKsefSessionsClient(http, { token: 'faults' });
    simulator.faults.inject(
      'GET /sessions',
      { type: 'status', status: 429, headers: { 'Retry-After': '7' } },
      { times: 1 },
    );
    const limited = await failure(client.listSessions({ sessionType: 'Online' }));
    expect(limited.kind).toBe('rate-limited');
    expect(limited.retryAfterSeconds).toBe(7);

    simulator.faults.inject('GET /sessions', { type: 'status', status: 503 }, { times: 1 });
    expect((await failure(client.listSessions({ sessionType: 'Online' }))).kind).toBe(
      'unavailable',
    );

    simulator.faults.inject('GET /sessions', { type: 'malformed' }, { times: 1 });
    expect((await failure(client.listSessions({ sessionType: 'Online' }))).kind).toBe(
      'contract-violation',
    );

    expect((await client.listSessions({ sessionType: 'Online' })).sessions).toEqual(
      expect.any(Array),
    );
  });
});
