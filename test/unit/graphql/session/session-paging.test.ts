import type {
  SessionsQueryDto,
  SessionsQueryResponseItemDto,
} from '../../../../src/ksef/wire/sessions.dto';
import { fetchSessionWindow, toPageSize } from '../../../../src/graphql/session/session-paging';
import type { ListSessions } from '../../../../src/graphql/session/session-paging';

// A fake KSeF list with KSeF's paging rules: pageSize 10..1000, a token naming the position after
// the last item, a token only when more items follow.
function fakeKsef(count: number): {
  list: ListSessions;
  calls: { pageSize: number; token?: string }[];
} {
  const items: SessionsQueryResponseItemDto[] = Array.from({ length: count }, (_, i) => ({
    referenceNumber: `ref-${i}`,
    status: { code: 100, description: 'open' },
    dateCreated: '2025-01-01T00:00:00Z',
    dateUpdated: '2025-01-01T00:00:00Z',
    totalInvoiceCount: 0,
    successfulInvoiceCount: 0,
    failedInvoiceCount: 0,
  }));
  const calls: { pageSize: number; token?: string }[] = [];
  const list: ListSessions = (query: SessionsQueryDto, token?: string) => {
    const pageSize = query.pageSize ?? 10;
    calls.push({ pageSize, ...(token !== undefined && { token }) });
    if (pageSize < 10 || pageSize > 1000) throw new Error(`pageSize ${pageSize} out of range`);
    const start = token === undefined ? 0 : Number(token.slice(4));
    const page = items.slice(start, start + pageSize);
    const end = start + page.length;
    return Promise.resolve({
      sessions: page,
      continuationToken: end < items.length ? `pos:${end}` : null,
    });
  };
  return { list, calls };
}

async function pageThrough(count: number, first: number) {
  const ksef = fakeKsef(count);
  const seen: string[] = [];
  let start: { t: string | null; o: number } = { t: null, o: 0 };
  let requests = 0;
  for (;;) {
    requests++;
    const window = await fetchSessionWindow(ksef.list, { sessionType: 'Online' }, first, start);
    seen.push(...window.items.map((entry) => entry.item.referenceNumber));
    if (!window.hasNextPage) break;
    start = window.end!;
    if (requests > 1000) throw new Error('paging does not end');
  }
  return { seen, requests, calls: ksef.calls };
}

describe('session paging over continuation tokens', () => {
  it('keeps the KSeF page size within 10..1000', () => {
    expect(toPageSize(0, 1)).toBe(10);
    expect(toPageSize(9, 3)).toBe(12);
    expect(toPageSize(999, 1000)).toBe(1000);
  });

  it('pages through 25 sessions three at a time, each exactly once, one upstream call per page', async () => {
    const { seen, requests, calls } = await pageThrough(25, 3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `ref-${i}`));
    expect(requests).toBe(9);
    expect(calls).toHaveLength(requests);
  });

  it.each([1, 7, 10, 11, 25, 1000])(
    'returns every session exactly once with first = %i',
    async (first) => {
      const { seen } = await pageThrough(57, first);
      expect(seen).toEqual(Array.from({ length: 57 }, (_, i) => `ref-${i}`));
    },
  );

  it('crosses KSeF pages when the window does not fit one page', async () => {
    const ksef = fakeKsef(2500);
    const window = await fetchSessionWindow(ksef.list, { sessionType: 'Online' }, 1000, {
      t: null,
      o: 900,
    });
    expect(window.items.map((entry) => entry.item.referenceNumber)).toEqual(
      Array.from({ length: 1000 }, (_, i) => `ref-${900 + i}`),
    );
    expect(ksef.calls).toEqual([{ pageSize: 1000 }, { pageSize: 900, token: 'pos:1000' }]);
    expect(window.hasNextPage).toBe(true);
  });

  it('writes the position at the end of a page as the start of the next page', async () => {
    const ksef = fakeKsef(25);
    const window = await fetchSessionWindow(ksef.list, { sessionType: 'Online' }, 10, {
      t: null,
      o: 0,
    });
    expect(window.end).toEqual({ t: 'pos:10', o: 0 });
    expect(window.items.at(-1)?.after).toEqual({ t: 'pos:10', o: 0 });
    expect(window.items[0]?.after).toEqual({ t: null, o: 1 });
  });

  it('says there is no next page after the last session and on an empty list', async () => {
    const done = await fetchSessionWindow(fakeKsef(5).list, { sessionType: 'Online' }, 10, {
      t: null,
      o: 0,
    });
    expect(done.items).toHaveLength(5);
    expect(done.hasNextPage).toBe(false);
    const empty = await fetchSessionWindow(fakeKsef(0).list, { sessionType: 'Online' }, 10, {
      t: null,
      o: 0,
    });
    expect(empty).toEqual({ items: [], hasNextPage: false, end: null });
  });
});
