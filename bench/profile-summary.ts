// Reads a V8 .cpuprofile (node --cpu-prof) and answers "where does the time go": the functions
// with the most self time, and self time summed per package (node_modules/<name>), per gateway
// folder (dist/src/<folder>) and for Node's own internals. Idle time is left out of the shares.
//
//   node dist/bench/profile-summary.js bench/results/profiles/CPU.<…>.cpuprofile [top] [skip-first-ms]
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  /** Where: package-relative file and line, or a bracketed V8 category. */
  location: string;
  selfMs: number;
  /** Of the busy (non-idle) time. */
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  busyMs: number;
  functions: SelfTime[];
  areas: SelfTime[];
}

/** 'graphql', '@apollo/server', 'node:internal', 'gateway: graphql/session' … */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return `(${functionName.replace(/[()]/g, '') || 'native'})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/dist\/(src|bench)\/(.+)$/.exec(url);
  if (own) {
    const folder = own[2]!.includes('/') ? own[2]!.slice(0, own[2]!.indexOf('/')) : own[1]!;
    return `gateway: ${folder}`;
  }
  return url;
}

function shortLocation(frame: CallFrame): string {
  if (frame.url === '') return '';
  const path = frame.url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/dist\//, 'dist/');
  return `${path}:${frame.lineNumber + 1}`;
}

/**
 * Only samples taken between `fromUs` and `toUs`: the load phase, without start-up (module
 * loading, schema build) and shutdown. V8 stamps samples with the system's monotonic clock in
 * microseconds, the clock of `process.hrtime` in any process on the machine, so the harness
 * can name the window with its own `process.hrtime.bigint() / 1000n`.
 */
export interface ProfileWindow {
  fromUs: number;
  toUs: number;
}

/** Now on the clock of a profile's timestamps. */
export function profileClockUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export function summarizeProfile(
  profile: CpuProfile,
  top = 25,
  window?: ProfileWindow,
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time between sample i-1 and sample i; it is charged to sample i.
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (window !== undefined && (at < window.fromUs || at > window.toUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });

  const functions = new Map<string, { name: string; location: string; us: number }>();
  const areas = new Map<string, number>();
  let idleUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (node === undefined) continue;
    totalUs += us;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const name = frame.functionName || '(anonymous)';
    const location = shortLocation(frame);
    const key = `${name}@${location}`;
    const entry = functions.get(key) ?? { name, location, us: 0 };
    entry.us += us;
    functions.set(key, entry);
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const busyUs = Math.max(1, totalUs - idleUs);
  const toSelf = (name: string, location: string, us: number): SelfTime => ({
    name,
    location,
    selfMs: Math.round(us / 100) / 10,
    share: Math.round((us / busyUs) * 1000) / 10,
  });
  return {
    totalMs: Math.round(totalUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    busyMs: Math.round((totalUs - idleUs) / 1000),
    functions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => toSelf(f.name, f.location, f.us)),
    areas: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, us]) => toSelf(area, '', us)),
  };
}

export function formatProfileSummary(summary: ProfileSummary): string {
  const lines: string[] = [];
  lines.push(
    `CPU profile: ${summary.totalMs} ms sampled, ${summary.busyMs} ms busy, ${summary.idleMs} ms idle`,
  );
  lines.push('', 'Self time by area (share of busy time):');
  for (const area of summary.areas) {
    lines.push(
      `  ${area.share.toFixed(1).padStart(5)}%  ${String(area.selfMs).padStart(8)} ms  ${area.name}`,
    );
  }
  lines.push('', 'Top functions by self time:');
  for (const fn of summary.functions) {
    lines.push(
      `  ${fn.share.toFixed(1).padStart(5)}%  ${String(fn.selfMs).padStart(8)} ms  ${fn.name}  ${fn.location}`,
    );
  }
  return lines.join('\n');
}

if (require.main === module) {
  const [file, topArg, skipArg] = process.argv.slice(2);
  const top = Number(topArg ?? 25);
  const skipMs = Number(skipArg ?? 0);
  if (file === undefined || !Number.isInteger(top) || top < 1 || !(skipMs >= 0)) {
    process.stderr.write(
      'usage: node dist/bench/profile-summary.js <file.cpuprofile> [top=25] [skip-first-ms=0]\n',
    );
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const window =
    skipMs > 0 ? { fromUs: profile.startTime + skipMs * 1000, toUs: profile.endTime } : undefined;
  process.stdout.write(`${formatProfileSummary(summarizeProfile(profile, top, window))}\n`);
}
