// A tiny concurrency limiter: at most `limit` tasks run at once, the rest wait in FIFO order.
// Written here because p-limit is ESM-only and this project compiles to CommonJS; the loaders
// need it to keep a burst of distinct reference numbers from tripping KSeF's per-second limits
// (sessionMisc: 10 status reads a second per context).

export type ConcurrencyLimit = <T>(task: () => Promise<T>) => Promise<T>;

export function createConcurrencyLimit(limit: number): ConcurrencyLimit {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  }
  let active = 0;
  const queue: (() => void)[] = [];

  const next = (): void => {
    active--;
    queue.shift()?.();
  };

  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const run = (): void => {
        active++;
        // A task that throws synchronously must still free its slot.
        Promise.resolve().then(task).then(resolve, reject).finally(next);
      };
      if (active < limit) run();
      else queue.push(run);
    });
}
