// `npm run bench:abuse`: a production-mode gateway (NODE_ENV=production, KSEF_ENV=prod, pointed
// at the simulator in a child process) under a mixed flood of hostile requests (abuse-attacks.ts)
// with legitimate traffic alongside. Prints the gateway's peak RSS, its event-loop delay (p99 and
// max, from its own /metrics: prom-client's monitorEventLoopDelay histogram, reset at each
// scrape) and the legitimate traffic's latency, first alone (baseline) and then under the flood.
//
//   ABUSE_SECONDS=30            how long the flood lasts
//   ABUSE_BASELINE_SECONDS=10   legitimate traffic alone, before it
//   ABUSE_ATTACKERS=4           attack loops, each sending the attacks in turn, back to back
//   ABUSE_LEGIT_RATE=40         legitimate operations per second (status lookups, { __typename })
//   ABUSE_ATTACKS=a,b           only these attacks (names as in the table), to see what costs what
//
// Passes (exit 0) when the gateway stayed up, every legitimate operation succeeded and every
// attack got the answer a bounded gateway gives (a 4xx, or 200 for the cache-churning ones).
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createAttacks } from './abuse-attacks';
import type { Attack } from './abuse-attacks';
import { createHttpClient, failureCode, graphqlCode, graphqlRequest } from './http-client';
import { at, parseJson } from './json';
import type { HttpClient } from './http-client';
import { readMemory, startRssSampler } from './memory';
import { SESSION_STATUS } from './operations';
import { pacedLoad } from './paced-load';
import type { PacedOutcome, PacedResult } from './paced-load';
import {
  installCleanup,
  startGatewayProcess,
  startSimulatorProcess,
  stopAllChildren,
} from './processes';
import type { ChildServer } from './processes';
import { STATUS_ROUTE } from './scenarios';
import { seedSessions } from './seed';

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

/**
 * One POST; what it amounted to: `HTTP_<status> <extensions.code of the first error>` (or `OK`),
 * or the transport failure (a refused upload may be cut short by the closing connection).
 */
function send(url: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return new Promise<string>((resolve) => {
    const outgoing = httpRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(bytes.length),
        ...headers,
      },
      timeout: 60_000,
    });
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      const status = `HTTP_${incoming.statusCode ?? 0}`;
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const code = at(
          parseJson(Buffer.concat(chunks).toString('utf8')),
          'errors',
          0,
          'extensions',
          'code',
        );
        resolve(`${status} ${typeof code === 'string' ? code : 'OK'}`);
      });
      incoming.on('error', () => resolve(status));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('CLIENT_TIMEOUT')));
    outgoing.on('error', (error) => resolve(failureCode(error)));
    outgoing.end(bytes);
  });
}

interface EventLoopDelay {
  p99Ms: number;
  maxMs: number;
}

/** Reads (and so resets) the gateway's event-loop delay histogram. */
async function eventLoopDelay(http: HttpClient, origin: string): Promise<EventLoopDelay> {
  const text = (await http.request(`${origin}/metrics`)).body;
  const seconds = (name: string): number => {
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
    return match ? Number(match[1]) : NaN;
  };
  const ms = (value: number) => Math.round(value * 1000 * 10) / 10;
  return {
    p99Ms: ms(seconds('nodejs_eventloop_lag_p99_seconds')),
    maxMs: ms(seconds('nodejs_eventloop_lag_max_seconds')),
  };
}

/** Attack loops, back to back, until `stop()`; counts answers per attack. */
function startFlood(url: string, attacks: Attack[], loops: number) {
  const counts = new Map<string, Record<string, number>>();
  let running = true;
  let sent = 0;
  const loop = async (offset: number): Promise<void> => {
    for (let turn = offset; running; turn += 1) {
      const attack = attacks[turn % attacks.length]!;
      const outcome = await send(url, attack.body(sent++), attack.headers);
      const byCode = counts.get(attack.name) ?? {};
      byCode[outcome] = (byCode[outcome] ?? 0) + 1;
      counts.set(attack.name, byCode);
    }
  };
  const done = Promise.all(Array.from({ length: loops }, (_, i) => loop(i * 2)));
  return {
    async stop() {
      running = false;
      await done;
      return counts;
    },
  };
}

/** What each attack must get from a bounded gateway. */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'padded-distinct': ['HTTP_200 OK'],
  'small-distinct': ['HTTP_200 OK'],
  'root-field-920k': ['HTTP_400 BAD_REQUEST'],
  'comments-990k': ['HTTP_400 BAD_REQUEST'],
  'fragment-chain': ['HTTP_400 BAD_REQUEST'],
  'token-budget': ['HTTP_400 GRAPHQL_PARSE_FAILED'],
  // A 413 is often cut short by the connection closing under the rest of the upload.
  'oversized-body': ['HTTP_413 BAD_REQUEST', 'TRANSPORT_ERROR EPIPE', 'TRANSPORT_ERROR ECONNRESET'],
  // Read in full (it is within the allowance), then refused by the invoice checks, not KSeF.
  'send-invoice-max': ['HTTP_200 BAD_USER_INPUT'],
  subscription: ['HTTP_400 GRAPHQL_VALIDATION_FAILED'],
};

function legitimate(http: HttpClient, gatewayUrl: string, token: string, refs: string[]) {
  let turn = 0;
  return async (): Promise<PacedOutcome> => {
    const i = turn++;
    const statusLookup = i % 2 === 0;
    const request = statusLookup
      ? graphqlRequest(SESSION_STATUS, { referenceNumber: refs[i % refs.length] }, token)
      : graphqlRequest('query Ping { __typename }', {}, token);
    const op = statusLookup ? 'status' : 'typename';
    try {
      const code = graphqlCode(await http.request(gatewayUrl, { ...request, timeoutMs: 30_000 }));
      return { op, ok: code === 'OK', codes: [code] };
    } catch (error) {
      return { op, ok: false, codes: [failureCode(error)] };
    }
  };
}

async function alive(http: HttpClient, gateway: ChildServer): Promise<boolean> {
  try {
    return (await http.request(gateway.url.replace(/\/graphql$/, '/health'))).status === 200;
  } catch {
    return false;
  }
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const latencyCells = (result: PacedResult) => [
  result.latency.p50,
  result.latency.p99,
  result.latency.max,
  result.completed - result.latency.count,
];

export async function runAbuse(): Promise<number> {
  const seconds = settingFrom('ABUSE_SECONDS', 30);
  const baselineSeconds = settingFrom('ABUSE_BASELINE_SECONDS', 10);
  const attackers = settingFrom('ABUSE_ATTACKERS', 4);
  const rate = settingFrom('ABUSE_LEGIT_RATE', 40);
  setTimeout(
    () => {
      process.stderr.write(`bench:abuse did not finish within ${seconds + 180} s; stopping.\n`);
      void stopAllChildren().finally(() => process.exit(1));
    },
    (seconds + baselineSeconds + 180) * 1000,
  ).unref();

  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ');
  say(
    `KSeF gateway under abuse · ${seconds} s flood · ${attackers} attack loops · legitimate ${rate}/s · ${cpus().length} CPUs, load average ${load()}`,
  );
  const simulator = await startSimulatorProcess({ processingDelayMs: 50 });
  const http = createHttpClient(64);
  const seeded = await seedSessions(http, simulator.url, `abuse-${randomUUID()}`, { sessions: 20 });
  const gateway = await startGatewayProcess({
    ksefApiUrl: simulator.url,
    env: { KSEF_ENV: 'prod', NODE_ENV: 'production' },
  });
  const origin = gateway.url.replace(/\/graphql$/, '');
  const refs = seeded.sessions.map((s) => s.referenceNumber);
  const fire = legitimate(http, gateway.url, seeded.token, refs);
  say(`Gateway ${gateway.url} (pid ${gateway.pid}) · simulator ${simulator.url}`);

  await pacedLoad({ ratePerSecond: rate, durationS: 3, fire });
  const rssAtStart = readMemory(gateway.pid);
  await eventLoopDelay(http, origin);
  const baseline = await pacedLoad({ ratePerSecond: rate, durationS: baselineSeconds, fire });
  const baselineLoop = await eventLoopDelay(http, origin);

  say('Building the attacks and starting the flood …');
  const only = process.env.ABUSE_ATTACKS?.split(',').filter((name) => name !== '');
  const attacks = createAttacks().filter((a) => only === undefined || only.includes(a.name));
  if (attacks.length === 0) throw new Error(`ABUSE_ATTACKS names no attack: ${only?.join(',')}`);
  const sampler = startRssSampler(gateway.pid, 100);
  const startedAt = performance.now();
  await eventLoopDelay(http, origin);
  await simulator.clearCalls();
  const flood = startFlood(gateway.url, attacks, attackers);
  const underFlood = await pacedLoad({ ratePerSecond: rate, durationS: seconds, fire });
  const floodLoop = await eventLoopDelay(http, origin);
  const counts = await flood.stop();
  const calls = await simulator.calls();
  const floodSeconds = Math.round((performance.now() - startedAt) / 100) / 10;
  const rss = sampler.stop();
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const rssAfter = readMemory(gateway.pid);
  const stillUp = await alive(http, gateway);

  http.close();
  await gateway.stop();
  await simulator.stop();

  const unexpected: string[] = [];
  if (!stillUp) unexpected.push('the gateway is no longer answering /health');
  for (const result of [baseline, underFlood]) {
    const failed = Object.entries(result.byCode).filter(([code]) => code !== 'OK');
    if (failed.length > 0) unexpected.push(`legitimate traffic failed: ${JSON.stringify(failed)}`);
  }
  // The attacks carry no real token: none of them may reach KSeF; the legitimate lookups do.
  const attackCalls = calls.total - (calls.byRoute[STATUS_ROUTE] ?? 0);
  if (attackCalls > 0)
    unexpected.push(`attacks made ${attackCalls} KSeF calls: ${JSON.stringify(calls.byRoute)}`);
  for (const [name, byCode] of counts) {
    for (const code of Object.keys(byCode)) {
      if (!EXPECTED[name]?.includes(code)) unexpected.push(`${name} answered ${code}`);
    }
  }

  say();
  say(
    row([
      'phase',
      'legit p50 ms',
      'legit p99 ms',
      'legit max ms',
      'legit failed',
      'event loop p99 ms',
      'event loop max ms',
      'peak RSS MB',
    ]),
  );
  say(row(['---', '---', '---', '---', '---', '---', '---', '---']));
  say(
    row([
      'baseline',
      ...latencyCells(baseline),
      baselineLoop.p99Ms,
      baselineLoop.maxMs,
      rssAtStart?.rssMb ?? 'n/a',
    ]),
  );
  say(
    row([
      `flood (${floodSeconds} s)`,
      ...latencyCells(underFlood),
      floodLoop.p99Ms,
      floodLoop.maxMs,
      rss?.peakMb ?? 'n/a',
    ]),
  );
  say();
  say(`Load average at the end: ${load()} (other processes on the machine inflate every delay)`);
  say(
    `RSS: ${rssAtStart?.rssMb ?? 'n/a'} MB before the flood, peak ${rss?.peakMb ?? 'n/a'} MB, ${rssAfter?.rssMb ?? 'n/a'} MB 5 s after it`,
  );
  say();
  say(row(['attack', 'what', 'answers']));
  say(row(['---', '---', '---']));
  for (const attack of attacks) {
    const byCode = counts.get(attack.name) ?? {};
    const answers = Object.entries(byCode)
      .map(([code, n]) => `${code} ×${n}`)
      .join(', ');
    say(row([attack.name, attack.what, answers || '—']));
  }
  say();
  if (unexpected.length === 0) {
    say('PASS: the gateway stayed up, legitimate traffic succeeded, every attack was bounded.');
    return 0;
  }
  say(`FAIL:\n  - ${unexpected.join('\n  - ')}`);
  return 1;
}

if (require.main === module) {
  installCleanup();
  runAbuse().then(
    async (code) => {
      await stopAllChildren();
      process.exit(code);
    },
    async (error: unknown) => {
      process.stderr.write(
        `bench:abuse failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      await stopAllChildren();
      process.exit(1);
    },
  );
}
