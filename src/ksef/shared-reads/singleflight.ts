// One call in flight per key: whoever asks for a key while its call runs waits for that call's
// answer instead of making another. The entry goes as soon as the call settles, so this keeps
// nothing; keeping final answers is final-answers.ts' job.
export interface Flight<T> {
  readonly promise: Promise<T>;
  /** Who started the call (an opaque key of the leader's token). */
  readonly leader: string;
}

export interface Singleflight {
  /** The flight for `key`: the one in progress (`joined: true`) or a new one of `call`. */
  run<T>(key: string, leader: string, call: () => Promise<T>): Flight<T> & { joined: boolean };
  /** Lets nobody else join the calls whose key matches (they started before a write). */
  forget(matches: (key: string) => boolean): void;
  /** Calls in progress now. */
  readonly size: number;
}

export function createSingleflight(): Singleflight {
  const flights = new Map<string, Flight<unknown>>();
  return {
    run<T>(key: string, leader: string, call: () => Promise<T>) {
      const current = flights.get(key) as Flight<T> | undefined;
      if (current !== undefined) return { ...current, joined: true };
      const promise = call().finally(() => {
        if (flights.get(key) === flight) flights.delete(key);
      });
      const flight: Flight<T> = { promise, leader };
      flights.set(key, flight);
      return { ...flight, joined: false };
    },
    forget(matches) {
      for (const key of [...flights.keys()]) if (matches(key)) flights.delete(key);
    },
    get size() {
      return flights.size;
    },
  };
}
