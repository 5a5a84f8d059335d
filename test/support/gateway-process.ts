// The gateway as a real process (`src/main.ts`, what `npm start` runs), for tests that need
// several of them (replicas) or need to kill one the hard way. Variables the test process may
// carry that would change the gateway are dropped; the test names what it wants.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eventually } from './stack';

const root = path.resolve(__dirname, '../..');
const READY = /KSeF GraphQL gateway ready at (http:\/\/\S+\/graphql)/;
const GATEWAY_VARIABLES =
  /^(PORT|HOST|KSEF_(?!OPENAPI_SPEC|UPO_XSD)|SIMULATOR_|LOG_LEVEL|GRAPHQL_|SHUTDOWN_|OPERATION_|CIRCUIT_|MAX_|REDIS_|NODE_ENV$)/;

export interface GatewayProcess {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGKILL: no shutdown, no lease given back, as a crashed replica. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

export async function startGatewayProcess(
  env: Readonly<Record<string, string>>,
): Promise<GatewayProcess> {
  const inherited: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!GATEWAY_VARIABLES.test(key)) inherited[key] = value;
  }
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'src/main.ts'],
    {
      cwd: root,
      env: { ...inherited, PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  let url: string;
  try {
    url = await eventually(
      () => {
        if (child.exitCode !== null) throw new Error(`the gateway exited:\n${output}`);
        return Promise.resolve(READY.exec(output)?.[1]);
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `the gateway's URL in:\n${output}` },
    );
  } catch (error) {
    await end('SIGKILL');
    throw error;
  }
  return {
    url,
    origin: new URL(url).origin,
    output: () => output,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}
