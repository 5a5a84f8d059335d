import { startSimulator, type SimulatorHandle } from '../../../src/simulator/simulator';
import { api } from '../../support/simulator-client';

describe('request log and fault injection', () => {
  let sim: SimulatorHandle;
  beforeEach(async () => {
    sim = await startSimulator({ port: 0, processingDelayMs: 10 });
  });
  afterEach(() => sim.stop());

  it('records every request with its route key, status, request id and whether it had a token', async () => {
    await api(sim, 'GET', '/sessions?sessionType=Online', { headers: { 'x-request-id': 'req-1' } });
    await api(sim, 'GET', '/sessions/20250101-SO-0123456789-ABCDEF0123-4F', { token: null });
    const entries = sim.requestLog.entries();
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      method: 'GET',
      route: 'GET /sessions',
      status: 200,
      requestId: 'req-1',
      hadAuthorization: true,
    });
    expect(entries[1]).toMatchObject({
      route: 'GET /sessions/{referenceNumber}',
      status: 401,
      hadAuthorization: false,
    });
    expect(sim.requestLog.count({ route: 'GET /sessions' })).toBe(1);
    sim.requestLog.clear();
    expect(sim.requestLog.count()).toBe(0);
  });

  it('answers with an injected status the given number of times, then normally', async () => {
    sim.faults.inject('GET /sessions', { type: 'status', status: 503, body: 'down' }, { times: 1 });
    const first = await api(sim, 'GET', '/sessions?sessionType=Online');
    expect(first.status).toBe(503);
    expect(first.text).toBe('down');
    expect((await api(sim, 'GET', '/sessions?sessionType=Online')).status).toBe(200);
  });

  it('delays an answer', async () => {
    sim.faults.inject('GET /sessions', { type: 'delay', ms: 150 });
    const started = Date.now();
    expect((await api(sim, 'GET', '/sessions?sessionType=Online')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('hangs until the client gives up, and stop() still returns promptly', async () => {
    sim.faults.inject('GET /sessions', { type: 'hang' });
    await expect(
      fetch(`${sim.url}/sessions?sessionType=Online`, {
        headers: { authorization: 'Bearer t' },
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    const started = Date.now();
    void fetch(`${sim.url}/sessions?sessionType=Online`, {
      headers: { authorization: 'Bearer t' },
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    await sim.stop();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('resets the connection', async () => {
    sim.faults.inject('GET /sessions', { type: 'reset' });
    await expect(
      fetch(`${sim.url}/sessions?sessionType=Online`, { headers: { authorization: 'Bearer t' } }),
    ).rejects.toThrow();
  });

  it('sends a malformed 200 body', async () => {
    sim.faults.inject('GET /sessions', { type: 'malformed' });
    const r = await api(sim, 'GET', '/sessions?sessionType=Online');
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text)).toThrow();
  });
});

describe('rate limits', () => {
  it('are off by default', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      for (let i = 0; i < 8; i++)
        expect((await api(sim, 'GET', '/sessions?sessionType=Online')).status).toBe(200);
    } finally {
      await sim.stop();
    }
  });

  it('answer 429 with Retry-After per token and group when switched on, in both formats', async () => {
    const sim = await startSimulator({
      port: 0,
      rateLimits: { sessionList: { perSecond: 2, perMinute: 100, perHour: 1000 } },
    });
    try {
      expect((await api(sim, 'GET', '/sessions?sessionType=Online')).status).toBe(200);
      expect((await api(sim, 'GET', '/sessions?sessionType=Online')).status).toBe(200);
      const limited = await api(sim, 'GET', '/sessions?sessionType=Online');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(limited.json.status.code).toBe(429);
      const problem = await api(sim, 'GET', '/sessions?sessionType=Online', {
        headers: { 'X-Error-Format': 'problem-details' },
      });
      expect(problem.status).toBe(429);
      expect(problem.headers.get('content-type')).toContain('application/problem+json');
      expect(problem.json).toMatchObject({ title: 'Too Many Requests', status: 429 });
      // Another token and another group are not affected.
      expect(
        (await api(sim, 'GET', '/sessions?sessionType=Online', { token: 'other' })).status,
      ).toBe(200);
      expect((await api(sim, 'GET', '/rate-limits')).status).toBe(200);
      const after = await (async () => {
        await new Promise((r) => setTimeout(r, 1050));
        return api(sim, 'GET', '/sessions?sessionType=Online');
      })();
      expect(after.status).toBe(200);
      const limits = (await api(sim, 'GET', '/rate-limits')).json;
      expect(Object.keys(limits)).toHaveLength(12);
      expect(limits.sessionList).toEqual({ perSecond: 2, perMinute: 100, perHour: 1000 });
      expect(limits.invoiceStatus).toEqual({ perSecond: 30, perMinute: 120, perHour: 1200 });
    } finally {
      await sim.stop();
    }
  });
});
