// Reads shared across requests (README "Shared reads across requests"), counted at the simulator:
// identical reads in flight cost one KSeF call whoever sends them, a finished session costs none
// once read, and nothing crosses from one caller to another.
import {
  CloseSessionDocument,
  GetSessionDocument,
} from '../../operations/__generated__/operations';
import { parsePrometheusText, valueOf } from '../../support/prometheus-text';
import { eventually, newToken, openSession, startStack } from '../../support/stack';
import type { Stack } from '../../support/stack';

const STATUS_ROUTE = { route: 'GET /sessions/{referenceNumber}' };

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function sharedReads(outcome: 'joined' | 'kept'): Promise<number> {
  const samples = parsePrometheusText(await stack.gateway.observability.metrics.render());
  return valueOf(samples, 'ksef_shared_reads_total', { kind: 'session_status', outcome });
}

describe('reads shared across requests', () => {
  it('answers 50 concurrent identical session(ref) requests with one KSeF call', async () => {
    const token = newToken();
    const { session } = await openSession(stack, token);
    stack.simulator.requestLog.clear();
    const joinedBefore = await sharedReads('joined');
    // KSeF answers a status read in 100–300 ms; the local simulator in one. A second of latency
    // stands for KSeF here, so that all 50 requests arrive while the first call is on its way.
    stack.simulator.faults.inject(STATUS_ROUTE.route, { type: 'delay', ms: 1_000 });

    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        stack.runDocument(GetSessionDocument, { referenceNumber: session.referenceNumber }, token),
      ),
    );

    stack.simulator.faults.clear();

    expect(results.every((result) => result.errors === undefined)).toBe(true);
    expect(results.every((result) => result.data!.session!.phase === 'OPEN')).toBe(true);
    expect(stack.simulator.requestLog.count(STATUS_ROUTE)).toBe(1);
    expect((await sharedReads('joined')) - joinedBefore).toBe(49);
  });

  it('reads a finished session from KSeF once, then 20 lookups cost no KSeF call', async () => {
    const token = newToken();
    const { session } = await openSession(stack, token);
    const ref = session.referenceNumber;
    const closed = await stack.runDocument(CloseSessionDocument, { referenceNumber: ref }, token);
    expect(closed.errors).toBeUndefined();
    await eventually(async () => {
      const result = await stack.runDocument(GetSessionDocument, { referenceNumber: ref }, token);
      return result.data?.session?.isTerminal ? true : undefined;
    });
    stack.simulator.requestLog.clear();
    const keptBefore = await sharedReads('kept');

    for (let i = 0; i < 20; i += 1) {
      const result = await stack.runDocument(GetSessionDocument, { referenceNumber: ref }, token);
      expect(result.data!.session!.isTerminal).toBe(true);
    }

    expect(stack.simulator.requestLog.count(STATUS_ROUTE)).toBe(0);
    expect((await sharedReads('kept')) - keptBefore).toBe(20);

    // Another caller's token is its own audience: its read goes to KSeF, which decides.
    const stranger = await stack.runDocument(
      GetSessionDocument,
      { referenceNumber: ref },
      newToken(),
    );
    expect(stack.simulator.requestLog.count(STATUS_ROUTE)).toBe(1);
    expect(stranger.data?.session ?? null).toBeNull();
  });
});
