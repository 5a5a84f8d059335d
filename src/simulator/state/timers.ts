// Every asynchronous step of the simulator (invoice processing, session closing, auto-close at
// validUntil) goes through here, so stop() can cancel all of them at once and no timer keeps a
// process alive on its own (they are unref'd).
export interface Timers {
  after(ms: number, task: () => void): void;
  clearAll(): void;
}

// setTimeout overflows above 2^31-1 ms (~24.8 days) and would fire at once.
const MAX_DELAY_MS = 2_147_483_647;

export function createTimers(): Timers {
  const pending = new Set<NodeJS.Timeout>();
  let stopped = false;
  return {
    after(ms, task) {
      if (stopped) return;
      const handle = setTimeout(
        () => {
          pending.delete(handle);
          task();
        },
        Math.min(Math.max(0, ms), MAX_DELAY_MS),
      );
      handle.unref();
      pending.add(handle);
    },
    clearAll() {
      stopped = true;
      for (const handle of pending) clearTimeout(handle);
      pending.clear();
    },
  };
}
