// One subscriber's stream: what the poller pushes, read by graphql-js as an AsyncIterator. Not an
// async generator on purpose: a generator waiting inside `await` cannot be ended by `return()`
// until its next `yield`, so a client that unsubscribes from a quiet session would leave it
// waiting (and its poller running) until the next change. Here `return()` ends it at once.
export type LiveEvent<T> = { value: T } | { error: unknown };

export interface EventQueue<T> extends AsyncIterableIterator<LiveEvent<T>> {
  push(value: T): void;
  /** Delivers the error as the last event, then ends. */
  fail(error: unknown): void;
  /** Ends after what was pushed has been read. */
  end(): void;
  readonly closed: boolean;
}

/** Events pushed and not yet read; a subscriber this far behind gets the latest only. */
const MAX_BUFFERED = 32;

export function createEventQueue<T>(onClose: () => void): EventQueue<T> {
  const buffered: LiveEvent<T>[] = [];
  let waiting: ((result: IteratorResult<LiveEvent<T>>) => void) | undefined;
  let ending = false;
  let closed = false;

  const close = () => {
    if (closed) return;
    closed = true;
    buffered.length = 0;
    waiting?.({ value: undefined, done: true });
    waiting = undefined;
    onClose();
  };

  const deliver = (event: LiveEvent<T>) => {
    if (closed || ending) return;
    if (waiting !== undefined) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: event, done: false });
      return;
    }
    if (buffered.length >= MAX_BUFFERED) buffered.shift();
    buffered.push(event);
  };

  const queue: EventQueue<T> = {
    push: (value) => deliver({ value }),
    fail(error) {
      deliver({ error });
      queue.end();
    },
    end() {
      if (closed || ending) return;
      ending = true;
      if (buffered.length === 0) close();
    },
    get closed() {
      return closed;
    },
    next() {
      const event = buffered.shift();
      // After the last event, the next read sees the end (and closes): until then the reader is
      // still delivering it.
      if (event !== undefined) return Promise.resolve({ value: event, done: false });
      if (closed || ending) {
        close();
        return Promise.resolve({ value: undefined, done: true });
      }
      return new Promise((resolve) => (waiting = resolve));
    },
    return() {
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error: unknown) {
      close();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
    [Symbol.asyncIterator]() {
      return queue;
    },
  };
  return queue;
}
