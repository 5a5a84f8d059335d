// Latency histograms with microsecond resolution (node:perf_hooks), summarized in milliseconds.
// autocannon's own histogram stores whole milliseconds, too coarse on loopback where a status
// lookup takes one or two, so the harness records each response time itself.
import { createHistogram } from 'node:perf_hooks';
import type { RecordableHistogram } from 'node:perf_hooks';

export interface LatencySummary {
  /** Milliseconds, two decimals. */
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  count: number;
}

export interface LatencyRecorder {
  recordMs(ms: number): void;
  summary(): LatencySummary;
}

const ms = (microseconds: number): number => Math.round(microseconds / 10) / 100;

export function createLatencyRecorder(): LatencyRecorder {
  const histogram: RecordableHistogram = createHistogram({
    lowest: 1,
    highest: 120_000_000,
    figures: 3,
  });
  return {
    recordMs(value) {
      histogram.record(Math.max(1, Math.round(value * 1000)));
    },
    summary() {
      const count = histogram.count;
      if (count === 0) return { p50: 0, p90: 0, p95: 0, p99: 0, max: 0, mean: 0, count };
      return {
        p50: ms(histogram.percentile(50)),
        p90: ms(histogram.percentile(90)),
        p95: ms(histogram.percentile(95)),
        p99: ms(histogram.percentile(99)),
        max: ms(histogram.max),
        mean: ms(histogram.mean),
        count,
      };
    },
  };
}
