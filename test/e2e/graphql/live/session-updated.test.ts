// Live status over WebSocket, driven as a front-end drives it (graphql-ws client, token in
// connectionParams) against the simulator; KSeF reads counted from the simulator's request log.
import { CloseSessionDocument } from '../../../operations/__generated__/operations';
import { parsePrometheusText, valueOf } from '../../../support/prometheus-text';
import { liveClient, subscribeAndCollect } from '../../../support/live-client';
import { eventually, newToken, openSession, startStack } from '../../../support/stack';
import type { Stack } from '../../../support/stack';

jest.setTimeout(60_000);

const STATUS_ROUTE = { route: 'GET /sessions/{referenceNumber}' };

const SESSION_UPDATED = /* GraphQL */ `
  subscription Follow($ref: ID!) {
    sessionUpdated(referenceNumber: $ref) {
      referenceNumber
      phase
      isTerminal
      status {
        code
      }
    }
  }
`;

let stack: Stack;

beforeAll(async () => {
  // Long enough in CLOSING for the followers to see it (KSeF takes seconds to minutes).
  stack = await startStack({ simulator: { processingDelayMs: 2_500 } });
});

afterAll(async () => {
  await stack?.stop();
});

/** Waits until `check` holds (eventually's deadline). */
const until = (check: () => boolean) =>
  eventually(() => Promise.resolve(check() ? true : undefined));

async function gauge(name: string): Promise<number> {
  return valueOf(parsePrometheusText(await stack.gateway.observability.metrics.render()), name);
}

describe('sessionUpdated over WebSocket', () => {
  it('follows one session for 50 subscribers with one KSeF poll stream, each getting every state and complete', async () => {
    const token = newToken();
    const { session } = await openSession(stack, token);
    const ref = session.referenceNumber;
    const clients = Array.from({ length: 5 }, () => liveClient(stack.url, token));
    stack.simulator.requestLog.clear();
    const started = Date.now();

    const followers = Array.from({ length: 50 }, (_, i) =>
      subscribeAndCollect(clients[i % clients.length]!, SESSION_UPDATED, { ref }),
    );
    await until(() => followers.every((f) => f.events.length >= 1));
    expect(await gauge('ksef_live_pollers')).toBe(1);
    expect(await gauge('graphql_live_subscriptions')).toBe(50);

    const closed = await stack.runDocument(CloseSessionDocument, { referenceNumber: ref }, token);
    expect(closed.errors).toBeUndefined();
    await Promise.all(followers.map((f) => f.done));
    const seconds = (Date.now() - started) / 1000;

    for (const follower of followers) {
      expect(follower.events.every((event) => event.errors === undefined)).toBe(true);
      expect(follower.events.map((event) => event.data.sessionUpdated.phase)).toEqual([
        'OPEN',
        'CLOSING',
        'CANCELLED',
      ]);
      expect(follower.events.at(-1)!.data.sessionUpdated.isTerminal).toBe(true);
    }
    // The feed's polls and the followers' first reads (shared while in flight), and the
    // mutation's own read after the close: at most one a second, plus three.
    const reads = stack.simulator.requestLog.count(STATUS_ROUTE);
    expect(reads).toBeLessThanOrEqual(Math.ceil(seconds) + 3);
    await eventually(async () =>
      (await gauge('ksef_live_pollers')) === 0 && (await gauge('graphql_live_subscriptions')) === 0
        ? true
        : undefined,
    );
    for (const client of clients) client.terminate();
  });

  it('stops polling when the last subscriber leaves', async () => {
    const token = newToken();
    const { session } = await openSession(stack, token);
    const client = liveClient(stack.url, token);
    const followers = Array.from({ length: 3 }, () =>
      subscribeAndCollect(client, SESSION_UPDATED, { ref: session.referenceNumber }),
    );
    await until(() => followers.every((f) => f.events.length === 1));
    expect(await gauge('ksef_live_pollers')).toBe(1);
    followers[0]!.unsubscribe();
    followers[1]!.unsubscribe();
    expect(await gauge('ksef_live_pollers')).toBe(1);
    await client.dispose(); // the last one goes with the connection
    await eventually(async () =>
      (await gauge('ksef_live_pollers')) === 0 && (await gauge('graphql_live_subscriptions')) === 0
        ? true
        : undefined,
    );
  });

  it('refuses a bad reference before any KSeF call, and a connection without a token', async () => {
    const token = newToken();
    const client = liveClient(stack.url, token);
    stack.simulator.requestLog.clear();
    const bad = subscribeAndCollect(client, SESSION_UPDATED, { ref: 'not-a-reference' });
    await bad.done;
    expect(bad.events).toEqual([
      expect.objectContaining({
        errors: [
          expect.objectContaining({
            extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
          }),
        ],
      }),
    ]);
    expect(stack.simulator.requestLog.count()).toBe(0);
    await client.dispose();

    const anonymous = liveClient(stack.url, null);
    const refused = subscribeAndCollect(anonymous, SESSION_UPDATED, {
      ref: '20250101-SO-0000000000-0000000000-00',
    });
    await expect(refused.done).rejects.toThrow(/4403|Forbidden/);
    await anonymous.dispose();
  });

  it('answers an unknown session with NOT_FOUND and completes', async () => {
    const client = liveClient(stack.url, newToken());
    const unknown = subscribeAndCollect(client, SESSION_UPDATED, {
      ref: '20250101-SO-0000000000-0000000000-00',
    });
    await unknown.done;
    expect(unknown.events).toEqual([
      expect.objectContaining({
        data: null,
        errors: [
          expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
        ],
      }),
    ]);
    await client.dispose();
  });
});
