// Every request the simulator saw, storage ones included, so tests can assert upstream call counts
// instead of reading log text. An entry is written when the request arrives (status 0) and gets
// its status when the answer is sent; a request that never got one (hang, reset) keeps 0.
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
  entries(): RequestLogEntry[];
  count(filter?: { method?: string; route?: string }): number;
  clear(): void;
}

export interface RecordingRequestLog extends RequestLog {
  record(entry: RequestLogEntry): RequestLogEntry;
}

export function createRequestLog(): RecordingRequestLog {
  let items: RequestLogEntry[] = [];
  return {
    record(entry) {
      items.push(entry);
      return entry;
    },
    entries: () => items.map((e) => ({ ...e })),
    count(filter = {}) {
      return items.filter(
        (e) =>
          (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
          (filter.route === undefined || e.route === filter.route),
      ).length;
    },
    clear() {
      items = [];
    },
  };
}
