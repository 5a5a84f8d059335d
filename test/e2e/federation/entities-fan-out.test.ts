// A router's `_entities` call with many representations: one KSeF status read per distinct
// session, never more than the loader's concurrency (4) in flight at once, and an unknown
// session resolved to null without failing the others. KSeF is made slow (a delay fault on the
// status route) so that the bound shows in the simulator's request log: each status read takes
// at least DELAY_MS, so a fifth read can only start once one of the first four has been answered.
import { newToken, openSession, startStack } from '../../support/stack';
import type { Stack } from '../../support/stack';

const STATUS_ROUTE = 'GET /sessions/{referenceNumber}';
const CONCURRENCY = 4;
const DELAY_MS = 200;
const SESSIONS = 10;
const UNKNOWN = '20250101-SO-0000000000-0000000000-00';

let stack: Stack;
const token = newToken();
const refs: string[] = [];

beforeAll(async () => {
  stack = await startStack({
    // The gateway-side rate limiter (10 status reads a second per token) would space the reads
    // out on its own, and a retried 500 would hide a failure: these tests are about the loader.
    env: {
      KSEF_STATUS_CONCURRENCY: String(CONCURRENCY),
      KSEF_RATE_LIMITS: 'off',
      KSEF_RETRY_ATTEMPTS: '1',
      CIRCUIT_FAILURE_THRESHOLD: '0',
    },
  });
  for (let i = 0; i < SESSIONS; i++)
    refs.push((await openSession(stack, token)).session.referenceNumber);
});

afterAll(async () => {
  await stack?.stop();
});

afterEach(() => {
  stack.simulator.faults.clear();
});

describe('_entities with many representations', () => {
  it(`reads each distinct session once, at most ${CONCURRENCY} at a time, unknown as null`, async () => {
    // Every session twice, interleaved, with an unknown one in the middle.
    const order = [...refs, UNKNOWN, ...[...refs].reverse()];
    stack.simulator.requestLog.clear();
    stack.simulator.faults.inject(STATUS_ROUTE, { type: 'delay', ms: DELAY_MS });

    // Sample what KSeF has in flight (arrived, not yet answered) while the operation runs.
    let maxInFlight = 0;
    const sampler = setInterval(() => {
      const inFlight = stack.simulator.requestLog
        .entries()
        .filter((entry) => entry.route === STATUS_ROUTE && entry.status === 0).length;
      maxInFlight = Math.max(maxInFlight, inFlight);
    }, 5);
    const started = Date.now();
    let result;
    try {
      result = await stack.run(
        'SessionEntities',
        {
          representations: order.map((referenceNumber) => ({
            __typename: 'Session',
            referenceNumber,
          })),
        },
        token,
      );
    } finally {
      clearInterval(sampler);
    }
    const elapsed = Date.now() - started;

    expect(result.errors).toBeUndefined();
    const entities = result.data._entities as ({ referenceNumber: string; phase: string } | null)[];
    expect(entities.map((entity) => entity?.referenceNumber ?? null)).toEqual(
      order.map((ref) => (ref === UNKNOWN ? null : ref)),
    );
    expect(
      entities.filter((entity) => entity !== null).every((entity) => entity.phase === 'OPEN'),
    ).toBe(true);

    const calls = stack.simulator.requestLog
      .entries()
      .filter((entry) => entry.route === STATUS_ROUTE);
    // One call per distinct session, the unknown one included (only KSeF can say it is unknown).
    expect(calls).toHaveLength(SESSIONS + 1);
    expect(new Set(calls.map((entry) => entry.path)).size).toBe(SESSIONS + 1);

    // The bound, from arrival times: the (i+4)-th read arrives only after the i-th was answered,
    // which takes at least DELAY_MS (1 ms of slack for the clock's resolution).
    const arrivals = calls.map((entry) => entry.at.getTime()).sort((a, b) => a - b);
    for (let i = 0; i + CONCURRENCY < arrivals.length; i++) {
      expect(arrivals[i + CONCURRENCY]! - arrivals[i]!).toBeGreaterThanOrEqual(DELAY_MS - 1);
    }
    // ... and it is a bound, not a queue of one: the first four went out together.
    expect(arrivals[CONCURRENCY - 1]! - arrivals[0]!).toBeLessThan(DELAY_MS);
    expect(maxInFlight).toBeLessThanOrEqual(CONCURRENCY);
    expect(maxInFlight).toBeGreaterThanOrEqual(2);
    // 11 reads in waves of 4: at least three delays, far less than eleven.
    expect(elapsed).toBeGreaterThanOrEqual(Math.ceil((SESSIONS + 1) / CONCURRENCY) * DELAY_MS - 1);
    expect(elapsed).toBeLessThan((SESSIONS + 1) * DELAY_MS);
  });

  it('fails only the representation whose status read fails, and answers the others', async () => {
    const three = refs.slice(0, 3);
    stack.simulator.requestLog.clear();
    stack.simulator.faults.inject(STATUS_ROUTE, { type: 'status', status: 500 }, { times: 1 });
    const result = await stack.run(
      'SessionEntities',
      {
        representations: three.map((referenceNumber) => ({
          __typename: 'Session',
          referenceNumber,
        })),
      },
      token,
    );
    // Whichever read reached KSeF first got the 500.
    const failed = stack.simulator.requestLog.entries().find((entry) => entry.status === 500);
    const failedIndex = three.findIndex((ref) => failed?.path === `/v2/sessions/${ref}`);
    expect(failedIndex).toBeGreaterThanOrEqual(0);
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['_entities', failedIndex], 'UPSTREAM_UNAVAILABLE'],
    ]);
    const entities = result.data._entities as ({ referenceNumber: string } | null)[];
    expect(entities.map((entity) => entity?.referenceNumber ?? null)).toEqual(
      three.map((ref, index) => (index === failedIndex ? null : ref)),
    );
  });
});
