import { randomBytes } from 'node:crypto';
import { newToken, openSession, startStack } from '../../support/stack';
import type { Stack } from '../../support/stack';
import {
  CloseSessionDocument,
  GetSessionDocument,
  OpenOnlineSessionDocument,
} from '../../operations/__generated__/operations';

const UNKNOWN_ONLINE = '20250101-SO-0000000000-0000000000-00';
const STATUS_ROUTE = 'GET /sessions/{referenceNumber}';

let stack: Stack;
const token = newToken();
let ref: string;

beforeAll(async () => {
  // These tests are about which code an upstream condition becomes, so each injected fault must
  // reach the formatter as it is: no retries, no circuit breaker turning later faults into
  // "unavailable" (the resilience layer has tests of its own).
  stack = await startStack({
    env: { KSEF_RETRY_ATTEMPTS: '1', CIRCUIT_FAILURE_THRESHOLD: '0' },
  });
  ref = (await openSession(stack, token)).session.referenceNumber;
});

afterAll(async () => {
  await stack?.stop();
});

beforeEach(() => {
  stack.simulator.faults.clear();
  stack.simulator.requestLog.clear();
});

async function sessionError() {
  const result = await stack.runDocument(GetSessionDocument, { referenceNumber: ref }, token);
  expect(result.data?.session ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  return result.errors![0]!;
}

describe('error codes from real upstream conditions', () => {
  it('BAD_USER_INPUT for a malformed reference number, with no upstream call', async () => {
    const result = await stack.runDocument(
      GetSessionDocument,
      { referenceNumber: 'not-a-reference' },
      token,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.simulator.requestLog.count()).toBe(0);
  });

  it('BAD_USER_INPUT for malformed caller key material, with no upstream call', async () => {
    const result = await stack.runDocument(
      OpenOnlineSessionDocument,
      {
        input: {
          formCode: 'FA_3',
          encryption: { encryptedSymmetricKey: 'abcd', initializationVector: 'abcd' },
        },
      },
      token,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.simulator.requestLog.count()).toBe(0);
  });

  it('BAD_USER_INPUT for a KSeF 400 (unknown public key id), with KSeF details', async () => {
    const result = await stack.runDocument(
      OpenOnlineSessionDocument,
      {
        input: {
          formCode: 'FA_3',
          encryption: {
            encryptedSymmetricKey: randomBytes(256).toString('base64'),
            initializationVector: randomBytes(16).toString('base64'),
            publicKeyId: randomBytes(32).toString('base64'),
          },
        },
      },
      token,
    );
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.upstream?.status).toBe(400);
    expect(stack.simulator.requestLog.count({ route: 'POST /sessions/online' })).toBe(1);
  });

  it('BAD_USER_INPUT with KSeF details when closing a session twice (21180)', async () => {
    const own = newToken();
    const session = (await openSession(stack, own)).session.referenceNumber;
    const first = await stack.runDocument(CloseSessionDocument, { referenceNumber: session }, own);
    expect(first.errors).toBeUndefined();
    const second = await stack.runDocument(CloseSessionDocument, { referenceNumber: session }, own);
    const error = second.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(error?.extensions?.upstream)).toContain('21180');
  });

  it('UNAUTHENTICATED without a token, with no upstream call', async () => {
    const result = await stack.runDocument(CloseSessionDocument, { referenceNumber: ref }, null);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(stack.simulator.requestLog.count()).toBe(0);
  });

  it('NOT_FOUND when closing a session KSeF does not know', async () => {
    const result = await stack.runDocument(
      CloseSessionDocument,
      { referenceNumber: UNKNOWN_ONLINE },
      token,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('null, not an error, for a session KSeF does not know', async () => {
    const result = await stack.runDocument(
      GetSessionDocument,
      { referenceNumber: UNKNOWN_ONLINE },
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.session).toBeNull();
  });

  it('RATE_LIMITED with retryAfterSeconds for a KSeF 429', async () => {
    stack.simulator.faults.inject(
      STATUS_ROUTE,
      {
        type: 'status',
        status: 429,
        headers: { 'retry-after': '7', 'content-type': 'application/json' },
        body: JSON.stringify({
          status: { code: 429, description: 'Too Many Requests', details: ['Limit exceeded'] },
        }),
      },
      { times: 5 },
    );
    const error = await sessionError();
    expect(error.extensions?.code).toBe('RATE_LIMITED');
    expect(error.extensions?.retryAfterSeconds).toBe(7);
  });

  it('UPSTREAM_UNAVAILABLE for a KSeF 503 and for a reset connection', async () => {
    stack.simulator.faults.inject(STATUS_ROUTE, { type: 'status', status: 503 }, { times: 5 });
    expect((await sessionError()).extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    stack.simulator.faults.clear();
    stack.simulator.faults.inject(STATUS_ROUTE, { type: 'reset' }, { times: 5 });
    expect((await sessionError()).extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('UPSTREAM_CONTRACT_VIOLATION for a malformed KSeF answer', async () => {
    stack.simulator.faults.inject(STATUS_ROUTE, { type: 'malformed' }, { times: 5 });
    expect((await sessionError()).extensions?.code).toBe('UPSTREAM_CONTRACT_VIOLATION');
  });

  it('FORBIDDEN with the reason code for a KSeF 403', async () => {
    stack.simulator.faults.inject(
      STATUS_ROUTE,
      {
        type: 'status',
        status: 403,
        headers: { 'content-type': 'application/problem+json' },
        body: JSON.stringify({
          title: 'Forbidden',
          status: 403,
          detail: 'Brak uprawnień.',
          reasonCode: 'missing-permissions',
          timestamp: new Date().toISOString(),
          traceId: 'trace-1',
        }),
      },
      { times: 5 },
    );
    const error = await sessionError();
    expect(error.extensions?.code).toBe('FORBIDDEN');
    expect(error.extensions?.reasonCode).toBe('missing-permissions');
  });
});

describe('unexpected failures', () => {
  let broken: Stack;

  beforeAll(async () => {
    broken = await startStack({
      parts: {
        upstream: {
          forCaller: () => {
            throw new Error('secret internals at /srv/app');
          },
          auth: () => {
            throw new Error('secret internals at /srv/app');
          },
          probe: () => Promise.resolve(),
          close: () => undefined,
        },
      },
    });
  });

  afterAll(async () => {
    await broken?.stop();
  });

  it('are INTERNAL_SERVER_ERROR with a masked message and no stack', async () => {
    const result = await broken.runDocument(
      GetSessionDocument,
      { referenceNumber: UNKNOWN_ONLINE },
      newToken(),
    );
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error?.message).not.toContain('secret');
    expect(error?.extensions?.stacktrace).toBeUndefined();
  });
});
