// The HTTP subscription callback protocol (Apollo's callback/1.0, what Apollo Router in callback
// mode and Hive Gateway speak), message by message: a stand-in router receives `check`, then
// `next` per state, heartbeats (Apollo repeats `check`) while the session is processed, and
// `complete`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloseSessionDocument } from '../../../operations/__generated__/operations';
import { eventually, newToken, openSession, startStack } from '../../../support/stack';
import type { Json, Stack } from '../../../support/stack';

jest.setTimeout(60_000);

interface CallbackMessage {
  kind: string;
  action: 'check' | 'next' | 'complete';
  id: string;
  verifier: string;
  payload?: Json;
  errors?: Json[];
}

const SUBSCRIPTION = `subscription Follow($ref: ID!) {
  sessionUpdated(referenceNumber: $ref) { referenceNumber phase isTerminal }
}`;

let stack: Stack;
let router: http.Server;
let routerOrigin: string;
const received: CallbackMessage[] = [];

beforeAll(async () => {
  router = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const message = JSON.parse(body) as CallbackMessage;
      received.push(message);
      response.writeHead(message.action === 'check' ? 204 : 200, {
        'subscription-protocol': 'callback/1.0',
      });
      response.end();
    });
  });
  await new Promise<void>((resolve) => router.listen(0, '127.0.0.1', resolve));
  routerOrigin = `http://127.0.0.1:${(router.address() as AddressInfo).port}`;
  stack = await startStack({
    simulator: { processingDelayMs: 1_500 },
    env: { SUBSCRIPTION_CALLBACK_ORIGINS: routerOrigin },
  });
});

afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => router?.close(resolve));
});

function subscribeByCallback(token: string | null, ref: string, callbackUrl: string) {
  return fetch(stack.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token !== null && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({
      query: SUBSCRIPTION,
      variables: { ref },
      extensions: {
        subscription: {
          callbackUrl,
          subscriptionId: 'sub-1',
          verifier: 'v-1',
          heartbeatIntervalMs: 200,
        },
      },
    }),
  });
}

describe('the HTTP subscription callback protocol', () => {
  it('checks, sends each state, heartbeats while waiting, and completes after the terminal state', async () => {
    const token = newToken();
    const { session } = await openSession(stack, token);
    received.length = 0;

    const answer = await subscribeByCallback(
      token,
      session.referenceNumber,
      `${routerOrigin}/callback/sub-1`,
    );
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: null });
    await eventually(() =>
      Promise.resolve(received.some((m) => m.action === 'next') ? true : undefined),
    );

    await stack.runDocument(
      CloseSessionDocument,
      { referenceNumber: session.referenceNumber },
      token,
    );
    await eventually(
      () => Promise.resolve(received.some((m) => m.action === 'complete') ? true : undefined),
      { timeoutMs: 20_000 },
    );

    expect(
      received.every((m) => m.kind === 'subscription' && m.id === 'sub-1' && m.verifier === 'v-1'),
    ).toBe(true);
    expect(received[0]!.action).toBe('check');
    expect(received.at(-1)!.action).toBe('complete');
    expect(received.at(-1)!.errors).toBeUndefined();
    // Apollo's heartbeat is a repeated `check` every heartbeatIntervalMs while no event is due.
    expect(received.filter((m) => m.action === 'check').length).toBeGreaterThan(1);
    const states = received
      .filter((m) => m.action === 'next')
      .map(
        (m) =>
          (m.payload as { data: { sessionUpdated: { phase: string } } }).data.sessionUpdated.phase,
      );
    expect(states).toEqual(['OPEN', 'CLOSING', 'CANCELLED']);
  });

  it('refuses a callback to an origin it was not told of, calling nothing', async () => {
    received.length = 0;
    const answer = await subscribeByCallback(
      newToken(),
      '20250101-SO-0000000000-0000000000-00',
      'http://169.254.169.254/latest/meta-data',
    );
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
    expect(received).toEqual([]);
  });

  it('ends a subscription without a token with UNAUTHENTICATED in `complete`', async () => {
    received.length = 0;
    const answer = await subscribeByCallback(
      null,
      '20250101-SO-0000000000-0000000000-00',
      `${routerOrigin}/callback/sub-1`,
    );
    expect(answer.status).toBe(200);
    await eventually(() =>
      Promise.resolve(received.some((m) => m.action === 'complete') ? true : undefined),
    );
    const complete = received.find((m) => m.action === 'complete')!;
    expect(complete.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
    ]);
  });
});
