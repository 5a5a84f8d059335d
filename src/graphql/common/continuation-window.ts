// Turns KSeF continuation-token pages (of sessions, of a session's invoices) into a window of
// `first` items after a cursor, with as few upstream calls as possible: one call whenever the
// window fits in one KSeF page, which is always the case while offset + first ≤ 1000 (pageSize is
// chosen as offset + first, at least 10).
// This relies on KSeF's token naming the position where a page starts, independent of pageSize
// (Cosmos-style continuation; the official clients vary pageSize freely between calls).

/** A position KSeF can reach in one call: the token that starts a page and an offset in it. */
export interface PagePosition {
  /** KSeF continuation token of the page; null: the first page. */
  t: string | null;
  /** How many items of that page come before the position. */
  o: number;
}

export const KSEF_PAGE_SIZE_MIN = 10;
export const KSEF_PAGE_SIZE_MAX = 1000;

/** One KSeF page: its items and the token of the next one (null/empty/absent: the last). */
export type FetchPage<T> = (
  pageSize: number,
  continuationToken: string | undefined,
) => Promise<{ items: readonly T[]; continuationToken?: string | null }>;

export interface WindowItem<T> {
  item: T;
  /** Position right after this item. */
  after: PagePosition;
}

export interface PageWindow<T> {
  items: WindowItem<T>[];
  hasNextPage: boolean;
  /** Position after the last item (or where the next page would start), null when empty. */
  end: PagePosition | null;
}

export function toPageSize(offset: number, wanted: number): number {
  return Math.min(KSEF_PAGE_SIZE_MAX, Math.max(KSEF_PAGE_SIZE_MIN, offset + wanted));
}

export async function fetchWindow<T>(
  fetchPage: FetchPage<T>,
  first: number,
  start: PagePosition,
): Promise<PageWindow<T>> {
  const items: WindowItem<T>[] = [];
  let token = start.t;
  let offset = start.o;

  for (;;) {
    const wanted = first - items.length;
    const page = await fetchPage(toPageSize(offset, wanted), token ?? undefined);
    const pageItems = page.items;
    const next = page.continuationToken ? page.continuationToken : null;
    const taken = pageItems.slice(offset, offset + wanted);
    taken.forEach((item, index) => {
      const position = offset + index + 1;
      // A position at the end of a page is written as the start of the next one, so the next
      // request reads one fresh page instead of re-reading this one to skip all of it.
      const after =
        position >= pageItems.length && next !== null
          ? { t: next, o: 0 }
          : { t: token, o: position };
      items.push({ item, after });
    });

    const consumedTo = offset + taken.length;
    if (consumedTo < pageItems.length) {
      // The window ended inside this page: more items are known to follow.
      return { items, hasNextPage: true, end: { t: token, o: consumedTo } };
    }
    if (next === null) {
      return { items, hasNextPage: false, end: items.at(-1)?.after ?? null };
    }
    if (items.length >= first) {
      return { items, hasNextPage: true, end: { t: next, o: 0 } };
    }
    if (pageItems.length === 0 && offset === 0) {
      // KSeF gave an empty page with a token: avoid looping on a misbehaving upstream forever.
      return { items, hasNextPage: true, end: { t: next, o: 0 } };
    }
    token = next;
    offset = 0;
  }
}
