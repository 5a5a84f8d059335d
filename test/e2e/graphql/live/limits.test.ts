// The bounds on live status (README "Live status"), shrunk so a test can reach them: subscriptions
// per token (over it: RATE_LIMITED, the others unharmed), WebSocket connections per token (4429 at
// connection_init) and per process (503 at the upgrade). Every refusal frees nothing it did not
// take: once the holders leave, the same caller is served again.
import WebSocket from 'ws';
import { liveClient, subscribeAndCollect, wsUrlOf } from '../../../support/live-client';
import { eventually, newToken, openSession, startStack } from '../../../support/stack';
import type { Stack } from '../../../support/stack';

jest.setTimeout(60_000);

const FOLLOW = `subscription Follow($ref: ID!) {
  sessionUpdated(referenceNumber: $ref) { referenceNumber phase }
}`;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    configure: (options) => {
      options.live = {
        ...options.live,
        maxSubscriptionsPerToken: 2,
        maxConnectionsPerToken: 2,
        maxConnections: 3,
      };
    },
  });
});

afterAll(async () => {
  await stack?.stop();
});

/** Resolves with the close code of a socket that the gateway closes or refuses. */
function closeCodeOf(client: ReturnType<typeof liveClient>, ref: string): Promise<string> {
  const log = subscribeAndCollect(client, FOLLOW, { ref });
  return log.done.then(
    () => 'completed',
    (error: Error) => error.message,
  );
}

describe('live status bounds', () => {
  it('answers RATE_LIMITED past the subscriptions of one token, and serves again once one leaves', async () => {
    const token = newToken();
    const { session } = await openSession(stack, token);
    const client = liveClient(stack.url, token);
    const first = subscribeAndCollect(client, FOLLOW, { ref: session.referenceNumber });
    const second = subscribeAndCollect(client, FOLLOW, { ref: session.referenceNumber });
    await eventually(() =>
      Promise.resolve(first.events.length > 0 && second.events.length > 0 ? true : undefined),
    );

    const third = subscribeAndCollect(client, FOLLOW, { ref: session.referenceNumber });
    await third.done;
    expect(third.events).toEqual([
      expect.objectContaining({
        errors: [
          expect.objectContaining({
            extensions: expect.objectContaining({ code: 'RATE_LIMITED' }),
          }),
        ],
      }),
    ]);
    // Another token is not held back by this one's subscriptions.
    const other = newToken();
    const otherSession = await openSession(stack, other);
    const otherClient = liveClient(stack.url, other);
    const theirs = subscribeAndCollect(otherClient, FOLLOW, {
      ref: otherSession.session.referenceNumber,
    });
    await eventually(() => Promise.resolve(theirs.events.length > 0 ? true : undefined));
    expect(theirs.events[0]!.errors).toBeUndefined();
    theirs.unsubscribe();

    first.unsubscribe();
    const again = await eventually(async () => {
      const attempt = subscribeAndCollect(client, FOLLOW, { ref: session.referenceNumber });
      await eventually(() => Promise.resolve(attempt.events.length > 0 ? true : undefined));
      if (attempt.events[0]!.errors === undefined) return attempt;
      return undefined;
    });
    expect(again.events[0]!.data).toMatchObject({ sessionUpdated: { phase: 'OPEN' } });
    again.unsubscribe();
    second.unsubscribe();
    await client.dispose();
    await otherClient.dispose();
  });

  it('closes a third connection of one token with 4429, and refuses connections past the process bound with 503', async () => {
    const token = newToken();
    const ref = (await openSession(stack, token)).session.referenceNumber;
    const held = [liveClient(stack.url, token), liveClient(stack.url, token)];
    const holding = held.map((client) => subscribeAndCollect(client, FOLLOW, { ref }));
    await eventually(() =>
      Promise.resolve(holding.every((log) => log.events.length > 0) ? true : undefined),
    );

    const extra = liveClient(stack.url, token);
    expect(await closeCodeOf(extra, ref)).toMatch(/4429/);
    await extra.dispose();

    // A third token-holding connection of another caller fills the process (3); the fourth is
    // refused at the HTTP upgrade, before any GraphQL.
    const other = newToken();
    const otherRef = (await openSession(stack, other)).session.referenceNumber;
    const third = liveClient(stack.url, other);
    const thirds = subscribeAndCollect(third, FOLLOW, { ref: otherRef });
    await eventually(() => Promise.resolve(thirds.events.length > 0 ? true : undefined));
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(wsUrlOf(stack.url), 'graphql-transport-ws');
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('the upgrade was accepted past the bound')));
      socket.on('error', () => undefined);
    });
    expect(status).toBe(503);

    for (const log of [...holding, thirds]) log.unsubscribe();
    for (const client of [...held, third]) await client.dispose();
  });
});
