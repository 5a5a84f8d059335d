// Open-loop load: requests start on a fixed schedule (rate per second), whether or not earlier
// ones have been answered — how independent users arrive. Latency is measured from the moment a
// request was *due*, so a harness or server that falls behind shows up in the figures instead of
// silently lowering the load (coordinated omission).
//
// Why not autocannon's `overallRate`: autocannon paces per connection per second — each
// connection sends its share of the second back to back and then pauses until the next 1-second
// tick (lib/httpClient.js), so the load arrives in bursts at full concurrency every second, and
// with the rate set it also "corrects" latencies by synthesizing samples (recordValueWithExpectedInterval
// with a 1 ms interval). Neither is what "latency at half the maximum rate" means.
import { performance } from 'node:perf_hooks';
import { createLatencyRecorder } from './latency';
import type { LatencyRecorder, LatencySummary } from './latency';

export interface PacedOutcome {
  /** Operation name (for per-operation figures). */
  op: string;
  /** True when every request of the operation succeeded. */
  ok: boolean;
  /**
   * One per HTTP request the operation made (open+close makes two): 'OK', an extensions.code,
   * 'HTTP_<status>', 'TRANSPORT_ERROR', 'CLIENT_TIMEOUT' …
   */
  codes: string[];
}

export interface PacedOptions {
  ratePerSecond: number;
  durationS: number;
  /** Starts one operation; resolves when it is over. Must not reject. */
  fire(): Promise<PacedOutcome>;
  /** Operations in flight beyond this are skipped and counted as 'DROPPED' (default 5 000). */
  maxInFlight?: number;
}

export interface PacedResult {
  scheduled: number;
  completed: number;
  /** From the first start to the last answer. */
  durationS: number;
  /** Operations started per second over the schedule (the load actually offered). */
  achievedRate: number;
  /** Successful operations only. */
  latency: LatencySummary;
  byCode: Record<string, number>;
  byOp: Record<string, { count: number; errors: number; latency: LatencySummary }>;
  /** How late the harness started requests at worst (ms); large values mean it could not keep up. */
  maxStartLagMs: number;
}

export async function pacedLoad(options: PacedOptions): Promise<PacedResult> {
  const interval = 1000 / options.ratePerSecond;
  const total = Math.max(1, Math.round(options.ratePerSecond * options.durationS));
  const maxInFlight = options.maxInFlight ?? 5_000;
  const latency = createLatencyRecorder();
  const perOp = new Map<string, { count: number; errors: number; latency: LatencyRecorder }>();
  const byCode: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();
  let completed = 0;
  let launched = 0;
  let lastLaunchAt = 0;
  let maxStartLagMs = 0;

  const count = (outcome: PacedOutcome, elapsedMs: number): void => {
    for (const code of outcome.codes) byCode[code] = (byCode[code] ?? 0) + 1;
    let op = perOp.get(outcome.op);
    if (op === undefined) {
      op = { count: 0, errors: 0, latency: createLatencyRecorder() };
      perOp.set(outcome.op, op);
    }
    op.count++;
    if (outcome.ok) {
      op.latency.recordMs(elapsedMs);
      latency.recordMs(elapsedMs);
    } else {
      op.errors++;
    }
  };

  const launch = (dueAt: number): void => {
    if (inFlight.size >= maxInFlight) {
      byCode.DROPPED = (byCode.DROPPED ?? 0) + 1;
      return;
    }
    lastLaunchAt = performance.now();
    launched++;
    maxStartLagMs = Math.max(maxStartLagMs, lastLaunchAt - dueAt);
    const running = options.fire().then((outcome) => {
      count(outcome, performance.now() - dueAt);
      completed++;
    });
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
  };

  const startedAt = performance.now();
  let next = 0;
  await new Promise<void>((done) => {
    const tick = (): void => {
      const now = performance.now();
      while (next < total && startedAt + next * interval <= now) {
        launch(startedAt + next * interval);
        next++;
      }
      if (next >= total) {
        done();
        return;
      }
      setTimeout(tick, Math.max(0, startedAt + next * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  const durationS = (performance.now() - startedAt) / 1000;

  const byOp: PacedResult['byOp'] = {};
  for (const [name, op] of perOp)
    byOp[name] = { count: op.count, errors: op.errors, latency: op.latency.summary() };
  return {
    scheduled: total,
    completed,
    durationS: Math.round(durationS * 100) / 100,
    achievedRate:
      launched === 0 ? 0 : Math.round(launched / ((lastLaunchAt - startedAt + interval) / 1000)),
    latency: latency.summary(),
    byCode,
    byOp,
    maxStartLagMs: Math.round(maxStartLagMs * 100) / 100,
  };
}
