import { startTestGateway } from '../../support/gateway';
import { loadOperation, newToken, openSession, startStack } from '../../support/stack';
import type { Json, Stack } from '../../support/stack';

let stack: Stack;
let base: string;

beforeAll(async () => {
  stack = await startStack();
  base = stack.url.replace(/\/graphql$/, '');
});

afterAll(async () => {
  await stack?.stop();
});

describe('the gateway over HTTP', () => {
  it('answers GET /health with 200 {"status":"ok"}', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers GET /ready with 200 when KSeF answers', async () => {
    const response = await fetch(`${base}/ready`);
    expect(response.status).toBe(200);
  });

  it('answers GET /ready with 503 when KSeF does not answer', async () => {
    const running = await startTestGateway('http://127.0.0.1:1/v2', {
      env: { KSEF_TIMEOUT_MS: '500' },
    });
    try {
      const response = await fetch(running.url.replace(/\/graphql$/, '/ready'));
      expect(response.status).toBe(503);
    } finally {
      await running.stop();
    }
  });

  it('refuses a body over 1 MB with 413', async () => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(1_100_000) }),
    });
    expect(response.status).toBe(413);
  });

  it('runs a query sent with GET and refuses a GET without a CSRF-safe header', async () => {
    const token = newToken();
    const ref = (await openSession(stack, token)).session.referenceNumber;
    const url = `${stack.url}?query=${encodeURIComponent(loadOperation('SessionPhase'))}&variables=${encodeURIComponent(JSON.stringify({ referenceNumber: ref }))}`;
    const ok = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(ok.status).toBe(200);
    const body: Json = await ok.json();
    expect(body.data.session.phase).toBe('OPEN');
    const blocked = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(blocked.status).toBe(400);
  });

  it('refuses batched requests', async () => {
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
  });

  it('forwards the caller’s x-request-id to KSeF', async () => {
    const token = newToken();
    const ref = (await openSession(stack, token)).session.referenceNumber;
    stack.simulator.requestLog.clear();
    await fetch(stack.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-request-id': 'req-42',
      },
      body: JSON.stringify({
        query: loadOperation('SessionPhase'),
        variables: { referenceNumber: ref },
      }),
    });
    expect(stack.simulator.requestLog.entries().map((e) => e.requestId)).toEqual(['req-42']);
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/health`, { method: 'DELETE' })).status).toBe(405);
  });
});
