// Several replicas of the gateway, as real processes (`src/main.ts`), with one Redis of the test's
// own (test/support/redis.ts) in front of the simulator with KSeF's rate limits on. What the
// issue asks them to show, counted at the simulator: one rate-limit budget for both replicas
// (and the same load without Redis provoking 429s), a finished session read once for both, one
// poll stream for subscribers on both and a takeover when the poller's replica dies, and Redis
// killed and restarted without a failed request.
import Redis from 'ioredis';
import { startSimulator } from '../../../src/simulator/simulator';
import type { SimulatorHandle } from '../../../src/simulator/simulator';
import { KSEF_DEFAULT_RATE_LIMITS } from '../../../src/ksef/wire/rate-limit-groups';
import { DEFAULT_REPLICA_SETTINGS } from '../../../src/replicas/replica-settings';
import {
  REDIS_DEGRADED_LOG_MESSAGE,
  REDIS_RECOVERED_LOG_MESSAGE,
} from '../../../src/replicas/redis-link';
import { startGatewayProcess } from '../../support/gateway-process';
import type { GatewayProcess } from '../../support/gateway-process';
import { liveClient, subscribeAndCollect } from '../../support/live-client';
import { parsePrometheusText, sumOf } from '../../support/prometheus-text';
import { hasRedisServer, startTestRedis } from '../../support/redis';
import type { TestRedis } from '../../support/redis';
import { eventually, loadOperation, newToken, postGraphql } from '../../support/stack';
import type { GraphqlResult } from '../../support/stack';

jest.setTimeout(180_000);

const STATUS_ROUTE = 'GET /sessions/{referenceNumber}';
const GET_SESSION = loadOperation('GetSession');
const OPEN_SESSION = loadOperation('OpenOnlineSession');
const CLOSE_SESSION = loadOperation('CloseSession');
const FOLLOW = `subscription Follow($ref: ID!) { sessionUpdated(referenceNumber: $ref) { referenceNumber phase } }`;

const describeWithRedis = hasRedisServer() ? describe : describe.skip;

describeWithRedis('replicas sharing through Redis', () => {
  let redis: TestRedis;
  let simulator: SimulatorHandle;
  let a: GatewayProcess;
  let b: GatewayProcess;
  const started: GatewayProcess[] = [];

  const gatewayEnv = (shared: boolean): Record<string, string> => ({
    KSEF_API_URL: simulator.url,
    KSEF_RATE_LIMITS: 'on',
    // Short deadlines, so that calls which would queue too long are refused at once.
    KSEF_TIMEOUT_MS: '3000',
    OPERATION_TIMEOUT_MS: '4000',
    LOG_LEVEL: 'info',
    ...(shared && { REDIS_URL: redis.url }),
  });

  async function gateway(shared: boolean): Promise<GatewayProcess> {
    const process = await startGatewayProcess(gatewayEnv(shared));
    started.push(process);
    return process;
  }

  beforeAll(async () => {
    redis = await startTestRedis();
    simulator = await startSimulator({ port: 0, processingDelayMs: 300, rateLimits: true });
    [a, b] = await Promise.all([gateway(true), gateway(true)]);
  });

  afterAll(async () => {
    await Promise.all(started.map((process) => process.kill()));
    await simulator?.stop();
    await redis?.stop();
  });

  const run = (
    on: GatewayProcess,
    query: string,
    variables: Record<string, unknown>,
    token: string,
  ) => postGraphql(on.url, query, variables, token);

  async function openSession(on: GatewayProcess, token: string): Promise<string> {
    const opened = await run(on, OPEN_SESSION, { input: { formCode: 'FA_3' } }, token);
    expect(opened.errors).toBeUndefined();
    return opened.data.openOnlineSession.session.referenceNumber as string;
  }

  /** Waits, asking the simulator itself (no gateway's cache involved), until the session is final. */
  async function finished(ref: string, token: string): Promise<void> {
    await eventually(
      async () => {
        const response = await fetch(`${simulator.url}/sessions/${ref}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await response.json()) as { status?: { code?: number } };
        return (body.status?.code ?? 0) >= 200 ? true : undefined;
      },
      { what: `session ${ref} to finish`, intervalMs: 150 },
    );
  }

  const statusCalls = (ref?: string) =>
    simulator.requestLog
      .entries()
      .filter(
        (entry) => entry.route === STATUS_ROUTE && (ref === undefined || entry.path.includes(ref)),
      );

  async function metrics(on: GatewayProcess) {
    const response = await fetch(`${on.origin}/metrics`);
    return parsePrometheusText(await response.text());
  }

  async function ready(on: GatewayProcess) {
    const response = await fetch(`${on.origin}/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  }

  /**
   * Status reads at `rate` per second for `seconds`, alternating between the gateways, each of a
   * different session (identical reads in flight would share one call and never reach a
   * limiter): the first one the caller opened, the rest unknown to KSeF, which still counts them.
   */
  async function statusLoad(on: GatewayProcess[], token: string, rate: number, seconds: number) {
    const first = await openSession(on[0]!, token);
    simulator.requestLog.clear();
    const answers: Promise<GraphqlResult>[] = [];
    for (let i = 0; i < rate * seconds; i += 1) {
      const ref =
        i === 0
          ? first
          : `20250101-SO-${i.toString(16).toUpperCase().padStart(10, '0')}-0000000000-00`;
      answers.push(run(on[i % on.length]!, GET_SESSION, { referenceNumber: ref }, token));
      await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
    }
    const results = await Promise.all(answers);
    const calls = statusCalls();
    return {
      results,
      answered: calls.length,
      tooMany: calls.filter((entry) => entry.status === 429).length,
    };
  }

  it('reports sharing on /ready and keeps no token in clear in Redis', async () => {
    expect(await ready(a)).toEqual({
      status: 200,
      body: { status: 'ready', redis: 'up', sharing: 'shared' },
    });
    const token = newToken();
    await openSession(a, token);
    const inspect = new Redis(redis.url);
    try {
      const keys = await inspect.keys('*');
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key.startsWith(DEFAULT_REPLICA_SETTINGS.keyPrefix)).toBe(true);
        const type = await inspect.type(key);
        const values =
          type === 'zset' ? await inspect.zrange(key, 0, -1) : [(await inspect.get(key)) ?? ''];
        expect([key, ...values].join('\n')).not.toContain(token);
      }
    } finally {
      inspect.disconnect();
    }
  });

  it('reads a finished session once for both replicas: on A, then on B, one KSeF call', async () => {
    const token = newToken();
    const ref = await openSession(a, token);
    const closed = await run(a, CLOSE_SESSION, { referenceNumber: ref }, token);
    expect(closed.errors).toBeUndefined();
    await finished(ref, token);
    simulator.requestLog.clear();

    const onA = await run(a, GET_SESSION, { referenceNumber: ref }, token);
    expect(onA.data.session.isTerminal).toBe(true);
    // B has never seen this token: Redis tells it that KSeF accepted it, and the answer.
    const onB = await run(b, GET_SESSION, { referenceNumber: ref }, token);
    expect(onB.data.session).toEqual(onA.data.session);
    expect(statusCalls(ref)).toHaveLength(1);
    const kept = sumOf(await metrics(b), 'ksef_shared_reads_total', { outcome: 'kept' });
    expect(kept).toBeGreaterThanOrEqual(1);
  });

  it('spends one budget: three times the per-second limit for 10 s over both, no 429 from KSeF', async () => {
    const perSecond = KSEF_DEFAULT_RATE_LIMITS.sessionMisc.perSecond;
    const seconds = 10;
    const { results, answered, tooMany } = await statusLoad(
      [a, b],
      newToken(),
      3 * perSecond,
      seconds,
    );

    expect(tooMany).toBe(0);
    // What KSeF's window allows in this time reached it (the first second's burst and the rest) …
    expect(answered).toBeGreaterThanOrEqual(perSecond * (seconds - 1));
    expect(answered).toBeLessThanOrEqual(perSecond * (seconds + 2));
    // … and every caller got data or RATE_LIMITED with the seconds to wait.
    for (const result of results) {
      if (result.errors === undefined) continue;
      expect(result.errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'RATE_LIMITED',
            retryAfterSeconds: expect.any(Number),
          }),
        }),
      ]);
    }
    expect(results.filter((r) => r.errors !== undefined).length).toBeGreaterThan(0);
  });

  it('the same load on two replicas without Redis does provoke 429s', async () => {
    const [c, d] = await Promise.all([gateway(false), gateway(false)]);
    try {
      const perSecond = KSEF_DEFAULT_RATE_LIMITS.sessionMisc.perSecond;
      const { tooMany } = await statusLoad([c, d], newToken(), 3 * perSecond, 10);
      expect(tooMany).toBeGreaterThan(0);
    } finally {
      await Promise.all([c.kill(), d.kill()]);
    }
  });

  it('keeps serving while Redis is killed, says so once, and shares again once it is back', async () => {
    const token = newToken();
    const open = await openSession(a, token);
    const failures: GraphqlResult[] = [];
    let reads = 0;
    let stop = false;
    // Four reads a second of an open session, alternating replicas: within one replica's budget.
    const load = (async () => {
      for (let i = 0; !stop; i += 1) {
        const result = await run(
          i % 2 === 0 ? a : b,
          GET_SESSION,
          { referenceNumber: open },
          token,
        );
        reads += 1;
        if (result.errors !== undefined || result.data?.session?.referenceNumber !== open) {
          failures.push(result);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await redis.kill();
    await eventually(
      async () => ((await ready(a)).body.sharing === 'per-process' ? true : undefined),
      {
        what: 'A to notice Redis is gone',
      },
    );
    expect(await ready(b)).toEqual({
      status: 200,
      body: { status: 'ready', redis: 'unreachable', sharing: 'per-process' },
    });
    expect(sumOf(await metrics(a), 'ksef_redis_up')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    await redis.restart();
    for (const replica of [a, b]) {
      await eventually(
        async () => ((await ready(replica)).body.sharing === 'shared' ? true : undefined),
        {
          what: 'the replica to share again',
          timeoutMs: 15_000,
        },
      );
    }
    expect(sumOf(await metrics(a), 'ksef_redis_up')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    stop = true;
    await load;
    expect(reads).toBeGreaterThan(10);
    expect(failures).toEqual([]);
    for (const replica of [a, b]) {
      const log = replica.output();
      expect(log.split(REDIS_DEGRADED_LOG_MESSAGE).length - 1).toBe(1);
      // Once at start, once after the restart.
      expect(log.split(REDIS_RECOVERED_LOG_MESSAGE).length - 1).toBe(2);
    }

    // Sharing resumed: a session finished now is read once for both.
    const ref = await openSession(b, token);
    await run(b, CLOSE_SESSION, { referenceNumber: ref }, token);
    await finished(ref, token);
    simulator.requestLog.clear();
    await run(a, GET_SESSION, { referenceNumber: ref }, token);
    await run(b, GET_SESSION, { referenceNumber: ref }, token);
    expect(statusCalls(ref)).toHaveLength(1);
  });

  it('follows one session with one poll stream for both replicas; the other takes over when the poller dies', async () => {
    const token = newToken();
    const ref = await openSession(a, token);
    const clients = [liveClient(a.url, token), liveClient(b.url, token)];
    const [onA, onB] = clients.map((client) => subscribeAndCollect(client, FOLLOW, { ref }));
    // The killed replica's socket closes: that subscriber's end is not what is tested.
    for (const log of [onA!, onB!]) log.done.catch(() => undefined);
    try {
      await eventually(
        () => Promise.resolve(onA!.events.length > 0 && onB!.events.length > 0 ? true : undefined),
        {
          what: 'both first events',
        },
      );
      const polls = async () =>
        Promise.all(
          [a, b].map(async (replica) => sumOf(await metrics(replica), 'ksef_live_polls_total')),
        );
      // An open session is looked at every 5 s; wait for the first poll, then for a second one.
      const [firstA, firstB] = await eventually(
        async () => {
          const counts = await polls();
          return counts[0]! + counts[1]! > 0 ? counts : undefined;
        },
        { what: 'the first poll', timeoutMs: 20_000 },
      );
      const holder = firstA! > 0 ? a : b;
      const survivor = holder === a ? b : a;
      const survivorEvents = holder === a ? onB! : onA!;
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      const [laterA, laterB] = await polls();
      // One stream: only the holder polled, and it kept polling.
      expect(holder === a ? laterB : laterA).toBe(0);
      expect(holder === a ? laterA! : laterB!).toBeGreaterThanOrEqual(2);
      expect(firstA! + firstB!).toBeGreaterThan(0);

      await holder.kill();
      const killedAt = Date.now();
      await eventually(
        async () =>
          sumOf(await metrics(survivor), 'ksef_live_polls_total') > 0 ? true : undefined,
        { what: 'the survivor to take over', timeoutMs: 20_000, intervalMs: 100 },
      );
      const takeoverMs = Date.now() - killedAt;
      const lease = DEFAULT_REPLICA_SETTINGS.pollerLeaseMs;
      // The lease runs out at most `lease` after the holder's last renewal; the survivor asks for
      // it every quarter of it.
      expect(takeoverMs).toBeLessThanOrEqual(lease + lease / 4 + 1_000);

      // The survivor's subscriber follows on: closing the session shows up to the end.
      await run(survivor, CLOSE_SESSION, { referenceNumber: ref }, token);
      await survivorEvents.done;
      const phases = survivorEvents.events.map((event) => event.data?.sessionUpdated?.phase);
      expect(phases[0]).toBe('OPEN');
      expect(phases[phases.length - 1]).toBe('CANCELLED');
    } finally {
      for (const client of clients) await client.dispose();
    }
  });
});
