// A graphql-ws client as a front-end uses one (README "Live status"), for tests: subscribe and
// collect every event until `complete`, an error message or the socket closing.
import { createClient } from 'graphql-ws';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Json } from './stack';

export interface LiveEventLog<T = Json> {
  /** Each `next` payload, in order. */
  events: { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }[];
  /** Resolves on `complete`; rejects on an `error` message or a closed socket. */
  done: Promise<void>;
  /** Unsubscribes (the server sees `complete`). */
  unsubscribe(): void;
}

export function wsUrlOf(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

export function liveClient(
  graphqlUrl: string,
  token: string | null,
  options: { lazy?: boolean; headers?: Record<string, string> } = {},
): Client {
  return createClient({
    url: wsUrlOf(graphqlUrl),
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: options.headers ?? {} });
      }
    },
    lazy: options.lazy ?? true,
    retryAttempts: 0,
    connectionParams: token === null ? {} : { Authorization: `Bearer ${token}` },
  });
}

/** graphql-ws reports a closed socket as its CloseEvent, other failures as errors. */
function toError(error: unknown): Error {
  if (error instanceof Error) return error;
  const close = error as { code?: unknown; reason?: unknown };
  if (typeof close.code === 'number') {
    return new Error(
      `socket closed ${close.code} ${typeof close.reason === 'string' ? close.reason : ''}`,
    );
  }
  return new Error(JSON.stringify(error));
}

export function subscribeAndCollect<T = Json>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
): LiveEventLog<T> {
  const events: LiveEventLog<T>['events'] = [];
  let unsubscribe: () => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => events.push(value as LiveEventLog<T>['events'][number]),
        error: (error) => reject(toError(error)),
        complete: () => resolve(),
      },
    );
  });
  return { events, done, unsubscribe: () => unsubscribe() };
}
