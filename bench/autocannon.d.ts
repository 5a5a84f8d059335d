// The part of autocannon 8's programmatic API the harness uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  function autocannon(
    options: autocannon.Options,
    callback: (error: Error | null, result: autocannon.Result) => void,
  ): autocannon.Instance;

  namespace autocannon {
    interface Options {
      url: string;
      method?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      connections?: number;
      pipelining?: number;
      /** Seconds; ignored when `amount` is set. */
      duration?: number;
      /** Total number of requests; the run ends when all of them have been answered. */
      amount?: number;
      /** Seconds without an answer before a request counts as a timeout. */
      timeout?: number;
      overallRate?: number;
      /** Milliseconds between samples (default 1000); also how soon a finished run reports. */
      sampleInt?: number;
      /** Called with every response body; false counts as a mismatch. */
      verifyBody?: (body: string) => boolean;
    }

    interface Result {
      duration: number;
      requests: { total: number; sent: number; average: number };
      latency: { p50: number; p99: number; max: number; average: number };
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      statusCodeStats: Record<string, { count: number }>;
    }

    interface Instance extends EventEmitter {
      stop(): void;
    }
  }

  export = autocannon;
}
