// The real process (`src/main.ts`, as `npm start` runs it) against a simulator the test controls:
// secrets never reach the log, and SIGTERM lets an operation in flight finish before exit 0.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startSimulator } from '../../../src/simulator/simulator';
import type { SimulatorHandle } from '../../../src/simulator/simulator';
import { eventually, newToken } from '../../support/stack';

const root = path.resolve(__dirname, '../../..');
const READY = /KSeF GraphQL gateway ready at (http:\/\/\S+\/graphql)/;

jest.setTimeout(120_000);

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: Child[] = [];
let simulator: SimulatorHandle;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, processingDelayMs: 30 });
});

afterAll(async () => {
  await simulator?.stop();
});

afterEach(async () => {
  simulator.faults.clear();
  for (const child of children.splice(0)) {
    if (child.process.exitCode === null && child.process.signalCode === null) {
      child.process.kill('SIGKILL');
      await child.exited;
    }
  }
});

function startMain(extra: Record<string, string>): Child {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(PORT|HOST|KSEF_|SIMULATOR_|LOG_LEVEL|GRAPHQL_|SHUTDOWN_|OPERATION_|CIRCUIT_|MAX_|NODE_ENV$)/.test(
        key,
      )
    )
      continue;
    env[key] = value;
  }
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: root,
    env: { ...env, PORT: '0', KSEF_API_URL: simulator.url, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const handle = { process: child, output: () => output, exited };
  children.push(handle);
  return handle;
}

async function waitForUrl(child: Child): Promise<string> {
  return eventually(() => Promise.resolve(READY.exec(child.output())?.[1]), {
    timeoutMs: 100_000,
    what: `the gateway's URL in:\n${child.output()}`,
  });
}

interface Body {
  data?: Record<string, any> | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

async function post(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<Body> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Body;
}

const OPEN =
  'mutation { openOnlineSession(input: { formCode: FA_3 }) { session { referenceNumber } generatedKey { symmetricKey initializationVector } } }';
const GET = 'query G($r: ID!) { session(referenceNumber: $r) { referenceNumber phase } }';
const CLOSE = 'mutation C($r: ID!) { closeSession(referenceNumber: $r) { phase } }';

describe('the gateway process', () => {
  it('never writes the bearer token or the generated key to its log, even at LOG_LEVEL=trace', async () => {
    const child = startMain({ LOG_LEVEL: 'trace' });
    const url = await waitForUrl(child);
    const token = `${newToken()}-SeCrEt`;

    const opened = await post(url, OPEN, {}, token);
    expect(opened.errors).toBeUndefined();
    const ref = opened.data!.openOnlineSession.session.referenceNumber as string;
    const { symmetricKey, initializationVector } = opened.data!.openOnlineSession
      .generatedKey as Record<string, string>;
    expect((await post(url, GET, { r: ref }, token)).errors).toBeUndefined();
    // Error paths log too: a 429 and a 500 from KSeF, and an unknown session.
    simulator.faults.inject(
      'GET /sessions/{referenceNumber}',
      { type: 'status', status: 429, headers: { 'retry-after': '1' }, body: '' },
      { times: 1 },
    );
    await post(url, GET, { r: ref }, token);
    simulator.faults.inject(
      'POST /sessions/online/{referenceNumber}/close',
      { type: 'status', status: 500, body: '' },
      { times: 1 },
    );
    await post(url, CLOSE, { r: ref }, token);
    expect((await post(url, CLOSE, { r: ref }, token)).errors).toBeUndefined();
    await post(url, GET, { r: '20250101-SO-0000000000-0000000000-00' }, token);

    child.process.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);

    const log = child.output();
    expect(log.length).toBeGreaterThan(0);
    const secrets = [
      token,
      Buffer.from(token).toString('base64'),
      symmetricKey,
      Buffer.from(symmetricKey!, 'base64').toString('hex'),
      Buffer.from(symmetricKey!, 'base64').toString('hex').toUpperCase(),
      Buffer.from(symmetricKey!, 'base64').toString('base64url'),
      initializationVector,
      Buffer.from(initializationVector!, 'base64').toString('hex'),
    ];
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toMatch(/SeCrEt/);
  });

  it('finishes an operation in flight when SIGTERM arrives, then exits with code 0', async () => {
    const child = startMain({ LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '10000' });
    const url = await waitForUrl(child);
    const token = newToken();
    simulator.requestLog.clear();
    simulator.faults.inject('GET /sessions', { type: 'delay', ms: 1_500 }, { times: 1 });

    const inFlight = post(
      url,
      '{ sessions(type: ONLINE) { nodes { referenceNumber } } }',
      {},
      token,
    );
    // The call has reached KSeF (and waits there) before the signal is sent.
    await eventually(
      () =>
        Promise.resolve(
          simulator.requestLog.count({ route: 'GET /sessions' }) > 0 ? true : undefined,
        ),
      {
        timeoutMs: 20_000,
        what: 'the upstream call',
      },
    );
    child.process.kill('SIGTERM');

    const body = await inFlight.catch((error: unknown) => {
      throw new Error(`${String(error)}\n${child.output()}`);
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.sessions.nodes).toEqual([]);
    expect(await child.exited).toEqual({ code: 0, signal: null });
    // New connections are refused once shutdown began.
    await expect(fetch(url.replace('/graphql', '/health'))).rejects.toThrow();
  });
});
