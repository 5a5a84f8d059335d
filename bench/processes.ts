// The processes a benchmark runs: the gateway (`node dist/src/main.js`, exactly what `npm start`
// runs, pointed at the simulator with KSEF_API_URL), the floor and the simulator, each a child
// process with its own event loop, so that none of them shares a CPU thread with autocannon.
// The simulator's request log and fault injector are reached over IPC (simulator-process.ts).
//
// Every child is registered here and stopped on exit, on errors and on SIGINT/SIGTERM; each also
// preloads child-guard.js, which ends it if the harness dies without cleaning up.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Fault } from '../src/simulator/simulator';
import { FLOOR_CLIENT_ENV, FLOOR_READY_PATTERN, FLOOR_UPSTREAM_ENV } from './floor-server';
import type { FloorClient } from './floor-server';
import { MESH_READY_PATTERN, MESH_SPEC_ENV, MESH_UPSTREAM_ENV } from './mesh-env';
import type { CallCounts, SimulatorMessage, SimulatorRequest } from './simulator-ipc';
import { SIMULATOR_OPTIONS_ENV } from './simulator-ipc';

export type { CallCounts } from './simulator-ipc';

/** The directory holding package.json, found from this file (dist/bench or bench). */
export const REPO_ROOT = ((): string => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
})();

const DIST = join(REPO_ROOT, 'dist');
const GUARD = join(DIST, 'bench', 'child-guard.js');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

const children = new Set<ChildProcess>();

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Stops every child on exit, and on SIGINT/SIGTERM (a second signal exits at once). */
export function installCleanup(): void {
  process.on('exit', () => {
    for (const child of children) if (alive(child)) child.kill('SIGKILL');
  });
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (signalled) process.exit(code);
    signalled = true;
    process.stderr.write(`\n${signal}: stopping the benchmark's processes …\n`);
    void stopAllChildren().finally(() => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)));
}

/** SIGTERM, then SIGKILL if the child has not exited within the bound. */
function stopChild(child: ChildProcess): Promise<void> {
  if (!alive(child)) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

interface Spawned {
  child: ChildProcess;
  /** Last lines of stdout/stderr, for error messages. */
  tail(): string;
}

function spawnNode(name: string, args: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(process.execPath, ['--require', GUARD, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
      if (process.env.BENCH_VERBOSE) process.stderr.write(`[${name}] ${line}\n`);
    }
  };
  // Always drained: a child blocked on a full pipe would look like a slow server.
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, tail: () => lines.join('\n') };
}

/** Resolves with the first stdout match of `pattern`; rejects if the child exits first. */
function waitForLine(spawned: Spawned, name: string, pattern: RegExp): Promise<RegExpExecArray> {
  const { child } = spawned;
  return new Promise((resolveLine, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => fail(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString('utf8');
      const match = pattern.exec(buffer);
      if (match) {
        cleanup();
        resolveLine(match);
      }
    };
    const onExit = (code: number | null): void =>
      fail(new Error(`${name} exited (${code}) before it was ready:\n${spawned.tail()}`));
    function cleanup(): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    }
    function fail(error: Error): void {
      cleanup();
      reject(error);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

export interface ChildServer {
  /** The URL it printed. */
  url: string;
  pid: number;
  stop(): Promise<void>;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

function toChildServer(spawned: Spawned, url: string): ChildServer {
  const { child } = spawned;
  const exited = alive(child)
    ? new Promise<void>((done) => child.once('exit', () => done()))
    : Promise.resolve();
  return { url, pid: child.pid!, stop: () => stopChild(child), exited };
}

export interface GatewayProcessOptions {
  ksefApiUrl: string;
  /** Starts the gateway with `--cpu-prof --cpu-prof-dir <dir>`. */
  profileDir?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * `node dist/src/main.js` with KSEF_API_URL, PORT=0, HOST=127.0.0.1, LOG_LEVEL=warn,
 * NODE_ENV=production, KSEF_RATE_LIMITS=off (`env` overrides any of them).
 */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<ChildServer> {
  const profile =
    options.profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.profileDir];
  // Node flags as `npm start` gives them (package.json), or BENCH_GATEWAY_NODE_FLAGS to try others.
  const flags = (process.env.BENCH_GATEWAY_NODE_FLAGS ?? GATEWAY_NODE_FLAGS.join(' '))
    .split(' ')
    .filter(Boolean);
  const spawned = spawnNode('gateway', [...flags, ...profile, join(DIST, 'src', 'main.js')], {
    ...process.env,
    KSEF_API_URL: options.ksefApiUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // As a service runs in production (graphql-js and friends skip development-only checks).
    NODE_ENV: 'production',
    // The gateway's own client-side KSeF rate limiter would pace one token's calls to KSeF's
    // per-context limits (e.g. 10 status reads a second) and the benchmark would measure the
    // limiter. Off, like the simulator's limits; the budget is measured as upstream calls/op.
    KSEF_RATE_LIMITS: 'off',
    ...options.env,
  });
  const match = await waitForLine(spawned, 'gateway', /gateway ready at (http:\/\/\S+)/);
  return toChildServer(spawned, match[1]!);
}

/** The floor (floor-server.ts) in front of `upstreamOrigin`. */
export async function startFloorProcess(
  upstreamOrigin: string,
  client: FloorClient = 'node',
): Promise<ChildServer> {
  const name = client === 'node' ? 'floor' : `floor-${client}`;
  const spawned = spawnNode(name, [join(DIST, 'bench', 'floor-server.js')], {
    ...process.env,
    [FLOOR_UPSTREAM_ENV]: upstreamOrigin,
    [FLOOR_CLIENT_ENV]: client,
  });
  const match = await waitForLine(spawned, name, FLOOR_READY_PATTERN);
  return toChildServer(spawned, match[1]!);
}

/** GraphQL Mesh over the official spec (mesh-server.ts), on the Hive Gateway runtime. */
export async function startMeshProcess(
  simulatorUrl: string,
  specPath: string,
): Promise<ChildServer> {
  const spawned = spawnNode('mesh', [join(DIST, 'bench', 'mesh-server.js')], {
    ...process.env,
    [MESH_UPSTREAM_ENV]: simulatorUrl,
    [MESH_SPEC_ENV]: specPath,
  });
  const match = await waitForLine(spawned, 'mesh', MESH_READY_PATTERN);
  return toChildServer(spawned, match[1]!);
}

export interface SimulatorProcess extends ChildServer {
  /** Upstream calls since the last clear, by route. */
  calls(): Promise<CallCounts>;
  clearCalls(): Promise<void>;
  inject(route: string, fault: Fault, times?: number): Promise<void>;
  clearFaults(): Promise<void>;
}

export interface SimulatorProcessOptions {
  processingDelayMs?: number;
  seedToken?: string;
}

/** The V8 flags of `npm start` (package.json): what the benchmark runs is what users run. */
export const GATEWAY_NODE_FLAGS: readonly string[] = [];

/** The KSeF simulator in a child process, rate limits off. */
export async function startSimulatorProcess(
  options: SimulatorProcessOptions = {},
): Promise<SimulatorProcess> {
  const spawned = spawnNode('simulator', [join(DIST, 'bench', 'simulator-process.js')], {
    ...process.env,
    [SIMULATOR_OPTIONS_ENV]: JSON.stringify({
      rateLimits: false,
      processingDelayMs: options.processingDelayMs ?? 50,
      // The harness reads every entry of a scenario (statuses included), not only the newest.
      requestLogMaxEntries: 10_000_000,
      ...(options.seedToken !== undefined && { seed: { token: options.seedToken } }),
    }),
  });
  const { child } = spawned;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`simulator did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited (${code}) before it was ready:\n${spawned.tail()}`));
    });
    child.on('message', (message: SimulatorMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolveUrl(message.url);
        return;
      }
      const waiting = pending.get(message.id);
      if (waiting === undefined) return;
      pending.delete(message.id);
      if (message.error !== undefined) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    });
  });
  child.once('exit', () => {
    for (const waiting of pending.values()) waiting.reject(new Error('simulator exited'));
    pending.clear();
  });

  type Body = SimulatorRequest extends infer R
    ? R extends unknown
      ? Omit<R, 'id'>
      : never
    : never;
  const call = (body: Body): Promise<unknown> =>
    new Promise((resolveCall, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolveCall, reject });
      child.send({ ...body, id }, (error) => {
        if (error) {
          pending.delete(id);
          reject(error);
        }
      });
    });

  return {
    ...toChildServer(spawned, url),
    calls: () => call({ type: 'calls' }) as Promise<CallCounts>,
    clearCalls: () => call({ type: 'clear' }).then(() => undefined),
    inject: (route, fault, times) =>
      call({ type: 'inject', route, fault, ...(times !== undefined && { times }) }).then(
        () => undefined,
      ),
    clearFaults: () => call({ type: 'clearFaults' }).then(() => undefined),
  };
}

/** `http://127.0.0.1:4010/v2` → `http://127.0.0.1:4010` */
export function originOf(url: string): string {
  return new URL(url).origin;
}
