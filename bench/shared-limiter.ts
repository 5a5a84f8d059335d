// The shared limiter's cost per call (README "Running several replicas"): what a KSeF call pays
// for asking Redis whether it may go, against asking the per-process limiter. The same calls
// through each: acquire (one Lua script in Redis: prune, count, add) and settle (fire and forget),
// one after another so that each figure is one call's own latency, limits high enough that no
// call waits. Redis is Debian's redis-server on a free loopback port, started here; without it
// installed the scenario says so and is left out.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import {
  createRateLimiter,
  DEFAULT_RATE_LIMIT_MARGIN_MS,
} from '../src/ksef/resilience/rate-limiter';
import type { RateLimiter } from '../src/ksef/resilience/rate-limiter';
import { DEFAULT_KSEF_RATE_LIMITS } from '../src/ksef/resilience/rate-limits';
import type { RateLimitTable } from '../src/ksef/resilience/rate-limits';
import { createLogger } from '../src/logging/logger';
import { createRedisLink } from '../src/replicas/redis-link';
import { DEFAULT_REPLICA_SETTINGS } from '../src/replicas/replica-settings';
import { createSharedRateLimiter } from '../src/replicas/shared-rate-limiter';

export interface LimiterLatency {
  limiter: 'in-process' | 'shared (Redis)';
  calls: number;
  /** Microseconds per acquire. */
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

export interface SharedLimiterReport {
  rows: LimiterLatency[];
  /** Shared minus in-process, microseconds. */
  addedP50Us: number;
  addedP99Us: number;
}

const CALLS = 5_000;
const WARMUP_CALLS = 500;
const UNBOUNDED = { perSecond: 1_000_000, perMinute: 1_000_000, perHour: 1_000_000 };
const LIMITS: RateLimitTable = { ...DEFAULT_KSEF_RATE_LIMITS, sessionMisc: UNBOUNDED };

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', ''],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  process.once('exit', () => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return child;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function measure(
  limiter: RateLimiter,
  name: LimiterLatency['limiter'],
): Promise<LimiterLatency> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP_CALLS + CALLS; i += 1) {
    const started = process.hrtime.bigint();
    const grant = await limiter.acquire({
      group: 'sessionMisc',
      token: 'bench-token',
      deadline: Date.now() + 10_000,
    });
    const us = Number(process.hrtime.bigint() - started) / 1_000;
    grant.settle();
    if (i >= WARMUP_CALLS) samples.push(us);
  }
  samples.sort((a, b) => a - b);
  const round = (us: number) => Math.round(us * 10) / 10;
  return {
    limiter: name,
    calls: CALLS,
    p50Us: round(percentile(samples, 50)),
    p99Us: round(percentile(samples, 99)),
    maxUs: round(samples[samples.length - 1] ?? 0),
  };
}

/** Undefined when redis-server is not installed. */
export async function measureSharedLimiter(): Promise<SharedLimiterReport | undefined> {
  if (!hasRedisServer()) return undefined;
  const port = await freePort();
  const redis = await startRedis(port);
  const link = createRedisLink(
    { ...DEFAULT_REPLICA_SETTINGS, redisUrl: `redis://127.0.0.1:${port}/0` },
    createLogger({ level: 'silent' }),
  );
  try {
    if (!(await link.whenUp(5_000))) throw new Error('the benchmark Redis did not answer');
    const local = () =>
      createRateLimiter({ limits: LIMITS, marginMs: DEFAULT_RATE_LIMIT_MARGIN_MS });
    const inProcess = await measure(local(), 'in-process');
    const shared = await measure(
      createSharedRateLimiter(link, local(), {
        limits: LIMITS,
        marginMs: DEFAULT_RATE_LIMIT_MARGIN_MS,
      }),
      'shared (Redis)',
    );
    const round = (us: number) => Math.round(us * 10) / 10;
    return {
      rows: [inProcess, shared],
      addedP50Us: round(shared.p50Us - inProcess.p50Us),
      addedP99Us: round(shared.p99Us - inProcess.p99Us),
    };
  } finally {
    await link.close();
    redis.kill('SIGKILL');
  }
}

export function formatSharedLimiter(report: SharedLimiterReport | undefined): string[] {
  if (report === undefined) {
    return [
      'shared limiter: redis-server is not installed; left out (apt-get install redis-server)',
    ];
  }
  return [
    `shared limiter: ${report.rows[0]?.calls ?? 0} calls one after another, acquire latency in µs; ` +
      `added by Redis p50 ${report.addedP50Us} µs, p99 ${report.addedP99Us} µs`,
    ...report.rows.map(
      (row) =>
        `  ${row.limiter.padEnd(16)} p50 ${row.p50Us} µs  p99 ${row.p99Us} µs  max ${row.maxUs} µs`,
    ),
  ];
}
