// The request id travels from the caller through the gateway to KSeF and back: the caller's
// `x-request-id` (when harmless) or a fresh one is what the simulator receives on every call of
// the operation, what the response header says on every kind of answer, and what every log line
// of the request carries — and no log line ever holds the caller's token.
import type { KsefCallerApi } from '../../../src/ksef/upstream';
import { createLogger } from '../../../src/logging/logger';
import { startTestGateway } from '../../support/gateway';
import { loadOperation, newToken, openSession, startStack } from '../../support/stack';
import { captureLog } from '../../support/captured-log';
import type { CapturedLog } from '../../support/captured-log';
import type { Json, Stack } from '../../support/stack';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function post(
  url: string,
  body: { query: string; variables?: Record<string, unknown> },
  headers: Record<string, string>,
): Promise<{ response: Response; body: Json }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { response, body: await response.json() };
}

describe('the request id', () => {
  let stack: Stack;
  let log: CapturedLog;
  const token = newToken();
  let ref: string;

  beforeAll(async () => {
    log = captureLog();
    // Debug: the per-call upstream lines are written too, and must carry the id as well.
    stack = await startStack({
      observability: { logger: createLogger({ level: 'debug', destination: log.stream }) },
    });
    ref = (await openSession(stack, token)).session.referenceNumber;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  beforeEach(() => {
    stack.simulator.requestLog.clear();
  });

  function linesFor(requestId: string): Record<string, Json>[] {
    return log.lines().filter((line) => line['requestId'] === requestId);
  }

  it("travels from the caller's x-request-id to every KSeF call, the response header and the log line", async () => {
    const { response, body } = await post(
      stack.url,
      { query: loadOperation('GetSession'), variables: { referenceNumber: ref } },
      { authorization: `Bearer ${token}`, 'x-request-id': 'abc-123' },
    );
    expect(body.errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe('abc-123');

    const calls = stack.simulator.requestLog.entries();
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.map((call) => call.requestId)).toEqual(calls.map(() => 'abc-123'));

    const lines = linesFor('abc-123');
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'graphql operation',
        requestId: 'abc-123',
        operationName: 'GetSession',
        operationType: 'query',
        outcome: 'ok',
        durationMs: expect.any(Number),
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'ksef call',
        requestId: 'abc-123',
        method: 'GET',
        path: '/sessions/{referenceNumber}',
        group: 'sessionMisc',
        status: 200,
      }),
    );
    expect(log.raw()).not.toContain(token);
  });

  it('is made when the caller sends none, and the made one is echoed and forwarded', async () => {
    const { response, body } = await post(
      stack.url,
      { query: loadOperation('SessionPhase'), variables: { referenceNumber: ref } },
      { authorization: `Bearer ${token}` },
    );
    expect(body.errors).toBeUndefined();
    const made = response.headers.get('x-request-id');
    expect(made).toMatch(UUID);
    expect(stack.simulator.requestLog.entries().map((call) => call.requestId)).toEqual([made]);
    expect(linesFor(made!)).toContainEqual(
      expect.objectContaining({ msg: 'graphql operation', operationName: 'SessionPhase' }),
    );
  });

  it.each([
    ['markup', '<script>alert(1)</script>'],
    ['spaces', 'abc 123'],
    ['quotes', '"quoted-id"'],
    ['a list', 'abc-123, def-456'],
    ['129 characters', 'a'.repeat(129)],
    ['a log-field lookalike', 'x","level":60,"msg":"forged'],
  ])(
    'replaces a hostile value (%s) instead of echoing, forwarding or logging it',
    async (_what, hostile) => {
      const { response } = await post(
        stack.url,
        { query: loadOperation('SessionPhase'), variables: { referenceNumber: ref } },
        { authorization: `Bearer ${token}`, 'x-request-id': hostile },
      );
      const made = response.headers.get('x-request-id');
      expect(made).toMatch(UUID);
      expect(stack.simulator.requestLog.entries().map((call) => call.requestId)).toEqual([made]);
      expect(log.raw()).not.toContain(hostile);
      // …not even as pino would escape it inside a JSON string.
      expect(log.raw()).not.toContain(JSON.stringify(hostile).slice(1, -1));
      expect(linesFor(made!).length).toBeGreaterThan(0);
    },
  );

  it('keeps a longest acceptable id (128 plain characters) as it is', async () => {
    const id = `${'A1._~:+=@/-'.repeat(11)}abcdefg`;
    expect(id).toHaveLength(128);
    const { response } = await post(
      stack.url,
      { query: loadOperation('SessionPhase'), variables: { referenceNumber: ref } },
      { authorization: `Bearer ${token}`, 'x-request-id': id },
    );
    expect(response.headers.get('x-request-id')).toBe(id);
    expect(stack.simulator.requestLog.entries().map((call) => call.requestId)).toEqual([id]);
  });

  it('is echoed on every kind of answer: errors, 413, 404, 405, /health, /ready, /metrics, the playground', async () => {
    const base = stack.url.replace(/\/graphql$/, '');
    const id = (n: number) => `echo-${n}`;
    const answers = await Promise.all([
      // No token: UNAUTHENTICATED before any KSeF call.
      fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id(1) },
        body: JSON.stringify({
          query: loadOperation('SessionPhase'),
          variables: { referenceNumber: ref },
        }),
      }),
      fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id(2) },
        body: JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(1_100_000) }),
      }),
      fetch(`${base}/nope`, { headers: { 'x-request-id': id(3) } }),
      fetch(`${base}/health`, { method: 'DELETE', headers: { 'x-request-id': id(4) } }),
      fetch(`${base}/health`, { headers: { 'x-request-id': id(5) } }),
      fetch(`${base}/ready`, { headers: { 'x-request-id': id(6) } }),
      fetch(`${base}/metrics`, { headers: { 'x-request-id': id(7) } }),
      fetch(stack.url, { headers: { accept: 'text/html', 'x-request-id': id(8) } }),
      fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id(9) },
        body: '{ not json',
      }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([
      200, 413, 404, 405, 200, 200, 200, 200, 400,
    ]);
    expect(answers.map((answer) => answer.headers.get('x-request-id'))).toEqual(
      answers.map((_answer, index) => id(index + 1)),
    );
    await Promise.all(answers.map((answer) => answer.arrayBuffer()));
    expect(linesFor(id(1))).toContainEqual(
      expect.objectContaining({
        msg: 'graphql operation',
        outcome: 'error',
        errorCodes: ['UNAUTHENTICATED'],
      }),
    );
  });

  it('never writes the token into the log, whatever the operation did', async () => {
    // A KSeF 401 and a failed open on top of the flow above.
    stack.simulator.faults.inject(
      'GET /sessions/{referenceNumber}',
      { type: 'status', status: 401 },
      { times: 1 },
    );
    await post(
      stack.url,
      { query: loadOperation('SessionPhase'), variables: { referenceNumber: ref } },
      { authorization: `Bearer ${token}`, 'x-request-id': 'unauth-1' },
    );
    expect(linesFor('unauth-1')).toContainEqual(
      expect.objectContaining({ msg: 'graphql operation', errorCodes: ['UNAUTHENTICATED'] }),
    );
    expect(log.raw()).not.toContain(token);
    expect(log.raw()).not.toMatch(/Bearer /);
  });
});

describe('an unexpected error', () => {
  it('is masked for the caller and logged with the request id and its cause', async () => {
    const log = captureLog();
    const running = await startTestGateway('http://127.0.0.1:1/v2', {
      observability: { logger: createLogger({ level: 'info', destination: log.stream }) },
      parts: {
        upstream: {
          forCaller: () =>
            ({
              sessions: {
                getSessionStatus: () => Promise.reject(new Error('status cache exploded')),
              },
            }) as unknown as KsefCallerApi,
          auth: () => {
            throw new Error('not used');
          },
          probe: () => Promise.resolve(),
          close: () => undefined,
        },
      },
    });
    try {
      const { response, body } = await post(
        running.url,
        {
          query: loadOperation('SessionPhase'),
          variables: { referenceNumber: '20250101-SO-0000000000-0000000000-00' },
        },
        { authorization: 'Bearer secret-token-for-masking', 'x-request-id': 'boom-1' },
      );
      expect(response.headers.get('x-request-id')).toBe('boom-1');
      expect(body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(body)).not.toContain('status cache exploded');
      const lines = log.lines().filter((line) => line['requestId'] === 'boom-1');
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 50,
          operationName: 'SessionPhase',
          err: expect.objectContaining({ message: 'status cache exploded' }),
        }),
      );
      expect(log.raw()).not.toContain('secret-token-for-masking');
    } finally {
      await running.stop();
    }
  });
});
