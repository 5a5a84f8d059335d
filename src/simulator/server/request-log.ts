// Every request the simulator saw, storage ones included, so tests can assert upstream call counts
// instead of reading log text. An entry is written when the request arrives (status 0) and gets
// its status when the answer is sent; a request that never got one (hang, reset) keeps 0.
//
// Counts are exact for the simulator's whole life (kept per method and route), while only the
// newest `maxEntries` entries are kept in full: a long-running `npm run simulator` or a soak run
// must not grow without bound. For the same reason an entry keeps at most the first
// MAX_LOGGED_PATH_CHARS of a path and MAX_LOGGED_REQUEST_ID_CHARS of a request id: both come from
// the caller and may be kilobytes long.
export interface RequestLogEntry {
  method: string;
  path: string;
  route: string;
  status: number;
  at: Date;
  requestId?: string;
  hadAuthorization: boolean;
}

export interface RequestLog {
  /** The newest entries (at most `maxEntries`), oldest first. */
  entries(): RequestLogEntry[];
  /** How many requests matched, since start or the last clear(), however many. */
  count(filter?: { method?: string; route?: string }): number;
  clear(): void;
}

export interface RecordingRequestLog extends RequestLog {
  record(entry: RequestLogEntry): RequestLogEntry;
}

export const DEFAULT_MAX_LOG_ENTRIES = 10_000;
export const MAX_LOGGED_PATH_CHARS = 2_048;
export const MAX_LOGGED_REQUEST_ID_CHARS = 256;

export function createRequestLog(maxEntries = DEFAULT_MAX_LOG_ENTRIES): RecordingRequestLog {
  let items: RequestLogEntry[] = [];
  // "METHOD route" → requests seen; the method is the part before the first space.
  let counts = new Map<string, number>();
  return {
    record(entry) {
      entry.path = entry.path.slice(0, MAX_LOGGED_PATH_CHARS);
      if (entry.requestId !== undefined)
        entry.requestId = entry.requestId.slice(0, MAX_LOGGED_REQUEST_ID_CHARS);
      items.push(entry);
      // Trim in chunks rather than one shift per request: amortised O(1).
      if (items.length > maxEntries * 1.25) items = items.slice(items.length - maxEntries);
      const key = `${entry.method} ${entry.route}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      return entry;
    },
    entries: () => items.slice(-maxEntries).map((e) => ({ ...e })),
    count(filter = {}) {
      const method = filter.method?.toUpperCase();
      let total = 0;
      for (const [key, n] of counts) {
        const space = key.indexOf(' ');
        if (method !== undefined && key.slice(0, space) !== method) continue;
        if (filter.route !== undefined && key.slice(space + 1) !== filter.route) continue;
        total += n;
      }
      return total;
    },
    clear() {
      items = [];
      counts = new Map();
    },
  };
}
