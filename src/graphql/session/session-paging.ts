// Turns KSeF continuation-token pages into a window of `first` sessions after a cursor, with as
// few upstream calls as possible: one call whenever the window fits in one KSeF page, which is
// always the case while offset + first ≤ 1000 (pageSize is chosen as offset + first, at least 10).
// This relies on KSeF's token naming the position where a page starts, independent of pageSize
// (Cosmos-style continuation; the official clients vary pageSize freely between calls).
import type {
  SessionsQueryDto,
  SessionsQueryResponseDto,
  SessionsQueryResponseItemDto,
} from '../../ksef/wire/sessions.dto';
import type { SessionCursor } from './session-cursor';

export const KSEF_PAGE_SIZE_MIN = 10;
export const KSEF_PAGE_SIZE_MAX = 1000;

export type ListSessions = (
  query: SessionsQueryDto,
  continuationToken?: string,
) => Promise<SessionsQueryResponseDto>;

export interface SessionWindowItem {
  item: SessionsQueryResponseItemDto;
  /** Position right after this item. */
  after: Omit<SessionCursor, 'f'>;
}

export interface SessionWindow {
  items: SessionWindowItem[];
  hasNextPage: boolean;
  /** Position after the last item (or where the next page would start), null when empty. */
  end: Omit<SessionCursor, 'f'> | null;
}

export function toPageSize(offset: number, wanted: number): number {
  return Math.min(KSEF_PAGE_SIZE_MAX, Math.max(KSEF_PAGE_SIZE_MIN, offset + wanted));
}

export async function fetchSessionWindow(
  list: ListSessions,
  query: SessionsQueryDto,
  first: number,
  start: Omit<SessionCursor, 'f'>,
): Promise<SessionWindow> {
  const items: SessionWindowItem[] = [];
  let token = start.t;
  let offset = start.o;

  for (;;) {
    const wanted = first - items.length;
    const page = await list({ ...query, pageSize: toPageSize(offset, wanted) }, token ?? undefined);
    const sessions = page.sessions;
    const next = page.continuationToken ? page.continuationToken : null;
    const taken = sessions.slice(offset, offset + wanted);
    taken.forEach((item, index) => {
      const position = offset + index + 1;
      // A position at the end of a page is written as the start of the next one, so the next
      // request reads one fresh page instead of re-reading this one to skip all of it.
      const after =
        position >= sessions.length && next !== null
          ? { t: next, o: 0 }
          : { t: token, o: position };
      items.push({ item, after });
    });

    const consumedTo = offset + taken.length;
    if (consumedTo < sessions.length) {
      // The window ended inside this page: more sessions are known to follow.
      return { items, hasNextPage: true, end: { t: token, o: consumedTo } };
    }
    if (next === null) {
      return { items, hasNextPage: false, end: items.at(-1)?.after ?? null };
    }
    if (items.length >= first) {
      return { items, hasNextPage: true, end: { t: next, o: 0 } };
    }
    if (sessions.length === 0 && offset === 0) {
      // KSeF gave an empty page with a token: avoid looping on a misbehaving upstream forever.
      return { items, hasNextPage: true, end: { t: next, o: 0 } };
    }
    token = next;
    offset = 0;
  }
}
