// The session list's window: `GET /sessions` pages through the generic continuation window.
import type {
  SessionsQueryDto,
  SessionsQueryResponseDto,
  SessionsQueryResponseItemDto,
} from '../../ksef/wire/sessions.dto';
import { fetchWindow } from '../common/continuation-window';
import type { PagePosition, PageWindow, WindowItem } from '../common/continuation-window';

export { KSEF_PAGE_SIZE_MAX, KSEF_PAGE_SIZE_MIN, toPageSize } from '../common/continuation-window';

export type ListSessions = (
  query: SessionsQueryDto,
  continuationToken?: string,
) => Promise<SessionsQueryResponseDto>;

export type SessionWindowItem = WindowItem<SessionsQueryResponseItemDto>;
export type SessionWindow = PageWindow<SessionsQueryResponseItemDto>;

export function fetchSessionWindow(
  list: ListSessions,
  query: SessionsQueryDto,
  first: number,
  start: PagePosition,
): Promise<SessionWindow> {
  return fetchWindow(
    async (pageSize, token) => {
      const page = await list({ ...query, pageSize }, token);
      return { items: page.sessions, continuationToken: page.continuationToken ?? null };
    },
    first,
    start,
  );
}
