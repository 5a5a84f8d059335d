/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON, asserted field by field */
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/simulator';
import { buildSampleInvoice } from '../../../src/simulator/sample-invoice';
import { api, openOnline, sendInvoice, waitForSessionCode } from '../../support/simulator-client';

describe('GET /sessions listing', () => {
  let sim: SimulatorHandle;
  const opened: string[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, processingDelayMs: 5 });
    for (let i = 0; i < 25; i++) {
      opened.push((await openOnline(sim, 'lister')).referenceNumber);
      await new Promise((r) => setTimeout(r, 2)); // distinct dateCreated
    }
  });
  afterAll(() => sim.stop());

  const list = (query: string, token = 'lister', headers: Record<string, string> = {}) =>
    api(sim, 'GET', `/sessions?sessionType=Online${query}`, { token, headers });

  it('pages 25 sessions by 10, each exactly once, newest first', async () => {
    const seen: any[] = [];
    let token: string | null | undefined;
    let pages = 0;
    do {
      const r = await list(
        '&pageSize=10',
        'lister',
        token ? { 'x-continuation-token': token } : {},
      );
      expect(r.status).toBe(200);
      seen.push(...r.json.sessions);
      token = r.json.continuationToken;
      pages++;
    } while (token && pages < 10);
    expect(pages).toBe(3);
    expect(seen.map((s) => s.referenceNumber)).toEqual([...opened].reverse());
    expect(Object.keys(seen[0]).sort()).toEqual([
      'dateCreated',
      'dateUpdated',
      'failedInvoiceCount',
      'referenceNumber',
      'status',
      'successfulInvoiceCount',
      'totalInvoiceCount',
      'validUntil',
    ]);
  });

  it('refuses a continuation token from another caller or another filter with 21418', async () => {
    const first = await list('&pageSize=10');
    const token = first.json.continuationToken as string;
    const foreign = await list('&pageSize=10', 'someone-else', { 'x-continuation-token': token });
    expect(foreign.json.exception.exceptionDetailList[0].exceptionCode).toBe(21418);
    const otherFilter = await list('&pageSize=10&statuses=Succeeded', 'lister', {
      'x-continuation-token': token,
    });
    expect(otherFilter.json.exception.exceptionDetailList[0].exceptionCode).toBe(21418);
    const tampered = Buffer.from(token, 'base64').toString('utf8').replace('|', '|0');
    const bad = await list('&pageSize=10', 'lister', {
      'x-continuation-token': Buffer.from(tampered).toString('base64'),
    });
    expect(bad.json.exception.exceptionDetailList[0].exceptionCode).toBe(21418);
  });

  it('filters by reference number, type, dates and status groups', async () => {
    const target = opened[3]!;
    const byRef = await list(`&referenceNumber=${target}`);
    expect(byRef.json.sessions.map((s: any) => s.referenceNumber)).toEqual([target]);
    expect(
      (await api(sim, 'GET', '/sessions?sessionType=Batch', { token: 'lister' })).json.sessions,
    ).toEqual([]);

    const all = (await list('&pageSize=100')).json.sessions as any[];
    const pivot = all[10].dateCreated as string;
    const from = (await list(`&pageSize=100&dateCreatedFrom=${encodeURIComponent(pivot)}`)).json
      .sessions;
    expect(from).toHaveLength(11);
    const to = (await list(`&pageSize=100&dateCreatedTo=${encodeURIComponent(pivot)}`)).json
      .sessions;
    expect(to).toHaveLength(15);

    // Make one Succeeded and one Cancelled session, then filter by status group and close date.
    const ok = await openOnline(sim, 'lister');
    await sendInvoice(sim, ok, buildSampleInvoice({}), 'lister');
    const empty = await openOnline(sim, 'lister');
    const beforeClose = new Date().toISOString();
    await api(sim, 'POST', `/sessions/online/${ok.referenceNumber}/close`, { token: 'lister' });
    await api(sim, 'POST', `/sessions/online/${empty.referenceNumber}/close`, { token: 'lister' });
    await waitForSessionCode(sim, ok.referenceNumber, 'lister');
    await waitForSessionCode(sim, empty.referenceNumber, 'lister');
    const refs = async (q: string) =>
      (await list(`&pageSize=100${q}`)).json.sessions.map((s: any) => s.referenceNumber);
    expect(await refs('&statuses=Succeeded')).toEqual([ok.referenceNumber]);
    expect(await refs('&statuses=Cancelled')).toEqual([empty.referenceNumber]);
    expect(await refs('&statuses=Succeeded&statuses=Cancelled')).toEqual([
      empty.referenceNumber,
      ok.referenceNumber,
    ]);
    expect(await refs('&statuses=Failed')).toEqual([]);
    expect(await refs('&statuses=InProgress')).toHaveLength(25);
    expect(await refs(`&dateClosedFrom=${encodeURIComponent(beforeClose)}`)).toEqual([
      empty.referenceNumber,
      ok.referenceNumber,
    ]);
    const modified = await refs(`&dateModifiedFrom=${encodeURIComponent(beforeClose)}`);
    expect(modified).toEqual([empty.referenceNumber, ok.referenceNumber]);
  });
});
