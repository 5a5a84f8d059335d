import { newToken, openSession, startStack } from '../../support/stack';
import type { Stack } from '../../support/stack';
import {
  GetSessionDocument,
  ListSessionsDocument,
  ListSessionsWithStatusDocument,
  SessionAliasesDocument,
} from '../../operations/__generated__/operations';

let stack: Stack;
const token = newToken();
const refs: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  for (let i = 0; i < 3; i++) refs.push((await openSession(stack, token)).session.referenceNumber);
});

afterAll(async () => {
  await stack?.stop();
});

beforeEach(() => {
  stack.simulator.requestLog.clear();
});

describe('upstream call budget', () => {
  it('answers 10 aliases over 3 sessions with 3 status calls', async () => {
    const result = await stack.runDocument(
      SessionAliasesDocument,
      { a: refs[0]!, b: refs[1]!, c: refs[2]! },
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.a1!.referenceNumber).toBe(refs[0]);
    expect(result.data!.c2!.status.description).toBe('Sesja interaktywna otwarta');
    expect(stack.simulator.requestLog.count({ route: 'GET /sessions/{referenceNumber}' })).toBe(3);
    expect(stack.simulator.requestLog.count()).toBe(3);
  });

  it('answers status and counts of listed sessions with 1 list call and 0 status calls', async () => {
    const result = await stack.runDocument(
      ListSessionsWithStatusDocument,
      { type: 'ONLINE', first: 10 },
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.sessions.nodes).toHaveLength(3);
    expect(result.data!.sessions.nodes[0]).toMatchObject({
      phase: 'OPEN',
      invoiceCount: 0,
      status: { code: 100 },
    });
    expect(stack.simulator.requestLog.count({ route: 'GET /sessions' })).toBe(1);
    expect(stack.simulator.requestLog.count({ route: 'GET /sessions/{referenceNumber}' })).toBe(0);
  });

  it('makes no upstream call for an operation without a token', async () => {
    const result = await stack.runDocument(
      SessionAliasesDocument,
      { a: refs[0]!, b: refs[1]!, c: refs[2]! },
      null,
    );
    expect(result.errors?.every((e) => e.extensions?.code === 'UNAUTHENTICATED')).toBe(true);
    const list = await stack.runDocument(ListSessionsDocument, { type: 'ONLINE' }, null);
    expect(list.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(stack.simulator.requestLog.count()).toBe(0);
  });

  it('reads the status again for an open session (no UPO call for a session that cannot have one)', async () => {
    const result = await stack.runDocument(
      GetSessionDocument,
      { referenceNumber: refs[0]! },
      token,
    );
    expect(result.data!.session!.upo).toBeNull();
    expect(stack.simulator.requestLog.count()).toBe(1);
  });
});
