// A counting semaphore for request bodies above the usual limit: at most N of them are read and
// processed at once. The others wait with their socket paused (TCP holds the rest of their body
// at the client), so a burst of large uploads costs N allowances of memory, not one per request.

export interface BodySlots {
  /** Resolves with the slot's release once one is free; rejects when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<() => void>;
  /** Slots taken now. */
  readonly inUse: number;
}

export function createBodySlots(capacity: number): BodySlots {
  let inUse = 0;
  const waiting: (() => void)[] = [];

  function grant(): () => void {
    inUse += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inUse -= 1;
      waiting.shift()?.();
    };
  }

  return {
    get inUse() {
      return inUse;
    },
    acquire(signal) {
      if (signal.aborted) return Promise.reject(new Error('request abandoned'));
      if (inUse < capacity) return Promise.resolve(grant());
      return new Promise((resolve, reject) => {
        const wake = (): void => {
          signal.removeEventListener('abort', abandon);
          resolve(grant());
        };
        const abandon = (): void => {
          const index = waiting.indexOf(wake);
          if (index >= 0) waiting.splice(index, 1);
          reject(new Error('request abandoned'));
        };
        waiting.push(wake);
        signal.addEventListener('abort', abandon, { once: true });
      });
    },
  };
}
