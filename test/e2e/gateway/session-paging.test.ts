import { newToken, openSession, startStack } from '../../support/stack';
import type { GraphqlResult, Json, Stack } from '../../support/stack';
import { ListSessionsDocument } from '../../operations/__generated__/operations';
import type { ListSessionsQueryVariables } from '../../operations/__generated__/operations';

let stack: Stack;
const token = newToken();
const opened: string[] = [];

beforeAll(async () => {
  // Paging through 25 sessions one at a time is 25+ list calls in seconds, far over KSeF's
  // sessionList budget (10 a minute per context), which the gateway enforces per token by
  // default; these tests are about paging, so that limiter is off here.
  stack = await startStack({ env: { KSEF_RATE_LIMITS: 'off' } });
  for (let i = 0; i < 25; i++)
    opened.push((await openSession(stack, token)).session.referenceNumber);
});

afterAll(async () => {
  await stack?.stop();
});

async function listAll(first: number) {
  const seen: string[] = [];
  let after: string | null = null;
  let requests = 0;
  for (;;) {
    requests++;
    const result: GraphqlResult = await stack.runDocument(
      ListSessionsDocument,
      { type: 'ONLINE', first, after },
      token,
    );
    expect(result.errors).toBeUndefined();
    const page: Json = result.data.sessions;
    expect(page.edges.length).toBeLessThanOrEqual(first);
    seen.push(
      ...page.edges.map((edge: { node: { referenceNumber: string } }) => edge.node.referenceNumber),
    );
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
    if (requests > 100) throw new Error('paging does not end');
  }
  return { seen, requests };
}

describe('paging through sessions', () => {
  it("returns each of 25 sessions exactly once in KSeF's order with first: 3, one list call per page", async () => {
    // KSeF's own order, read straight from the simulator in one page.
    const direct = (await (
      await fetch(`${stack.simulator.url}/sessions?sessionType=Online&pageSize=100`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { sessions: { referenceNumber: string }[] };
    const ksefOrder = direct.sessions.map((s) => s.referenceNumber);
    expect([...ksefOrder].sort()).toEqual([...opened].sort());

    stack.simulator.requestLog.clear();
    const { seen, requests } = await listAll(3);
    expect(seen).toEqual(ksefOrder);
    expect(requests).toBe(9);
    expect(stack.simulator.requestLog.count({ route: 'GET /sessions' })).toBe(requests);
  });

  it('pages one session at a time', async () => {
    const { seen } = await listAll(1);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it('continues from an edge cursor in the middle of a page', async () => {
    const first = await stack.runDocument(
      ListSessionsDocument,
      { type: 'ONLINE', first: 5 },
      token,
    );
    const middle = first.data!.sessions.edges[1]!.cursor;
    const next = await stack.runDocument(
      ListSessionsDocument,
      { type: 'ONLINE', first: 2, after: middle },
      token,
    );
    expect(
      next.data!.sessions.edges.map(
        (e: { node: { referenceNumber: string } }) => e.node.referenceNumber,
      ),
    ).toEqual(
      first
        .data!.sessions.edges.slice(2, 4)
        .map((e: { node: { referenceNumber: string } }) => e.node.referenceNumber),
    );
  });

  it('filters by reference number to just that session', async () => {
    const wanted = opened[7]!;
    const result = await stack.runDocument(
      ListSessionsDocument,
      { type: 'ONLINE', first: 10, filter: { referenceNumber: wanted } },
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(
      result.data!.sessions.edges.map(
        (e: { node: { referenceNumber: string } }) => e.node.referenceNumber,
      ),
    ).toEqual([wanted]);
    expect(result.data!.sessions.pageInfo.hasNextPage).toBe(false);
  });

  it('filters by status group', async () => {
    const result = await stack.runDocument(
      ListSessionsDocument,
      { type: 'ONLINE', first: 100, filter: { statuses: ['IN_PROGRESS'] } },
      token,
    );
    expect(result.data!.sessions.edges).toHaveLength(25);
    const none = await stack.runDocument(
      ListSessionsDocument,
      { type: 'ONLINE', first: 100, filter: { statuses: ['SUCCEEDED'] } },
      token,
    );
    expect(none.data!.sessions.edges).toHaveLength(0);
  });

  it('refuses a cursor of another filter, a garbage cursor and first out of range without calling KSeF', async () => {
    const page = await stack.runDocument(ListSessionsDocument, { type: 'ONLINE', first: 2 }, token);
    const cursor = page.data!.sessions.pageInfo.endCursor;
    stack.simulator.requestLog.clear();
    const cases: ListSessionsQueryVariables[] = [
      { type: 'BATCH', first: 2, after: cursor },
      {
        type: 'ONLINE',
        first: 2,
        after: cursor,
        filter: { statuses: ['FAILED'] },
      },
      { type: 'ONLINE', first: 2, after: 'garbage!' },
      { type: 'ONLINE', first: 0 },
      { type: 'ONLINE', first: 1001 },
    ];
    for (const variables of cases) {
      const result = await stack.runDocument(ListSessionsDocument, variables, token);
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(stack.simulator.requestLog.count()).toBe(0);
  });
});
