// `npm run bench`: the benchmark suite. Starts the KSeF simulator, the gateway (`node dist/src/main.js`)
// and the floor as child processes on loopback, seeds realistic sessions, and measures in one run:
//
//   status lookup    gateway · floor (one proxied GET) · simulator alone
//   dashboard        gateway sessions(first: 100) · floor (one proxied list GET) · simulator alone
//   _entities × 50   gateway · floor (50 proxied GETs, 4 at a time)
//   status lookup at half the gateway's maximum rate, gateway vs floor (added latency)
//   dashboard polling: KSeF calls/s of N screens polling K sessions (proxy, gateway, subscribed)
//   shared limiter: a KSeF call's limiter latency with REDIS_URL against the per-process one
//
// and reports req/s, p50/p99, gateway/floor ratios, the gateway's peak RSS and upstream calls per
// operation (exact, from the simulator's request log). Exits non-zero on any error or redundant
// upstream call. See bench/README.md.
//
//   npm run bench                              the full run (≈2–3 minutes), writes bench/results/latest.*
//   npm run bench -- --only status,dashboard   scenarios whose id starts with these
//   npm run bench -- --profile                 gateway under --cpu-prof; prints where the time goes
//   npm run bench -- --soak                    the soak run instead (soak.ts)
//   BENCH_DURATION_S=2 BENCH_WARMUP_S=1 …      shorter runs while working on the harness
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHttpClient, failureCode } from './http-client';
import type { HttpClient } from './http-client';
import { warmUpAndMeasure } from './measure';
import { readMemory, startRssSampler } from './memory';
import { startCpuMeter } from './cpu';
import { measureSendInvoice } from './send-invoice';
import { formatDashboardPolling, measureDashboardPolling } from './dashboard-polling';
import type { DashboardPollingReport } from './dashboard-polling';
import type { SendInvoiceReport } from './send-invoice';
import { formatSharedLimiter, measureSharedLimiter } from './shared-limiter';
import type { SharedLimiterReport } from './shared-limiter';
import type { CpuMeter } from './cpu';
import { countClosedConnections } from './tcp';
import type { ClosedConnectionCounter } from './tcp';
import type { RssSampler } from './memory';
import { pacedLoad } from './paced-load';
import type { PacedResult } from './paced-load';
import {
  installCleanup,
  originOf,
  REPO_ROOT,
  startFloorProcess,
  startGatewayProcess,
  startMeshProcess,
  startSimulatorProcess,
  stopAllChildren,
} from './processes';
import type { ChildServer, SimulatorProcess } from './processes';
import { formatProfileSummary, profileClockUs, summarizeProfile } from './profile-summary';
import type { CpuProfile } from './profile-summary';
import { formatMarkdown, machineInfo, updateReadme, writeReport } from './report';
import type { BenchReport, Goal, HalfRateReport, RatioRounds, ScenarioReport } from './report';
import { buildScenarios } from './scenarios';
import type { Scenario, Target } from './scenarios';
import { seedSessions } from './seed';
import { runSoak } from './soak';

export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');
const PROFILE_DIR = join(RESULTS_DIR, 'profiles');

interface Settings {
  connections: number;
  warmupS: number;
  durationS: number;
  sessions: number;
  /** Invoices of the sendInvoice scenario. */
  invoices: number;
  timeoutS: number;
  profile: boolean;
  only: string[] | null;
  /** Interleaved rounds for the ratios, and the length of each target's turn in a round. */
  rounds: number;
  roundS: number;
  /** KSEF_OPENAPI_SPEC: the spec the Mesh peer is generated from (no Mesh without it). */
  specPath: string | undefined;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got '${raw}'`);
  return value;
}

function settingsFrom(argv: string[], env: NodeJS.ProcessEnv): Settings {
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex >= 0 ? (argv[onlyIndex + 1] ?? '').split(',').filter(Boolean) : null;
  return {
    connections: numberFrom(env, 'BENCH_CONNECTIONS', 16),
    warmupS: numberFrom(env, 'BENCH_WARMUP_S', 2),
    durationS: numberFrom(env, 'BENCH_DURATION_S', 10),
    sessions: numberFrom(env, 'BENCH_SESSIONS', 150),
    invoices: numberFrom(env, 'BENCH_INVOICES', 200),
    timeoutS: numberFrom(env, 'BENCH_TIMEOUT_S', 360),
    profile: argv.includes('--profile') || env.BENCH_PROFILE === '1',
    only,
    rounds: numberFrom(env, 'BENCH_ROUNDS', 3),
    roundS: numberFrom(env, 'BENCH_ROUND_S', 3),
    specPath: env.KSEF_OPENAPI_SPEC || undefined,
  };
}

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

const round = (value: number, digits = 3): number =>
  Math.round(value * 10 ** digits) / 10 ** digits;

interface Stack {
  simulator: SimulatorProcess;
  gateway: ChildServer;
  floor: ChildServer;
  floorAxios: ChildServer;
  floorAxiosStock: ChildServer;
  mesh: ChildServer | undefined;
  http: HttpClient;
}

/** The process that serves a scenario (its CPU is what the scenario costs). */
function servingPid(scenario: Scenario, stack: Stack): number {
  switch (scenario.kind) {
    case 'gateway':
      return stack.gateway.pid;
    case 'floor':
      return stack.floor.pid;
    case 'direct':
      return stack.simulator.pid;
    case 'peer':
      return stack.mesh!.pid;
    case 'rung':
      return scenario.id === 'status.axios' ? stack.floorAxios.pid : stack.floorAxiosStock.pid;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until no upstream call has arrived for 250 ms (a warm-up that ended by time leaves
 * requests in flight whose upstream calls would otherwise count in the next measurement), and
 * leaves the request log empty.
 */
async function quiesce(simulator: SimulatorProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await simulator.clearCalls();
    await sleep(250);
    if ((await simulator.calls()).total === 0) return;
    if (Date.now() > deadline)
      throw new Error('upstream calls did not stop within 15 s of the load');
  }
}

async function runScenario(
  scenario: Scenario,
  stack: Stack,
  settings: Settings,
): Promise<ScenarioReport> {
  const { simulator, gateway, http } = stack;
  const serverPid = servingPid(scenario, stack);
  const { target } = scenario;
  process.stdout.write(`  ${scenario.id.padEnd(18)} `);

  // One operation alone first: its answer is checked in full, and its upstream calls counted.
  await quiesce(simulator);
  const answer = await http.request(target.url, {
    method: target.method,
    headers: target.headers,
    ...(target.body !== undefined && { body: target.body }),
  });
  const problem =
    answer.status === 200
      ? target.check(answer.body)
      : `HTTP ${answer.status}: ${answer.body.slice(0, 300)}`;
  if (problem !== null) throw new Error(`${scenario.id}: ${problem}`);
  const singleOp = (await simulator.calls()).total;

  let sampler: RssSampler | undefined;
  let closed: ClosedConnectionCounter | undefined;
  let serverCpu: CpuMeter | undefined;
  let simulatorCpu: CpuMeter | undefined;
  const { run } = await warmUpAndMeasure(
    target,
    { connections: settings.connections, warmupS: settings.warmupS, durationS: settings.durationS },
    async () => {
      await quiesce(simulator);
      closed = countClosedConnections(Number(new URL(simulator.url).port));
      serverCpu = startCpuMeter(serverPid);
      simulatorCpu = startCpuMeter(simulator.pid);
      if (scenario.kind === 'gateway') sampler = startRssSampler(gateway.pid);
    },
  );
  const rss = sampler?.stop() ?? null;
  const connectionsClosed = closed?.count() ?? null;
  const perOpMs = (meter: CpuMeter | undefined): number | null => {
    const ms = meter?.elapsedMs() ?? null;
    return ms === null || run.completed === 0 ? null : round(ms / run.completed, 3);
  };
  const offMainMs = serverCpu?.offMainThreadMs() ?? null;
  const cpuMsPerOp = {
    server: perOpMs(serverCpu),
    serverOffMainThread:
      offMainMs === null || run.completed === 0 ? null : round(offMainMs / run.completed, 3),
    simulator: perOpMs(simulatorCpu),
  };
  const counts = await simulator.calls();

  const minimumPerOp = sum(Object.values(scenario.minimumCalls));
  const perOp = run.completed === 0 ? 0 : counts.total / run.completed;
  const report: ScenarioReport = {
    id: scenario.id,
    group: scenario.group,
    kind: scenario.kind,
    title: scenario.title,
    completed: run.completed,
    durationS: run.durationS,
    rps: run.rps,
    latency: run.latency,
    errors: run.errors,
    statusCodes: run.statusCodes,
    upstream: {
      calls: counts.total,
      perOp: round(perOp),
      minimumPerOp,
      redundantPerOp: round(Math.max(0, perOp - minimumPerOp, singleOp - minimumPerOp)),
      byRoute: counts.byRoute,
      singleOp,
      connectionsClosed,
    },
    cpuMsPerOp,
    ...(rss !== null && { gatewayRss: { peakMb: rss.peakMb, endMb: rss.lastMb } }),
    cutShort: run.cutShort,
  };
  say(
    `${String(report.rps).padStart(6)} req/s  p50 ${report.latency.p50.toFixed(2).padStart(7)} ms  ` +
      `p99 ${report.latency.p99.toFixed(2).padStart(7)} ms  upstream ${report.upstream.perOp}/op` +
      `, ${connectionsClosed ?? 'n/a'} conns closed, CPU ${cpuMsPerOp.server ?? 'n/a'} ms/op` +
      ` (${cpuMsPerOp.serverOffMainThread ?? 'n/a'} off the main thread)` +
      (report.errors.total > 0
        ? `  ERRORS ${report.errors.total} ${JSON.stringify(report.errors)}`
        : '') +
      (report.upstream.redundantPerOp > 0
        ? `  REDUNDANT ${report.upstream.redundantPerOp}/op`
        : '') +
      (report.cutShort ? '  (cut short)' : ''),
  );
  return report;
}

function pacedFire(http: HttpClient, target: Target) {
  let next = 0;
  return () => {
    const variant = target.variants?.[next++ % target.variants.length];
    const body = variant?.body ?? target.body;
    return http
      .request(variant?.url ?? target.url, {
        method: target.method,
        headers: target.headers,
        ...(body !== undefined && { body }),
      })
      .then(
        (answer) => {
          const ok = answer.status === 200 && target.verify(answer.body);
          return {
            op: 'status',
            ok,
            codes: [ok ? 'OK' : answer.status === 200 ? 'BAD_BODY' : `HTTP_${answer.status}`],
          };
        },
        (error: unknown) => ({ op: 'status', ok: false, codes: [failureCode(error)] }),
      );
  };
}

async function runHalfRate(
  stack: Stack,
  gatewayTarget: Target,
  floorTarget: Target,
  maxRps: number,
  settings: Settings,
): Promise<HalfRateReport> {
  const rate = Math.max(1, Math.floor(maxRps / 2));
  const paced = createHttpClient(512);
  try {
    const measure = async (
      name: string,
      target: Target,
    ): Promise<{ result: PacedResult; calls: number }> => {
      process.stdout.write(`  ${`${name} @${rate}/s`.padEnd(18)} `);
      const fire = pacedFire(paced, target);
      await pacedLoad({ ratePerSecond: rate, durationS: Math.min(2, settings.warmupS), fire });
      await quiesce(stack.simulator);
      const result = await pacedLoad({ ratePerSecond: rate, durationS: settings.durationS, fire });
      const calls = (await stack.simulator.calls()).total;
      say(
        `${String(result.achievedRate).padStart(6)} req/s  p50 ${result.latency.p50.toFixed(2).padStart(7)} ms  ` +
          `p99 ${result.latency.p99.toFixed(2).padStart(7)} ms  start lag max ${result.maxStartLagMs} ms`,
      );
      return { result, calls };
    };
    const gateway = await measure('status.gateway', gatewayTarget);
    const floor = await measure('status.floor', floorTarget);
    return {
      rate,
      durationS: settings.durationS,
      gateway: gateway.result,
      floor: floor.result,
      addedP50Ms: round(gateway.result.latency.p50 - floor.result.latency.p50, 2),
      addedP99Ms: round(gateway.result.latency.p99 - floor.result.latency.p99, 2),
      gatewayCallsPerOp: round(gateway.calls / Math.max(1, gateway.result.completed)),
    };
  } finally {
    paced.close();
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * The ratios, measured so that a busy machine cannot bias them: per group, every target takes a
 * short closed-loop turn in each round (the order rotating from round to round), so the gateway
 * and what it is compared with see the same load within seconds of each other; each round gives
 * one ratio, and the median of the rounds is reported.
 */
async function runRounds(
  scenarios: Scenario[],
  stack: Stack,
  settings: Settings,
): Promise<RatioRounds[]> {
  const out: RatioRounds[] = [];
  const groups = [...new Set(scenarios.map((s) => s.group))];
  for (const group of groups) {
    const members = scenarios.filter((s) => s.group === group && s.kind !== 'direct');
    const gateway = members.find((s) => s.kind === 'gateway');
    const floor = members.find((s) => s.kind === 'floor');
    if (gateway === undefined || floor === undefined) continue;
    const rps: Record<string, number[]> = {};
    for (const member of members) rps[member.id] = [];
    for (let round = 0; round < settings.rounds; round += 1) {
      process.stdout.write(`  ${`${group} round ${round + 1}`.padEnd(18)} `);
      const order = members.map((_, i) => members[(i + round) % members.length]!);
      const turns: string[] = [];
      for (const member of order) {
        await quiesce(stack.simulator);
        const { run } = await warmUpAndMeasure(
          member.target,
          { connections: settings.connections, warmupS: 1, durationS: settings.roundS },
          () => Promise.resolve(),
        );
        rps[member.id]!.push(run.rps);
        turns.push(`${member.id.slice(group.length + 1)} ${run.rps}`);
      }
      say(turns.join(' · '));
    }
    const ratiosTo = (other: Scenario | undefined): number[] | undefined =>
      other === undefined
        ? undefined
        : rps[gateway.id]!.map((value, i) => round(value / Math.max(1, rps[other.id]![i]!), 3));
    const toFloor = ratiosTo(floor)!;
    const peer = members.find((s) => s.kind === 'peer');
    const toPeer = ratiosTo(peer);
    const rungs: RatioRounds['rungs'] = members
      .filter((s) => s.kind === 'rung')
      .map((rung) => {
        const ratios = rps[rung.id]!.map((value, i) =>
          round(value / Math.max(1, rps[floor.id]![i]!), 3),
        );
        return {
          id: rung.id,
          title: rung.title,
          toFloor: ratios,
          medianToFloor: round(median(ratios), 2),
        };
      });
    out.push({
      group,
      rounds: settings.rounds,
      roundS: settings.roundS,
      rps,
      gatewayToFloor: toFloor,
      medianGatewayToFloor: round(median(toFloor), 2),
      ...(toPeer !== undefined && {
        gatewayToPeer: toPeer,
        medianGatewayToPeer: round(median(toPeer), 2),
      }),
      rungs,
    });
  }
  return out;
}

function newestProfile(since: number): string | null {
  let best: { path: string; at: number } | null = null;
  try {
    for (const name of readdirSync(PROFILE_DIR)) {
      if (!name.endsWith('.cpuprofile')) continue;
      const path = join(PROFILE_DIR, name);
      const at = statSync(path).mtimeMs;
      if (at >= since && (best === null || at > best.at)) best = { path, at };
    }
  } catch {
    return null;
  }
  return best?.path ?? null;
}

function errorCount(result: PacedResult): number {
  return sum(
    Object.entries(result.byCode)
      .filter(([code]) => code !== 'OK')
      .map(([, n]) => n),
  );
}

function evaluateGoals(
  scenarios: ScenarioReport[],
  rounds: RatioRounds[],
  halfRate: HalfRateReport | undefined,
  peakRssMb: number | null,
  sendInvoice: SendInvoiceReport | undefined,
): Goal[] {
  const status = rounds.find((r) => r.group === 'status');
  const redundant = scenarios.filter((s) => s.upstream.redundantPerOp > 0);
  const statusPeakMb = scenarios.find((s) => s.id === 'status.gateway')?.gatewayRss?.peakMb;
  return [
    {
      goal: 'Status lookup throughput, gateway ÷ floor (median of the rounds)',
      target: '≥ 0.3',
      result: status === undefined ? 'not measured' : status.medianGatewayToFloor.toFixed(2),
      met: status === undefined ? null : status.medianGatewayToFloor >= 0.3,
    },
    {
      goal: 'Status lookup throughput, gateway ÷ GraphQL Mesh (median of the rounds)',
      target: '≥ 3',
      result:
        status?.medianGatewayToPeer === undefined
          ? 'not measured'
          : status.medianGatewayToPeer.toFixed(2),
      met: status?.medianGatewayToPeer === undefined ? null : status.medianGatewayToPeer >= 3,
    },
    {
      goal: 'p99 latency added by the gateway at half its maximum rate',
      target: '≤ 10 ms',
      result:
        halfRate === undefined
          ? 'not measured'
          : `${halfRate.addedP99Ms.toFixed(2)} ms at ${halfRate.rate} req/s`,
      met: halfRate === undefined ? null : halfRate.addedP99Ms <= 10,
    },
    {
      // The load the goal was set for: status lookups (heavier answers, a dashboard page of 100
      // or 50 entities, peak higher; the whole run's high-water mark is shown beside it).
      goal: 'Gateway resident memory under the status-lookup load',
      target: '< 160 MB',
      result:
        statusPeakMb === undefined
          ? 'not measured'
          : `${statusPeakMb} MB peak (whole run: ${peakRssMb ?? 'n/a'} MB)`,
      met: statusPeakMb === undefined ? null : statusPeakMb < 160,
    },
    {
      goal: 'Upstream calls per sendInvoice',
      target: 'exactly 1 (one POST)',
      result:
        sendInvoice === undefined
          ? 'not measured'
          : `${sendInvoice.upstreamPerSend} (${sendInvoice.sendPostsPerSend} POST) over ${sendInvoice.invoices} invoices`,
      met:
        sendInvoice === undefined
          ? null
          : sendInvoice.upstreamPerSend === 1 && sendInvoice.sendPostsPerSend === 1,
    },
    {
      goal: 'Redundant upstream calls',
      target: '0 in every scenario',
      result:
        redundant.length === 0
          ? `0 in ${scenarios.length} scenarios`
          : redundant.map((s) => s.id).join(', '),
      met: redundant.length === 0,
    },
  ];
}

export async function runBench(argv: string[]): Promise<number> {
  const settings = settingsFrom(argv, process.env);
  const startedAt = new Date();
  const machine = machineInfo();
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  say(
    `KSeF gateway benchmark · ${machine.cpus} × ${machine.cpuModel} · Node ${machine.node} · load average ${machine.loadAverageAtStart.join(' / ')}`,
  );
  say(
    `${settings.connections} connections · ${settings.warmupS} s warm-up · ~${settings.durationS} s per scenario${settings.profile ? ' · PROFILING (figures not comparable)' : ''}`,
  );

  const simulator = await startSimulatorProcess({ processingDelayMs: 50 });
  const http = createHttpClient(16);
  const token = `bench-${randomUUID()}`;
  const seeded = await seedSessions(http, simulator.url, token, { sessions: settings.sessions });
  const codes: Record<number, number> = {};
  for (const s of seeded.sessions) codes[s.code] = (codes[s.code] ?? 0) + 1;
  say(
    `Seeded ${seeded.sessions.length} online sessions through the simulator's REST API (status codes ${JSON.stringify(codes)})`,
  );

  const [gateway, floor, floorAxios, floorAxiosStock, mesh] = await Promise.all([
    startGatewayProcess({
      ksefApiUrl: simulator.url,
      ...(settings.profile && { profileDir: PROFILE_DIR }),
      // sendInvoice with sealed session keys, as a deployment with secrets runs it.
      env: { GATEWAY_KEY_SECRETS: `bench:${randomBytes(32).toString('base64')}` },
    }),
    startFloorProcess(originOf(simulator.url)),
    startFloorProcess(originOf(simulator.url), 'axios'),
    startFloorProcess(originOf(simulator.url), 'axios-stock'),
    settings.specPath === undefined
      ? Promise.resolve(undefined)
      : startMeshProcess(simulator.url, settings.specPath),
  ]);
  if (mesh === undefined) say('KSEF_OPENAPI_SPEC is not set: no Mesh peer in this run');
  const rssAtStart = readMemory(gateway.pid);
  say(
    `Simulator ${simulator.url} (pid ${simulator.pid}) · gateway ${gateway.url} (pid ${gateway.pid}, RSS ${rssAtStart?.rssMb ?? 'n/a'} MB) · floor ${floor.url} (pid ${floor.pid})`,
  );
  say();

  const stack: Stack = { simulator, gateway, floor, floorAxios, floorAxiosStock, mesh, http };
  const all = buildScenarios(
    {
      gatewayUrl: gateway.url,
      floorUrl: floor.url,
      floorAxiosUrl: floorAxios.url,
      floorAxiosStockUrl: floorAxiosStock.url,
      ...(mesh !== undefined && { meshUrl: mesh.url }),
      simulatorUrl: simulator.url,
    },
    seeded,
  );
  const only = settings.only;
  const scenarios =
    only === null ? all : all.filter((s) => only.some((prefix) => s.id.startsWith(prefix)));

  const results: ScenarioReport[] = [];
  const loadStartedUs = profileClockUs();
  for (const scenario of scenarios) results.push(await runScenario(scenario, stack, settings));
  for (const result of results) {
    if (result.kind === 'floor' || result.kind === 'direct') continue;
    const floorResult = results.find((r) => r.group === result.group && r.kind === 'floor');
    if (floorResult !== undefined && floorResult.rps > 0)
      result.ratioToFloor = round(result.rps / floorResult.rps, 2);
  }

  let halfRate: HalfRateReport | undefined;
  const statusGateway = results.find((r) => r.id === 'status.gateway');
  const gatewayTarget = all.find((s) => s.id === 'status.gateway')!.target;
  const floorTarget = all.find((s) => s.id === 'status.floor')!.target;
  if (statusGateway !== undefined && results.some((r) => r.id === 'status.floor')) {
    halfRate = await runHalfRate(stack, gatewayTarget, floorTarget, statusGateway.rps, settings);
  }

  say();
  const rounds = await runRounds(scenarios, stack, settings);

  let sendInvoice: SendInvoiceReport | undefined;
  if (
    only === null ||
    only.some((prefix) => 'send'.startsWith(prefix) || prefix.startsWith('send'))
  ) {
    await quiesce(simulator);
    sendInvoice = await measureSendInvoice(http, gateway, simulator, {
      invoices: settings.invoices,
      concurrency: 4,
      token: `bench-send-${randomUUID()}`,
    });
    say(
      `  send.gateway       ${sendInvoice.invoices} invoices (${sendInvoice.invoiceBytes} B) · ` +
        `gateway CPU ${sendInvoice.gatewayCpuMsPerInvoice ?? 'n/a'} ms/invoice (checks + hashes + ` +
        `AES alone ${sendInvoice.cryptoCpuMsPerInvoice} ms) · upstream ${sendInvoice.upstreamPerSend}/send ` +
        `(${sendInvoice.sendPostsPerSend} POST) · p50 ${sendInvoice.p50Ms} ms p99 ${sendInvoice.p99Ms} ms` +
        (sendInvoice.errors > 0 ? `  ERRORS ${sendInvoice.errors}` : ''),
    );
  }

  let dashboardPolling: DashboardPollingReport | undefined;
  if (only === null || only.some((prefix) => prefix.startsWith('polling'))) {
    await quiesce(simulator);
    say();
    dashboardPolling = await measureDashboardPolling(
      http,
      // The floor proxies any path under the simulator's API root ('/v2').
      { gateway: gateway.url, floor: `${floor.url}${new URL(simulator.url).pathname}` },
      simulator,
      `bench-dashboard-${randomUUID()}`,
    );
    for (const line of formatDashboardPolling(dashboardPolling)) say(line);
  }

  let sharedLimiter: SharedLimiterReport | undefined;
  if (only === null || only.some((prefix) => prefix.startsWith('limiter'))) {
    say();
    sharedLimiter = await measureSharedLimiter();
    for (const line of formatSharedLimiter(sharedLimiter)) say(line);
  }

  const loadEndedUs = profileClockUs();
  const memoryAtEnd = readMemory(gateway.pid);
  http.close();
  await gateway.stop();
  await Promise.all([
    floor.stop(),
    floorAxios.stop(),
    floorAxiosStock.stop(),
    mesh?.stop(),
    simulator.stop(),
  ]);

  let profileSummary: string | undefined;
  if (settings.profile) {
    const file = newestProfile(startedAt.getTime());
    if (file === null) {
      say(`No .cpuprofile found in ${PROFILE_DIR}`);
    } else {
      // Only the load phase: start-up (module loading, schema build) and shutdown are left out.
      const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
      let summary = summarizeProfile(profile, 30, { fromUs: loadStartedUs, toUs: loadEndedUs });
      let scope = 'load phase only';
      if (summary.totalMs === 0) {
        // The profile's clock is not this process's monotonic clock here: take all of it.
        summary = summarizeProfile(profile, 30);
        scope = 'whole process, start-up included';
      }
      profileSummary = `${file} (${scope})\n${formatProfileSummary(summary)}`;
      writeFileSync(file.replace(/\.cpuprofile$/, '.summary.txt'), `${profileSummary}\n`);
      say();
      say(profileSummary);
    }
  }

  const errorsTotal =
    sum(results.map((r) => r.errors.total)) +
    (sendInvoice?.errors ?? 0) +
    sum((dashboardPolling?.modes ?? []).map((m) => m.errors)) +
    (halfRate === undefined ? 0 : errorCount(halfRate.gateway) + errorCount(halfRate.floor));
  const redundant = results.filter((r) => r.upstream.redundantPerOp > 0).map((r) => r.id);
  if (halfRate !== undefined && halfRate.gatewayCallsPerOp > 1)
    redundant.push('status.gateway (half rate)');
  const peakRssMb = memoryAtEnd?.peakRssMb ?? null;
  const report: BenchReport = {
    kind: 'bench',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command,
    machine,
    settings: {
      connections: settings.connections,
      warmupS: settings.warmupS,
      durationS: settings.durationS,
      seededSessions: seeded.sessions.length,
    },
    scenarios: results,
    rounds,
    ...(halfRate !== undefined && { halfRate }),
    ...(sendInvoice !== undefined && { sendInvoice }),
    ...(dashboardPolling !== undefined && { dashboardPolling }),
    ...(sharedLimiter !== undefined && { sharedLimiter }),
    memory: {
      gatewayStartRssMb: rssAtStart?.rssMb ?? null,
      gatewayPeakRssMb: peakRssMb,
      gatewayEndRssMb: memoryAtEnd?.rssMb ?? null,
    },
    goals: evaluateGoals(results, rounds, halfRate, peakRssMb, sendInvoice),
    errorsTotal,
    redundantScenarios: redundant,
    notes: [
      'Every figure includes the simulator: it answers every upstream call (and is the whole of the `direct` rows), so its own latency and CPU are part of each scenario.',
      `Load generator (autocannon, in the harness), gateway or floor, and simulator are separate processes sharing ${machine.cpus} cores; absolute figures vary with the machine and its load, the ratios measured in the same run are what to compare.`,
      "Upstream calls per operation are counted from the simulator's request log over runs of a fixed number of requests that all completed, so they are exact.",
      ...(settings.profile
        ? ['The gateway ran under --cpu-prof: its figures are lower than without the profiler.']
        : []),
      ...results
        .filter((r) => r.cutShort)
        .map((r) => `${r.id} was cut short after 3 × the planned duration.`),
    ],
    ...(profileSummary !== undefined && { profileSummary }),
  };

  const markdown = formatMarkdown(report);
  say();
  say(markdown);
  // Only a full, unprofiled run is a result; partial and profiled runs go to results/partial/.
  const complete = only === null && !settings.profile;
  const written = writeReport(
    complete ? RESULTS_DIR : join(RESULTS_DIR, 'partial'),
    'bench',
    report,
    markdown,
    complete,
  );
  if (complete) {
    // bench/README.md, and the project README when it carries the same markers.
    for (const readme of [join(REPO_ROOT, 'bench', 'README.md'), join(REPO_ROOT, 'README.md')]) {
      if (updateReadme(readme, 'bench:latest', markdown)) written.push(readme);
    }
  }
  say();
  say(`Written: ${written.map((p) => p.replace(`${REPO_ROOT}/`, '')).join(', ')}`);
  if (errorsTotal > 0) say(`FAILED: ${errorsTotal} errors`);
  if (redundant.length > 0) say(`FAILED: redundant upstream calls in ${redundant.join(', ')}`);
  return errorsTotal > 0 || redundant.length > 0 ? 1 : 0;
}

export const USAGE = `npm run bench [-- options]: the gateway beside a floor, GraphQL Mesh and rungs of
minimal servers, on loopback, one run (see bench/README.md).

Options:
  --only a,b     only scenarios whose id starts with one of these (status,dashboard,polling,
                 limiter,…);
                 written to bench/results/partial/, the READMEs are left alone
  --profile      the gateway under --cpu-prof; prints self time by area and function
  --soak         the soak run (mixed operations with injected faults) instead
  --help, -h     this text

Environment:
  BENCH_CONNECTIONS (16)  BENCH_WARMUP_S (2)  BENCH_DURATION_S (10)  BENCH_SESSIONS (150)
  BENCH_TIMEOUT_S (360)   BENCH_PROFILE=1 (as --profile)
  KSEF_OPENAPI_SPEC       the official KSeF OpenAPI spec, which the Mesh peer is built from
                          (without it the Mesh rows are left out)
  SOAK_SECONDS (180)  SOAK_RATE (50)  SOAK_FAULT_EVERY_MS (1000)   for --soak
`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  installCleanup();
  const soak = argv.includes('--soak');
  const timeoutS = soak ? Number.POSITIVE_INFINITY : settingsFrom(argv, process.env).timeoutS;
  // Bounded in time whatever happens below (a hung server, a stuck run).
  if (Number.isFinite(timeoutS)) {
    setTimeout(() => {
      process.stderr.write(
        `Benchmark did not finish within ${timeoutS} s (BENCH_TIMEOUT_S); stopping.\n`,
      );
      void stopAllChildren().finally(() => process.exit(1));
    }, timeoutS * 1000).unref();
  }
  const code = soak ? await runSoak(argv.filter((a) => a !== '--soak')) : await runBench(argv);
  await stopAllChildren();
  process.exit(code);
}

if (require.main === module) {
  main().catch(async (error: unknown) => {
    process.stderr.write(
      `Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await stopAllChildren();
    process.exit(1);
  });
}
