// The soak run (`npm run bench -- --soak`, or `node dist/bench/soak.js` after a build): minutes of
// mixed operations at a steady rate against the gateway child, with faults injected into the
// simulator's status endpoint, reporting errors by `extensions.code`, latency percentiles per
// operation and the gateway's memory at start and end.
//
//   SOAK_SECONDS=180      how long (default 3 minutes)
//   SOAK_RATE=50          operations per second, open loop (open+close counts as one operation)
//   SOAK_FAULT_EVERY_MS=1000   one fault every this many ms, rotating 503 · 1.5 s delay · reset,
//                        each on the next `GET /sessions/{referenceNumber}` only
//
// The mix, per 20 operations: 8 status lookups, 5 list pages, 4 UPO reads, 3 open+close.
// Expected outcome: every operation OK except those that met a 503 or a reset, which answer
// UPSTREAM_UNAVAILABLE (fewer if the gateway retries idempotent reads); anything else — another
// code, a transport error, a client timeout, dropped operations — fails the run.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Fault } from '../src/simulator/simulator';
import { createHttpClient, failureCode, graphqlCode, graphqlRequest } from './http-client';
import type { HttpClient } from './http-client';
import { at, parseJson } from './json';
import { readMemory } from './memory';
import type { MemoryReading } from './memory';
import { CLOSE_SESSION, LIST_PAGE, OPEN_SESSION, READ_UPO, SESSION_STATUS } from './operations';
import { pacedLoad } from './paced-load';
import type { PacedOutcome, PacedResult } from './paced-load';
import {
  installCleanup,
  REPO_ROOT,
  startGatewayProcess,
  startSimulatorProcess,
  stopAllChildren,
} from './processes';
import type { CallCounts } from './processes';
import { machineInfo, writeReport } from './report';
import type { BenchReport } from './report';
import { STATUS_ROUTE } from './scenarios';
import { seedSessions } from './seed';
import type { Seeded } from './seed';

type Op = 'status' | 'list' | 'upo' | 'open+close';

const MIX: readonly Op[] = [
  'status',
  'list',
  'upo',
  'status',
  'open+close',
  'status',
  'list',
  'status',
  'upo',
  'list',
  'status',
  'open+close',
  'status',
  'upo',
  'list',
  'status',
  'status',
  'upo',
  'open+close',
  'list',
];

const FAULTS: readonly { name: string; fault: Fault }[] = [
  { name: '503', fault: { type: 'status', status: 503, body: '' } },
  { name: 'delay 1500 ms', fault: { type: 'delay', ms: 1_500 } },
  { name: 'reset', fault: { type: 'reset' } },
];

/** Codes a fault may legitimately cause. */
const EXPECTED_CODES = new Set(['OK', 'UPSTREAM_UNAVAILABLE']);

export interface SoakReport {
  kind: 'soak';
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: BenchReport['machine'];
  settings: { seconds: number; rate: number; faultEveryMs: number };
  result: PacedResult;
  requests: number;
  faultsInjected: Record<string, number>;
  memory: { start: MemoryReading | null; end: MemoryReading | null };
  upstream: CallCounts & { perOperation: number };
  unexpectedCodes: Record<string, number>;
  passed: boolean;
}

function settingFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got '${raw}'`);
  return value;
}

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function createOperations(http: HttpClient, gatewayUrl: string, seeded: Seeded) {
  const { token } = seeded;
  const withUpo = seeded.sessions.filter((s) => s.upoReferenceNumber !== undefined);
  if (withUpo.length === 0) throw new Error('soak: no seeded session with a UPO');
  let requests = 0;
  let turn = 0;

  const call = async (
    query: string,
    variables: Record<string, unknown>,
  ): Promise<{ code: string; data: unknown }> => {
    requests++;
    try {
      const answer = await http.request(gatewayUrl, {
        ...graphqlRequest(query, variables, token),
        timeoutMs: 30_000,
      });
      const code = graphqlCode(answer);
      return { code, data: code === 'OK' ? at(parseJson(answer.body), 'data') : undefined };
    } catch (error) {
      return { code: failureCode(error), data: undefined };
    }
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

  const run = async (op: Op): Promise<PacedOutcome> => {
    switch (op) {
      case 'status': {
        const { code } = await call(SESSION_STATUS, {
          referenceNumber: pick(seeded.sessions).referenceNumber,
        });
        return { op, ok: code === 'OK', codes: [code] };
      }
      case 'list': {
        const { code } = await call(LIST_PAGE, { first: 20 });
        return { op, ok: code === 'OK', codes: [code] };
      }
      case 'upo': {
        const session = pick(withUpo);
        const { code } = await call(READ_UPO, {
          sessionReferenceNumber: session.referenceNumber,
          upoReferenceNumber: session.upoReferenceNumber,
        });
        return { op, ok: code === 'OK', codes: [code] };
      }
      case 'open+close': {
        const opened = await call(OPEN_SESSION, {});
        const ref = at(opened.data, 'openOnlineSession', 'session', 'referenceNumber');
        if (typeof ref !== 'string') return { op, ok: false, codes: [opened.code] };
        const closed = await call(CLOSE_SESSION, { referenceNumber: ref });
        return { op, ok: closed.code === 'OK', codes: [opened.code, closed.code] };
      }
    }
  };

  return {
    next: (): Promise<PacedOutcome> => run(MIX[turn++ % MIX.length]!),
    requests: () => requests,
  };
}

function formatSoak(report: SoakReport): string {
  const r = report.result;
  const lines: string[] = [];
  lines.push(
    `Soak ${report.finishedAt} · \`${report.command}\` · ${report.settings.seconds} s at ${report.settings.rate} operations/s ` +
      `(${r.completed} operations, ${report.requests} GraphQL requests), one fault every ${report.settings.faultEveryMs} ms on ${STATUS_ROUTE} · ` +
      `${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}`,
    '',
    '| operation | count | errors | p50 ms | p95 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const [op, figures] of Object.entries(r.byOp)) {
    const l = figures.latency;
    lines.push(
      `| ${op} | ${figures.count} | ${figures.errors} | ${l.p50} | ${l.p95} | ${l.p99} | ${l.max} |`,
    );
  }
  lines.push(
    `| **all** | ${r.completed} | ${r.completed - r.latency.count} | ${r.latency.p50} | ${r.latency.p95} | ${r.latency.p99} | ${r.latency.max} |`,
  );
  lines.push('', '| outcome (per GraphQL request) | count |', '| --- | ---: |');
  for (const [code, count] of Object.entries(r.byCode).sort((a, b) => b[1] - a[1]))
    lines.push(`| ${code} | ${count} |`);
  lines.push(
    '',
    `Faults injected: ${Object.entries(report.faultsInjected)
      .map(([name, n]) => `${n} × ${name}`)
      .join(', ')}; ` +
      `status calls upstream: ${report.upstream.byRoute[STATUS_ROUTE] ?? 0}; upstream answers that failed (5xx/reset): ${report.upstream.failed}.`,
    `Upstream calls: ${report.upstream.total} (${report.upstream.perOperation} per operation): ` +
      Object.entries(report.upstream.byRoute)
        .map(([route, n]) => `${route} ${n}`)
        .join(', ') +
      '.',
    `Gateway memory: RSS ${report.memory.start?.rssMb ?? 'n/a'} MB at start, ${report.memory.end?.rssMb ?? 'n/a'} MB at the end, ` +
      `peak ${report.memory.end?.peakRssMb ?? 'n/a'} MB.`,
    `Achieved ${r.achievedRate} operations/s of ${report.settings.rate}; the harness started requests at most ${r.maxStartLagMs} ms late.`,
    '',
    report.passed
      ? 'PASSED: only OK and fault-induced UPSTREAM_UNAVAILABLE answers.'
      : `FAILED: unexpected outcomes ${JSON.stringify(report.unexpectedCodes)}.`,
  );
  return lines.join('\n');
}

export async function runSoak(argv: string[]): Promise<number> {
  const seconds = settingFrom('SOAK_SECONDS', 180);
  const rate = settingFrom('SOAK_RATE', 50);
  const faultEveryMs = settingFrom('SOAK_FAULT_EVERY_MS', 1_000);
  const startedAt = new Date();
  const machine = machineInfo();
  // Bounded in time whatever happens: the planned duration plus start-up, warm-up and shutdown.
  setTimeout(
    () => {
      process.stderr.write(`Soak did not finish within ${seconds + 120} s; stopping.\n`);
      void stopAllChildren().finally(() => process.exit(1));
    },
    (seconds + 120) * 1000,
  ).unref();
  say(
    `KSeF gateway soak · ${seconds} s at ${rate} operations/s · one fault every ${faultEveryMs} ms · load average ${machine.loadAverageAtStart.join(' / ')}`,
  );

  const simulator = await startSimulatorProcess({ processingDelayMs: 50 });
  const http = createHttpClient(256);
  const seeded = await seedSessions(http, simulator.url, `soak-${randomUUID()}`, { sessions: 40 });
  const gateway = await startGatewayProcess({ ksefApiUrl: simulator.url });
  say(
    `Simulator ${simulator.url} · gateway ${gateway.url} (pid ${gateway.pid}) · ${seeded.sessions.length} sessions seeded`,
  );

  const operations = createOperations(http, gateway.url, seeded);
  // A short warm-up without faults, so "memory at start" is the gateway in its working state.
  await pacedLoad({ ratePerSecond: rate, durationS: 5, fire: operations.next });
  const memoryStart = readMemory(gateway.pid);
  await simulator.clearCalls();
  const requestsBefore = operations.requests();

  const injected: Record<string, number> = {};
  let faultTurn = 0;
  const faultTimer = setInterval(() => {
    const { name, fault } = FAULTS[faultTurn++ % FAULTS.length]!;
    injected[name] = (injected[name] ?? 0) + 1;
    simulator.inject(STATUS_ROUTE, fault, 1).catch(() => undefined);
  }, faultEveryMs);
  const progress = setInterval(() => {
    const memory = readMemory(gateway.pid);
    say(
      `  … ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s, gateway RSS ${memory?.rssMb ?? 'n/a'} MB`,
    );
  }, 30_000);

  let result: PacedResult;
  try {
    result = await pacedLoad({ ratePerSecond: rate, durationS: seconds, fire: operations.next });
  } finally {
    clearInterval(faultTimer);
    clearInterval(progress);
  }
  await simulator.clearFaults();
  const memoryEnd = readMemory(gateway.pid);
  const calls = await simulator.calls();
  http.close();
  await gateway.stop();
  await simulator.stop();

  const unexpectedCodes = Object.fromEntries(
    Object.entries(result.byCode).filter(([code]) => !EXPECTED_CODES.has(code)),
  );
  const lostFaults = (injected['503'] ?? 0) + (injected.reset ?? 0);
  if ((result.byCode.UPSTREAM_UNAVAILABLE ?? 0) > lostFaults) {
    unexpectedCodes.UPSTREAM_UNAVAILABLE_BEYOND_FAULTS =
      (result.byCode.UPSTREAM_UNAVAILABLE ?? 0) - lostFaults;
  }
  if (result.achievedRate < rate * 0.95) unexpectedCodes.RATE_NOT_REACHED = result.achievedRate;
  const requests = operations.requests() - requestsBefore;
  const report: SoakReport = {
    kind: 'soak',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: `npm run bench -- --soak${argv.length > 0 ? ` ${argv.join(' ')}` : ''}`,
    machine,
    settings: { seconds, rate, faultEveryMs },
    result,
    requests,
    faultsInjected: injected,
    memory: { start: memoryStart, end: memoryEnd },
    upstream: {
      ...calls,
      perOperation: Math.round((calls.total / Math.max(1, result.completed)) * 1000) / 1000,
    },
    unexpectedCodes,
    passed: Object.keys(unexpectedCodes).length === 0,
  };
  const markdown = formatSoak(report);
  say();
  say(markdown);
  const written = writeReport(join(REPO_ROOT, 'bench', 'results'), 'soak', report, markdown, true);
  say();
  say(`Written: ${written.map((p) => p.replace(`${REPO_ROOT}/`, '')).join(', ')}`);
  return report.passed ? 0 : 1;
}

if (require.main === module) {
  installCleanup();
  runSoak(process.argv.slice(2)).then(
    async (code) => {
      await stopAllChildren();
      process.exit(code);
    },
    async (error: unknown) => {
      process.stderr.write(
        `Soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      await stopAllChildren();
      process.exit(1);
    },
  );
}
