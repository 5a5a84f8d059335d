// `npm start` as a user runs it: the real entry in a child process, real HTTP, real signals.
// The child runs the TypeScript sources through ts-node (transpile-only, which keeps the
// decorator metadata type-graphql needs) so the test needs no build step and always tests the
// current sources; `npm start` runs the same file compiled by tsc.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import path from 'node:path';
import { SANDBOX_TOKEN } from '../../../src/config/sandbox';
import { startSimulator } from '../../../src/simulator/simulator';
import { readmeFirstCurl } from '../../support/readme-first-query';
import type { SimulatorHandle } from '../../../src/simulator/simulator';

const root = path.resolve(__dirname, '../../..');
const READY = /KSeF GraphQL gateway ready at (http:\/\/\S+\/graphql)/;
interface GraphqlBody {
  data?: { sessions: { nodes: { referenceNumber: string; phase: string }[] } } | null;
  errors?: { message: string; extensions: { code: string } }[];
}

const FIRST_QUERY = '{ sessions(type: ONLINE, first: 5) { nodes { referenceNumber phase } } }';

interface Child {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

// Each test starts a Node process that compiles the gateway on the fly; jest's 5 s default is too short.
jest.setTimeout(120_000);

const children: Child[] = [];

/** The environment of a fresh shell: none of the gateway's variables leak in from the runner. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(PORT|HOST|KSEF_|SIMULATOR_|LOG_LEVEL|GRAPHQL_|SHUTDOWN_|OTEL_|NODE_ENV$)/.test(key))
      continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

function startMain(extra: Record<string, string>): Child {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: root,
    env: cleanEnv(extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const handle = { process: child, stdout: () => out, stderr: () => err, exited };
  children.push(handle);
  return handle;
}

async function waitForUrl(child: Child, timeoutMs = 100_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  void child.exited.then(() => (exitedEarly = true));
  while (Date.now() < deadline) {
    const match = READY.exec(child.stdout());
    if (match?.[1]) return match[1];
    if (exitedEarly) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `gateway did not print its URL.\nstdout:\n${child.stdout()}\nstderr:\n${child.stderr()}`,
  );
}

async function postQuery(
  url: string,
  query: string,
  token?: string,
): Promise<{ status: number; body: GraphqlBody }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as GraphqlBody };
}

afterEach(async () => {
  // A failed test must not leave a gateway running.
  for (const child of children.splice(0)) {
    if (child.process.exitCode === null && child.process.signalCode === null) {
      child.process.kill('SIGKILL');
      await child.exited;
    }
  }
});

describe('npm start (src/main.ts)', () => {
  it('starts in sandbox mode with no KSeF variables, answers the first query and stops on SIGTERM with exit code 0', async () => {
    const child = startMain({ PORT: '0' });
    const url = await waitForUrl(child);

    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(child.stdout()).toMatch(
      /Sandbox mode: embedded KSeF simulator at http:\/\/127\.0\.0\.1:\d+\/v2/,
    );
    expect(child.stdout()).toContain(`Authorization: Bearer ${SANDBOX_TOKEN}`);

    const { status, body } = await postQuery(url, FIRST_QUERY, SANDBOX_TOKEN);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.sessions.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.length).toBeLessThanOrEqual(5);
    for (const node of nodes) {
      expect(node.referenceNumber).toMatch(/^\d{8}-SO-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$/);
      expect([
        'OPEN',
        'CLOSING',
        'PROCESSING',
        'SUCCEEDED',
        'FAILED',
        'CANCELLED',
        'UNKNOWN',
      ]).toContain(node.phase);
    }

    // The README's first query, exactly as written there (its URL is the default port; this
    // process runs on a free one, so only the origin is swapped).
    const readme = readmeFirstCurl();
    expect(readme.url).toBe('http://127.0.0.1:4000/graphql');
    const readmeResponse = await fetch(new URL(new URL(readme.url).pathname, url), {
      method: 'POST',
      headers: readme.headers,
      body: readme.body,
    });
    expect(readmeResponse.status).toBe(200);
    const readmeBody = (await readmeResponse.json()) as GraphqlBody;
    expect(readmeBody.errors).toBeUndefined();
    expect(readmeBody.data!.sessions.nodes.length).toBeGreaterThan(0);

    const anonymous = await postQuery(url, FIRST_QUERY);
    expect(anonymous.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');

    // The offline playground, with the sandbox token pre-filled, and the metrics.
    const playground = await fetch(url, { headers: { accept: 'text/html' } });
    expect(playground.status).toBe(200);
    expect(playground.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await playground.text()).toContain(`Bearer ${SANDBOX_TOKEN}`);
    const metrics = await fetch(url.replace(/\/graphql$/, '/metrics'));
    expect(metrics.status).toBe(200);
    const metricsText = await metrics.text();
    expect(metricsText).toMatch(
      // the first query and the README's, both anonymous and successful
      /^graphql_operations_total\{operation="anonymous",type="query",outcome="ok"\} 2$/m,
    );
    expect(metricsText).toMatch(
      /^ksef_upstream_requests_total\{group="sessionList",method="GET",status="200"\} \d+$/m,
    );
    expect(metricsText).toContain('process_cpu_seconds_total');

    // The KSeF token printed beside the sandbox token logs in, and its context has demo data.
    const printed = /loginWithKsefToken: NIP (\d{10}), KSeF token (\S+)/.exec(child.stdout());
    expect(printed).not.toBeNull();
    const login = await postQuery(
      url,
      `mutation { loginWithKsefToken(input: { context: { type: NIP, value: "${printed![1]}" }, ksefToken: "${printed![2]}" }) { accessToken { token } } }`,
    );
    const loggedIn = login.body.data as unknown as {
      loginWithKsefToken: { accessToken: { token: string } };
    };
    const asLogin = await postQuery(
      url,
      FIRST_QUERY,
      loggedIn.loginWithKsefToken.accessToken.token,
    );
    expect(asLogin.body.data!.sessions.nodes.length).toBeGreaterThan(0);

    child.process.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(child.stdout()).not.toMatch(/Bearer (?!sandbox-token)/);

    // Structured logs: one JSON object a line (besides the plain lines for the person at the
    // terminal), the operation lines with a request id, and the token in none of them.
    const jsonLines = child
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const operations = jsonLines.filter((line) => line['msg'] === 'graphql operation');
    expect(operations.length).toBeGreaterThanOrEqual(2);
    for (const line of operations) {
      expect(line['requestId']).toEqual(expect.any(String));
      expect(line).toMatchObject({
        operationType: expect.stringMatching(/^(query|mutation)$/),
        durationMs: expect.any(Number),
      });
    }
    expect(operations.map((line) => line['outcome'])).toEqual(
      expect.arrayContaining(['ok', 'error']),
    );
    expect(JSON.stringify(jsonLines)).not.toContain(SANDBOX_TOKEN);
    expect(JSON.stringify(jsonLines)).not.toContain(printed![2]);
  });

  it('uses KSEF_API_URL instead of starting a simulator', async () => {
    const simulator: SimulatorHandle = await startSimulator({
      port: 0,
      seed: { token: 'e2e-remote-token' },
    });
    try {
      const child = startMain({ PORT: '0', KSEF_API_URL: simulator.url });
      const url = await waitForUrl(child);
      expect(child.stdout()).not.toContain('send the header');
      expect(child.stdout()).toContain(`Using the KSeF API at ${simulator.url}`);

      const { body } = await postQuery(url, FIRST_QUERY, 'e2e-remote-token');
      expect(body.data!.sessions.nodes.length).toBeGreaterThan(0);
      expect(simulator.requestLog.count({ route: 'GET /sessions' })).toBeGreaterThan(0);

      child.process.kill('SIGINT');
      expect((await child.exited).code).toBe(0);
    } finally {
      await simulator.stop();
    }
  });

  it('exits with code 1 and lists every configuration problem', async () => {
    const child = startMain({ PORT: 'abc', KSEF_ENV: 'nope' });
    expect((await child.exited).code).toBe(1);
    expect(child.stderr()).toContain('Invalid configuration (2 problems)');
    expect(child.stderr()).toContain('PORT: "abc" is not an integer from 0 to 65535');
    expect(child.stderr()).toContain('KSEF_ENV: "nope" is not one of sandbox, test, demo, prod');
    expect(child.stdout()).not.toMatch(READY);
  });

  it('reports bad configuration before the build that npm start runs', async () => {
    // npm start = prestart (check the configuration, then build) + start.
    const child = spawn('npm', ['run', '--silent', 'prestart'], {
      cwd: root,
      env: cleanEnv({ KSEF_TIMEOUT_MS: '30000' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('Invalid configuration (1 problem)');
    expect(err).toContain('KSEF_TIMEOUT_MS: 30000 is longer than OPERATION_TIMEOUT_MS');
    // The build never started.
    expect(out).not.toContain('tsc');
  });

  it('exits with code 1 when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as AddressInfo;
      const child = startMain({ PORT: String(port) });
      expect((await child.exited).code).toBe(1);
      expect(child.stderr()).toMatch(/failed to start: .*EADDRINUSE/);
      // No banner sends anyone to a gateway that is not there.
      expect(child.stdout()).not.toContain('send the header');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
