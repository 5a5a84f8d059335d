// Programmatic fault injection (no HTTP backdoor): a front-end team or a test scripts how the
// upstream misbehaves on a route key ('GET /sessions/{referenceNumber}', or '*' for every route).
// Without `times` a fault stays until clear(); with it, it fires that many times and disappears.
export type Fault =
  | { type: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { type: 'delay'; ms: number }
  | { type: 'hang' }
  | { type: 'reset' }
  | { type: 'malformed' }
  /**
   * The request is carried out (a session opened, an invoice taken) and then the connection is
   * cut before the answer: what a timeout or a 502 after KSeF did the work looks like to a client.
   */
  | { type: 'drop-response' };

export interface FaultInjector {
  inject(route: string, fault: Fault, options?: { times?: number }): void;
  clear(): void;
}

export interface ConsumingFaultInjector extends FaultInjector {
  /** The fault to apply to this request, if any, consuming one of its `times`. */
  take(route: string): Fault | undefined;
}

interface Armed {
  route: string;
  fault: Fault;
  remaining: number;
}

export function createFaultInjector(): ConsumingFaultInjector {
  let armed: Armed[] = [];
  return {
    inject(route, fault, options = {}) {
      const times = options.times ?? Number.POSITIVE_INFINITY;
      if (!(times > 0)) throw new RangeError('times must be a positive number');
      armed.push({ route, fault, remaining: times });
    },
    clear() {
      armed = [];
    },
    take(route) {
      const found = armed.find((a) => a.route === route || a.route === '*');
      if (!found) return undefined;
      found.remaining -= 1;
      if (found.remaining <= 0) armed = armed.filter((a) => a !== found);
      return found.fault;
    },
  };
}
