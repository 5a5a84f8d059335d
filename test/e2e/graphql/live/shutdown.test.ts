// SIGTERM while front-ends follow sessions: main.ts stops the gateway, which ends every live
// subscription with a clear message and `complete` before the sockets close.
import { LIVE_SHUTDOWN_MESSAGE } from '../../../../src/live/live-settings';
import { liveClient, subscribeAndCollect } from '../../../support/live-client';
import { eventually, newToken, openSession, startStack } from '../../../support/stack';

jest.setTimeout(30_000);

it('completes every subscriber with UPSTREAM_UNAVAILABLE and the shutdown message when the gateway stops', async () => {
  const stack = await startStack();
  try {
    const token = newToken();
    const { session } = await openSession(stack, token);
    const client = liveClient(stack.url, token);
    const followers = Array.from({ length: 3 }, () =>
      subscribeAndCollect(
        client,
        'subscription F($ref: ID!) { sessionUpdated(referenceNumber: $ref) { phase } }',
        { ref: session.referenceNumber },
      ),
    );
    await eventually(() =>
      Promise.resolve(followers.every((f) => f.events.length === 1) ? true : undefined),
    );

    await stack.gateway.stop();

    for (const follower of followers) {
      await follower.done;
      expect(follower.events.at(-1)).toEqual({
        data: null,
        errors: [
          expect.objectContaining({
            message: LIVE_SHUTDOWN_MESSAGE,
            extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }),
          }),
        ],
      });
    }
    client.terminate();
  } finally {
    await stack.stop();
  }
});
