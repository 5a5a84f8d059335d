// Forward-only keyset paging shared by the three paged listings: items come sorted by a string
// key in descending order; a page is the next `pageSize` items after the cursor's key, and a
// continuation token is issued only when more items follow.
import type { ContinuationTokens } from './continuation-token';

export interface Page<T> {
  items: T[];
  continuationToken: string | null;
}

export function pageOf<T>(
  sortedDesc: T[],
  keyOf: (item: T) => string,
  pageSize: number,
  tokens: ContinuationTokens,
  scope: string,
  continuationToken: string | undefined,
): Page<T> {
  const after = continuationToken ? tokens.read(scope, continuationToken).after : undefined;
  const rest = after === undefined ? sortedDesc : sortedDesc.filter((item) => keyOf(item) < after);
  const items = rest.slice(0, pageSize);
  const last = items[items.length - 1];
  const more = rest.length > pageSize && last !== undefined;
  return { items, continuationToken: more ? tokens.issue(scope, { after: keyOf(last) }) : null };
}

export function continuationHeader(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const value = headers['x-continuation-token'];
  const text = Array.isArray(value) ? value[0] : value;
  return text ? text : undefined;
}
