// Live status through a real router: Hive Gateway composed over this subgraph, subscribing to it
// with the HTTP callback protocol, and a client subscribing through the router over server-sent
// events. The states of a session arrive at the client in order, then the stream ends; KSeF is
// polled by this subgraph, not by the router.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { CloseSessionDocument } from '../../operations/__generated__/operations';
import { eventually, newToken, openSession, startStack } from '../../support/stack';
import type { Json, Stack } from '../../support/stack';
import { listenHiveRouter } from '../../support/federation/hive-router';
import type { HiveRouter } from '../../support/federation/hive-router';

jest.setTimeout(60_000);

const SCHEMA_FILE = join(__dirname, '..', '..', '..', 'schema', 'schema.graphql');
const SUBGRAPH = 'ksef-sessions';
const STATUS_ROUTE = { route: 'GET /sessions/{referenceNumber}' };
const FOLLOW = `subscription Follow($ref: ID!) {
  sessionUpdated(referenceNumber: $ref) { referenceNumber phase isTerminal }
}`;

let stack: Stack;
let router: HiveRouter;

beforeAll(async () => {
  // The router's origin is the one callback target the subgraph may call.
  router = await listenHiveRouter();
  stack = await startStack({
    simulator: { processingDelayMs: 1_500 },
    env: { SUBSCRIPTION_CALLBACK_ORIGINS: router.origin },
  });
  const composition = composeServices([
    { name: SUBGRAPH, typeDefs: parse(readFileSync(SCHEMA_FILE, 'utf8')), url: stack.url },
  ]);
  if (composition.errors) throw new Error(composition.errors.map(String).join('\n'));
  router.serve(composition.supergraphSdl, SUBGRAPH);
});

afterAll(async () => {
  await router?.stop();
  await stack?.stop();
});

interface SseEvent {
  event: string;
  data: Json;
}

/** Subscribes through the router over server-sent events; resolves with every event once the stream ends. */
async function subscribeThroughRouter(token: string, ref: string, seen: SseEvent[]): Promise<void> {
  const response = await fetch(router.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query: FOLLOW, variables: { ref } }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trim();
      }
      // A comment line (":") is the router's keep-alive, not an event.
      if (data === '' && event === 'message') continue;
      seen.push({ event, data: data === '' ? null : JSON.parse(data) });
    }
  }
}

describe('live status through Hive Gateway in HTTP callback mode', () => {
  it('delivers every state of a session to each client of the router from one KSeF poll', async () => {
    const token = newToken();
    const { session } = await openSession(stack, token);
    stack.simulator.requestLog.clear();
    const started = Date.now();
    const clients: SseEvent[][] = [[], [], []];
    const done = Promise.all(
      clients.map((seen) => subscribeThroughRouter(token, session.referenceNumber, seen)),
    );
    await eventually(
      () => Promise.resolve(clients.every((seen) => seen.length > 0) ? true : undefined),
      { what: 'the first state through the router' },
    );

    const closed = await stack.runDocument(
      CloseSessionDocument,
      { referenceNumber: session.referenceNumber },
      token,
    );
    expect(closed.errors).toBeUndefined();
    await done;
    const seconds = (Date.now() - started) / 1_000;

    for (const seen of clients) {
      const states = seen
        .filter((e) => e.event === 'next')
        .map((e) => {
          const payload = e.data as { data?: { sessionUpdated: { phase: string } }; errors?: Json };
          expect(payload.errors).toBeUndefined();
          return payload.data!.sessionUpdated.phase;
        });
      expect(states).toEqual(['OPEN', 'CLOSING', 'CANCELLED']);
      expect(seen.at(-1)!.event).toBe('complete');
    }
    // One feed for the three router subscriptions: about one status read a second, not three.
    expect(stack.simulator.requestLog.count(STATUS_ROUTE)).toBeLessThanOrEqual(
      Math.ceil(seconds) + 3,
    );
  });

  it('passes the subgraph refusal of a caller without a token to the client', async () => {
    const response = await fetch(router.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: FOLLOW,
        variables: { ref: '20250101-SO-0000000000-0000000000-00' },
      }),
    });
    const text = await response.text();
    expect(text).toContain('UNAUTHENTICATED');
  });
});
