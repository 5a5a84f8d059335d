// A Redis of the test's own: Debian's redis-server on a free loopback port, no persistence, never
// a shared instance. `kill()` ends it the hard way (SIGKILL, as a crash would) and `restart()`
// brings it back on the same port, empty, as a restarted cache is.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createLogger } from '../../src/logging/logger';
import { createRedisLink } from '../../src/replicas/redis-link';
import type { RedisLink, RedisLinkObserver } from '../../src/replicas/redis-link';
import { DEFAULT_REPLICA_SETTINGS } from '../../src/replicas/replica-settings';

export interface TestRedis {
  /** `redis://127.0.0.1:<port>/0` */
  url: string;
  port: number;
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** True when redis-server is installed (.ci/run installs it). */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start on ${port}: ${output.slice(-500)}`));
    }, 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}: ${output.slice(-500)}`));
    });
  });
}

function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child = await launch(port);
  const kill = async () => {
    child.kill('SIGKILL');
    await ended(child);
  };
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    kill,
    async restart() {
      await kill();
      child = await launch(port);
    },
    stop: kill,
  };
}

/**
 * For a describe block: its own Redis for the block (started before, stopped after), and links to
 * it that stand for replicas, each up before it is handed out and closed at the end.
 */
export function useTestRedisLinks() {
  let redis: TestRedis | undefined;
  const links: RedisLink[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await Promise.all(links.map((link) => link.close()));
    await redis?.stop();
  });
  const running = () => {
    if (redis === undefined) throw new Error('the test Redis is not started (use inside describe)');
    return redis;
  };
  return {
    get redis(): TestRedis {
      return running();
    },
    async link(options: { keyPrefix?: string; observer?: RedisLinkObserver } = {}) {
      const link = createRedisLink(
        {
          ...DEFAULT_REPLICA_SETTINGS,
          redisUrl: running().url,
          ...(options.keyPrefix !== undefined && { keyPrefix: options.keyPrefix }),
        },
        createLogger({ level: 'silent' }),
        options.observer,
      );
      links.push(link);
      if (!(await link.whenUp(5_000))) throw new Error('the test Redis did not answer');
      return link;
    },
  };
}
