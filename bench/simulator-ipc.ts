// The messages between the harness and the simulator child (simulator-process.ts), in a file of
// their own so the harness does not load the simulator to know them.
import type { Fault } from '../src/simulator/simulator';

export type SimulatorRequest =
  | { id: number; type: 'calls' }
  | { id: number; type: 'clear' }
  | { id: number; type: 'inject'; route: string; fault: Fault; times?: number }
  | { id: number; type: 'clearFaults' };

/** Upstream calls since the last `clear`, by route key ('GET /sessions/{referenceNumber}' …). */
export interface CallCounts {
  total: number;
  byRoute: Record<string, number>;
  /** Requests that got no status (reset, hang) or a 5xx. */
  failed: number;
}

export type SimulatorMessage =
  { type: 'ready'; url: string } | { type: 'reply'; id: number; result?: unknown; error?: string };

export const SIMULATOR_OPTIONS_ENV = 'BENCH_SIMULATOR_OPTIONS';
