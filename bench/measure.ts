// Load runs.
//
// Closed loop (autocannon): `connections` clients, each sending its next request as soon as the
// previous one is answered — the maximum throughput a server sustains, and its latency at that
// point. 16 connections: on this 2-core box that is enough to keep every server busy (queues
// never drain), and few enough that latency is mostly service time rather than queueing.
// A scenario runs a warm-up (JIT, pools, caches) and then a measured run of a fixed *number* of
// requests, sized from the warm-up's rate to last about `durationS`: with `amount` every request
// that was sent is also answered before the run ends, so upstream calls / requests is exact (a
// duration-bound run cuts off requests in flight whose upstream calls were already made).
//
// Open loop (paced-load.ts): a fixed arrival rate, for latency at a given load (see there why
// not autocannon's overallRate).
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { createLatencyRecorder } from './latency';
import type { LatencySummary } from './latency';
import type { Target } from './scenarios';

export interface ClosedLoopOptions {
  connections: number;
  /** Used when `amount` is not given. */
  durationS?: number;
  amount?: number;
  /** Hard bound on the run; autocannon is stopped after it. */
  maxDurationS?: number;
}

export interface RunErrors {
  non2xx: number;
  /** Connection errors (refused, reset). */
  transport: number;
  timeouts: number;
  /** 2xx answers that failed the scenario's body check (GraphQL errors, missing data). */
  badBodies: number;
  total: number;
}

export interface RunResult {
  /** Requests answered (any status). */
  completed: number;
  /** Requests sent; equals `completed` when the run was not cut short. */
  sent: number;
  durationS: number;
  /** Answers per second between the start and the last answer. */
  rps: number;
  /** 2xx answers only. */
  latency: LatencySummary;
  errors: RunErrors;
  statusCodes: Record<string, number>;
  /** True when the run hit `maxDurationS` and was stopped. */
  cutShort: boolean;
}

/** The next of the target's variants on every request, whichever connection sends it. */
function nextVariant(target: Target) {
  const variants = target.variants ?? [];
  const paths = variants.map((variant) => {
    const url = new URL(variant.url);
    return `${url.pathname}${url.search}`;
  });
  let next = 0;
  return (request: Record<string, unknown>) => {
    const index = next % variants.length;
    next += 1;
    const body = variants[index]?.body;
    return { ...request, path: paths[index], ...(body !== undefined && { body }) };
  };
}

export function closedLoop(target: Target, options: ClosedLoopOptions): Promise<RunResult> {
  const latency = createLatencyRecorder();
  let lastAnswerAt = 0;
  let cutShort = false;
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: target.method,
        headers: target.headers,
        ...(target.body !== undefined && { body: target.body }),
        ...(target.variants !== undefined && { requests: [{ setupRequest: nextVariant(target) }] }),
        connections: options.connections,
        ...(options.amount !== undefined
          ? { amount: Math.max(options.amount, options.connections) }
          : { duration: options.durationS ?? 10 }),
        timeout: 30,
        // Checks finish every this many ms; a shorter interval ends an `amount` run sooner.
        sampleInt: 100,
        verifyBody: target.verify,
      },
      (error, result) => {
        clearTimeout(bound);
        if (error) {
          reject(error);
          return;
        }
        const elapsedS = Math.max(0.001, ((lastAnswerAt || performance.now()) - startedAt) / 1000);
        const completed = result.requests.total;
        const statusCodes: Record<string, number> = {};
        for (const [code, stats] of Object.entries(result.statusCodeStats))
          statusCodes[code] = stats.count;
        const errors: RunErrors = {
          non2xx: result.non2xx,
          transport: result.errors - result.timeouts,
          timeouts: result.timeouts,
          badBodies: result.mismatches,
          total: result.non2xx + result.errors + result.mismatches,
        };
        resolve({
          completed,
          sent: result.requests.sent,
          durationS: Math.round(elapsedS * 100) / 100,
          rps: Math.round(completed / elapsedS),
          latency: latency.summary(),
          errors,
          statusCodes,
          cutShort,
        });
      },
    );
    instance.on(
      'response',
      (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
        lastAnswerAt = performance.now();
        if (statusCode >= 200 && statusCode < 300) latency.recordMs(responseTimeMs);
      },
    );
    const maxS = options.maxDurationS ?? (options.durationS ?? 10) * 3;
    const bound = setTimeout(() => {
      cutShort = true;
      instance.stop();
    }, maxS * 1000);
  });
}

export interface ScenarioRunOptions {
  connections: number;
  warmupS: number;
  durationS: number;
}

/** Warm-up by time, then a measured run of as many requests as the warm-up rate fits in `durationS`. */
export async function warmUpAndMeasure(
  target: Target,
  options: ScenarioRunOptions,
  beforeMeasuring: () => Promise<void>,
): Promise<{ warmup: RunResult; run: RunResult }> {
  const warmup = await closedLoop(target, {
    connections: options.connections,
    durationS: options.warmupS,
  });
  await beforeMeasuring();
  const amount = Math.max(options.connections, Math.round(warmup.rps * options.durationS));
  const run = await closedLoop(target, {
    connections: options.connections,
    amount,
    maxDurationS: options.durationS * 3,
  });
  return { warmup, run };
}
