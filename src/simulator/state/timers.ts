// Every asynchronous step of the simulator (invoice processing, session closing, auto-close at
// validUntil, batch processing) goes through here, so stop() can cancel all of them at once and no
// timer keeps a process alive on its own (they are unref'd; a turn of work in progress does).
//
// A step runs guarded: whatever it throws, synchronously or as a rejected promise, goes to its
// `onError` (or, without one, to the reporter), never to the process. The simulator also runs
// inside the gateway's process in sandbox mode, where one escaped error would end the gateway.
export interface Timers {
  /** Runs `task` after `ms`; a throw or a rejection goes to `onError`, never to the process. */
  after(ms: number, task: () => unknown, onError?: (error: unknown) => void): void;
  /**
   * Resolves on a later turn of the event loop, after pending I/O: long work awaits it between
   * slices so that other requests are answered meanwhile. Never resolves once stopped.
   */
  nextTurn: () => Promise<void>;
  /** Timers and turns not yet run (for stats). */
  pending(): number;
  clearAll(): void;
}

export type ErrorReporter = (error: unknown) => void;

// setTimeout overflows above 2^31-1 ms (~24.8 days) and would fire at once.
const MAX_DELAY_MS = 2_147_483_647;

/** The default reporter: one line on stderr, the message only (a stack may quote request data). */
export function reportToStderr(error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`KSeF simulator: a background step failed: ${message.slice(0, 500)}`);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

export function createTimers(report: ErrorReporter = reportToStderr): Timers {
  const pending = new Set<NodeJS.Timeout>();
  const turns = new Set<NodeJS.Immediate>();
  let stopped = false;

  const safeReport = (error: unknown) => {
    try {
      report(error);
    } catch {
      // A reporter that throws has nowhere left to report to; the process must survive it.
    }
  };

  const recover = (error: unknown, onError?: (error: unknown) => void) => {
    if (!onError) {
      safeReport(error);
      return;
    }
    try {
      onError(error);
    } catch (secondary) {
      safeReport(error);
      safeReport(secondary);
    }
  };

  const run = (task: () => unknown, onError?: (error: unknown) => void) => {
    try {
      const result = task();
      if (isThenable(result)) result.then(undefined, (error: unknown) => recover(error, onError));
    } catch (error) {
      recover(error, onError);
    }
  };

  return {
    after(ms, task, onError) {
      if (stopped) return;
      const handle = setTimeout(
        () => {
          pending.delete(handle);
          run(task, onError);
        },
        Math.min(Math.max(0, ms), MAX_DELAY_MS),
      );
      handle.unref();
      pending.add(handle);
    },
    nextTurn() {
      return new Promise<void>((resolve) => {
        if (stopped) return;
        // Not unref'd: with only unref'd immediates pending, the event loop waits in its poll
        // phase for the next I/O or timer before running them, which stretches every slice.
        const turn = setImmediate(() => {
          turns.delete(turn);
          if (!stopped) resolve();
        });
        turns.add(turn);
      });
    },
    pending: () => pending.size + turns.size,
    clearAll() {
      stopped = true;
      for (const handle of pending) clearTimeout(handle);
      for (const turn of turns) clearImmediate(turn);
      pending.clear();
      turns.clear();
    },
  };
}
