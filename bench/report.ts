// The benchmark's output: one table on the terminal, and the same in bench/results/ as JSON (every
// figure) and Markdown (the table), as `latest.*` plus a timestamped copy; the README's results
// block is replaced with the latest table.
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SendInvoiceReport } from './send-invoice';
import type { DashboardPollingReport } from './dashboard-polling';
import { formatDashboardPolling } from './dashboard-polling';
import type { SharedLimiterReport } from './shared-limiter';
import type { LatencySummary } from './latency';
import type { RunErrors } from './measure';
import type { PacedResult } from './paced-load';
import type { ScenarioGroup, ScenarioKind } from './scenarios';

export interface UpstreamFigures {
  calls: number;
  perOp: number;
  minimumPerOp: number;
  /** Calls per operation beyond the minimum (0 is the goal). */
  redundantPerOp: number;
  byRoute: Record<string, number>;
  /** Calls of one operation measured alone before the run. */
  singleOp: number;
  /**
   * TCP connections to the simulator closed during the measured run (TIME_WAIT entries, tcp.ts):
   * ~0 when keep-alive pooling works; null where /proc is not available.
   */
  connectionsClosed: number | null;
}

export interface ScenarioReport {
  id: string;
  group: ScenarioGroup;
  kind: ScenarioKind;
  title: string;
  completed: number;
  durationS: number;
  rps: number;
  latency: LatencySummary;
  errors: RunErrors;
  statusCodes: Record<string, number>;
  upstream: UpstreamFigures;
  /**
   * CPU milliseconds per operation (user + system, /proc) of the process that served it (gateway,
   * floor, or the simulator for `direct` rows) and of the simulator behind it; null without /proc.
   */
  cpuMsPerOp: {
    server: number | null;
    /** Of `server`: its threads other than the main one (V8's GC helpers, libuv's pool). */
    serverOffMainThread?: number | null;
    simulator: number | null;
  };
  /** Gateway rows: req/s divided by the floor's for the same work. */
  ratioToFloor?: number;
  /** Gateway rows: the gateway process's resident memory during the run. */
  gatewayRss?: { peakMb: number; endMb: number };
  cutShort: boolean;
}

export interface HalfRateReport {
  rate: number;
  durationS: number;
  gateway: PacedResult;
  floor: PacedResult;
  addedP50Ms: number;
  addedP99Ms: number;
  gatewayCallsPerOp: number;
}

/** Ratios from interleaved rounds (run.ts runRounds): one ratio per round, and their median. */
export interface RatioRounds {
  group: ScenarioGroup;
  rounds: number;
  roundS: number;
  /** req/s of each target, round by round. */
  rps: Record<string, number[]>;
  gatewayToFloor: number[];
  medianGatewayToFloor: number;
  gatewayToPeer?: number[];
  medianGatewayToPeer?: number;
  /** The floor with another upstream client, ÷ the floor. */
  rungs: { id: string; title: string; toFloor: number[]; medianToFloor: number }[];
}

export interface Goal {
  goal: string;
  target: string;
  result: string;
  met: boolean | null;
}

export interface BenchReport {
  kind: 'bench';
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    loadAverageAtStart: number[];
  };
  settings: { connections: number; warmupS: number; durationS: number; seededSessions: number };
  scenarios: ScenarioReport[];
  rounds: RatioRounds[];
  halfRate?: HalfRateReport;
  sendInvoice?: SendInvoiceReport;
  dashboardPolling?: DashboardPollingReport;
  sharedLimiter?: SharedLimiterReport;
  memory: {
    /** Idle, right after start-up, before any request. */
    gatewayStartRssMb: number | null;
    gatewayPeakRssMb: number | null;
    gatewayEndRssMb: number | null;
  };
  goals: Goal[];
  errorsTotal: number;
  redundantScenarios: string[];
  notes: string[];
  profileSummary?: string;
}

export function machineInfo(): BenchReport['machine'] {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const num = (value: number, digits = 2): string =>
  Number.isInteger(value) ? String(value) : value.toFixed(digits);

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function formatMarkdown(report: BenchReport): string {
  const lines: string[] = [];
  lines.push(
    `Run ${report.finishedAt} · \`${report.command}\` · ${report.machine.cpus} × ${report.machine.cpuModel}, ` +
      `Node ${report.machine.node}, load average at start ${report.machine.loadAverageAtStart.join(' / ')} · ` +
      `${report.settings.connections} connections, ${report.settings.warmupS} s warm-up + ~${report.settings.durationS} s per scenario`,
    '',
  );
  lines.push(
    row([
      'scenario',
      'what',
      'req/s',
      'p50 ms',
      'p99 ms',
      'vs floor',
      'CPU ms/op',
      'of it off the main thread',
      'upstream calls/op',
      'redundant/op',
      'upstream conns closed',
      'errors',
    ]),
    row([
      '---',
      '---',
      '---:',
      '---:',
      '---:',
      '---:',
      '---:',
      '---:',
      '---:',
      '---:',
      '---:',
      '---:',
    ]),
  );
  for (const s of report.scenarios) {
    lines.push(
      row([
        `\`${s.id}\``,
        s.title,
        s.rps,
        num(s.latency.p50),
        num(s.latency.p99),
        s.ratioToFloor === undefined ? '' : num(s.ratioToFloor),
        s.cpuMsPerOp.server === null ? 'n/a' : num(s.cpuMsPerOp.server, 3),
        s.cpuMsPerOp.serverOffMainThread == null ? 'n/a' : num(s.cpuMsPerOp.serverOffMainThread, 3),
        num(s.upstream.perOp, 3),
        s.upstream.redundantPerOp > 0 ? `**${num(s.upstream.redundantPerOp, 3)}**` : '0',
        s.upstream.connectionsClosed ?? 'n/a',
        s.errors.total > 0 ? `**${s.errors.total}**` : '0',
      ]),
    );
  }
  if (report.rounds.length > 0) {
    const first = report.rounds[0]!;
    lines.push(
      '',
      `Ratios side by side: ${first.rounds} interleaved rounds, each target ${first.roundS} s per round ` +
        '(order rotating), median of the rounds (each round in brackets):',
      '',
      row(['work', 'gateway ÷ floor', 'gateway ÷ GraphQL Mesh', 'rungs ÷ floor']),
      row(['---', '---:', '---:', '---']),
    );
    for (const r of report.rounds) {
      const each = (values: number[]) => values.map((v) => num(v)).join(', ');
      lines.push(
        row([
          r.group,
          `**${num(r.medianGatewayToFloor)}** (${each(r.gatewayToFloor)})`,
          r.medianGatewayToPeer === undefined
            ? ''
            : `**${num(r.medianGatewayToPeer)}** (${each(r.gatewayToPeer ?? [])})`,
          r.rungs.map((g) => `\`${g.id}\` ${num(g.medianToFloor)} (${each(g.toFloor)})`).join('; '),
        ]),
      );
    }
  }
  if (report.sendInvoice) {
    const s = report.sendInvoice;
    lines.push(
      '',
      `sendInvoice: ${s.invoices} FA(3) invoices of ${s.invoiceBytes} bytes, ${s.concurrency} at a time, sealed session key:`,
      '',
      row([
        'gateway CPU / invoice',
        'of it checks + hashes + AES',
        'upstream calls / send',
        'POSTs / send',
        'p50 ms',
        'p99 ms',
        'errors',
      ]),
      row(['---:', '---:', '---:', '---:', '---:', '---:', '---:']),
      row([
        s.gatewayCpuMsPerInvoice === null ? 'n/a' : `${num(s.gatewayCpuMsPerInvoice, 3)} ms`,
        `${num(s.cryptoCpuMsPerInvoice, 3)} ms`,
        num(s.upstreamPerSend),
        num(s.sendPostsPerSend),
        num(s.p50Ms),
        num(s.p99Ms),
        s.errors,
      ]),
    );
  }
  if (report.dashboardPolling) {
    const d = report.dashboardPolling;
    const [intro = '', budget = ''] = formatDashboardPolling(d);
    lines.push(
      '',
      `${intro.replace(/^dashboard polling/, 'Dashboard polling')} ${budget}:`,
      '',
      row(['', 'KSeF calls / s', 'looks (states for subscribed)', 'errors']),
      row(['---', '---:', '---:', '---:']),
      ...d.modes.map((m) => row([m.mode, num(m.ksefCallsPerSecond), m.looks, m.errors])),
    );
  }
  if (report.sharedLimiter) {
    const l = report.sharedLimiter;
    lines.push(
      '',
      `Shared limiter (REDIS_URL): a KSeF call's wait for the limiter's answer, ${l.rows[0]?.calls ?? 0} calls one after another; Redis adds p50 ${l.addedP50Us} µs, p99 ${l.addedP99Us} µs:`,
      '',
      row(['limiter', 'p50 µs', 'p99 µs', 'max µs']),
      row(['---', '---:', '---:', '---:']),
      ...l.rows.map((r) => row([r.limiter, num(r.p50Us), num(r.p99Us), num(r.maxUs)])),
    );
  }
  if (report.halfRate) {
    const h = report.halfRate;
    lines.push(
      '',
      `Status lookup at a steady ${h.rate} req/s (half the gateway's maximum), open loop, ${h.durationS} s each:`,
      '',
      row(['', 'achieved req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
    );
    for (const [name, r] of [
      ['gateway', h.gateway],
      ['floor', h.floor],
    ] as const) {
      const errors = Object.entries(r.byCode)
        .filter(([code]) => code !== 'OK')
        .reduce((sum, [, n]) => sum + n, 0);
      lines.push(
        row([
          name,
          r.achievedRate,
          num(r.latency.p50),
          num(r.latency.p90),
          num(r.latency.p99),
          num(r.latency.max),
          errors,
        ]),
      );
    }
    lines.push(
      row([
        '**added by the gateway**',
        '',
        `+${num(h.addedP50Ms)}`,
        '',
        `**+${num(h.addedP99Ms)}**`,
        '',
        '',
      ]),
    );
  }
  lines.push(
    '',
    `Gateway resident memory: ${report.memory.gatewayStartRssMb ?? 'n/a'} MB idle after start-up, ` +
      `peak ${report.memory.gatewayPeakRssMb ?? 'n/a'} MB (VmHWM over the whole run), ` +
      `${report.memory.gatewayEndRssMb ?? 'n/a'} MB at the end.`,
    '',
    row(['goal', 'target', 'result', 'met']),
    row(['---', '---', '---', '---']),
  );
  for (const g of report.goals) {
    lines.push(
      row([g.goal, g.target, g.result, g.met === null ? 'n/a' : g.met ? 'yes' : '**no**']),
    );
  }
  if (report.notes.length > 0) {
    lines.push('');
    for (const note of report.notes) lines.push(`- ${note}`);
  }
  return lines.join('\n');
}

function stamp(iso: string): string {
  return iso.replace(/[:.]/g, '-');
}

/** Writes latest.json/.md and timestamped copies; `latest` only when `asLatest`. */
export function writeReport(
  resultsDir: string,
  name: string,
  report: { finishedAt: string },
  markdown: string,
  asLatest: boolean,
): string[] {
  mkdirSync(resultsDir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const md = `${markdown}\n`;
  const base = `${name}-${stamp(report.finishedAt)}`;
  const written = [join(resultsDir, `${base}.json`), join(resultsDir, `${base}.md`)];
  writeFileSync(written[0]!, json);
  writeFileSync(written[1]!, md);
  if (asLatest) {
    const latest = name === 'bench' ? 'latest' : `${name}-latest`;
    writeFileSync(join(resultsDir, `${latest}.json`), json);
    writeFileSync(join(resultsDir, `${latest}.md`), md);
    written.push(join(resultsDir, `${latest}.json`), join(resultsDir, `${latest}.md`));
  }
  return written;
}

/** Replaces the text between `<!-- <marker>:start -->` and `<!-- <marker>:end -->` in the README. */
/**
 * Replaces what stands between `<!-- marker:start -->` and `<!-- marker:end -->` in a README.
 * Markers count only on lines of their own: prose that quotes them (as bench/README.md does) is
 * left alone. False when the file or either marker line is missing.
 */
export function updateReadme(readmePath: string, marker: string, markdown: string): boolean {
  if (!existsSync(readmePath)) return false;
  const text = readFileSync(readmePath, 'utf8');
  const updated = replaceMarkedBlock(text, marker, markdown);
  if (updated === null) return false;
  writeFileSync(readmePath, updated);
  return true;
}

/** The text with the block between the marker lines replaced, or null without both markers. */
export function replaceMarkedBlock(text: string, marker: string, markdown: string): string | null {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `<!-- ${marker}:start -->`);
  if (start < 0) return null;
  const end = lines.findIndex(
    (line, index) => index > start && line.trim() === `<!-- ${marker}:end -->`,
  );
  if (end < 0) return null;
  return [...lines.slice(0, start + 1), markdown.trimEnd(), ...lines.slice(end)].join('\n');
}
