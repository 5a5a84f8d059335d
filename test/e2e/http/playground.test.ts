// The playground in a real browser, with the network watched: every request the page (and its
// workers) makes must stay on this machine, the example tabs must be there, and running the first
// example must show its result and send the pre-filled Authorization header.
// The page is the real gateway's, set up as `npm start` does in sandbox mode: the embedded
// simulator seeded under the sandbox token, and that token pre-filled in the headers editor.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { SANDBOX_TOKEN } from '../../../src/config/sandbox';
import { createLogger } from '../../../src/logging/logger';
import { captureLog } from '../../support/captured-log';
import type { CapturedLog } from '../../support/captured-log';
import { startTestGateway } from '../../support/gateway';
import { postGraphql } from '../../support/stack';
import type { ListeningGateway } from '../../support/gateway';
import { PLAYGROUND_EXAMPLES } from '../../../src/http/playground-examples';
import { startSimulator } from '../../../src/simulator/simulator';
import type { SimulatorHandle } from '../../../src/simulator/simulator';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// The README's screenshot is refreshed on request (UPDATE_SCREENSHOT=1): the seeded sessions differ
// on every run, so writing it each time would leave the work tree dirty after every `npm test`.
const SCREENSHOT = process.env['UPDATE_SCREENSHOT']
  ? path.join(__dirname, '../../../docs/playground.png')
  : path.join(__dirname, '../../../test-output/playground.png');

// Jest ignores `testTimeout` inside a project entry, so the browser steps set their own.
const BROWSER_TIMEOUT_MS = 90_000;
/** One browser step on a loaded machine: a ceiling for a state to appear, not a pace. */
const BROWSER_STEP_TIMEOUT_MS = 30_000;

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `SKIPPED the playground browser test: no Chromium at ${CHROMIUM} ` +
      '(install it with `apt-get install chromium`, as .ci/run does, or set CHROMIUM_PATH).',
  );
}

const isLocal = (url: string): boolean => {
  if (url.startsWith('data:') || url.startsWith('blob:')) {
    return true;
  }
  const { hostname } = new URL(url);
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
};

interface SentOperation {
  authorization: string | undefined;
  operationName: string | undefined;
  variables: Record<string, unknown> | undefined;
}

(hasChromium ? describe : describe.skip)('the GraphQL playground in a browser', () => {
  let simulator: SimulatorHandle;
  let gateway: ListeningGateway;
  let seededReference: string;
  let context: BrowserContext;
  let userDataDir: string;
  let page: Page;
  const requested: string[] = [];
  const policyViolations: string[] = [];
  const pageErrors: string[] = [];
  // The gateway's warnings and errors, shown when a step fails.
  const log = captureLog();
  // What the page sent to POST /graphql, as the browser saw it.
  const sent: SentOperation[] = [];

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, seed: { token: SANDBOX_TOKEN } });
    gateway = await startTestGateway(simulator.url, {
      configure: (options) => {
        options.http.sandboxToken = SANDBOX_TOKEN;
      },
      observability: { logger: createLogger({ level: 'warn', destination: log.stream }) },
    });
    seededReference = await newestSeededSession(gateway.url, log);
    userDataDir = await mkdtemp(path.join(tmpdir(), 'playground-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // Context-wide, so requests from the page's web workers are seen too.
    context.on('request', (request) => {
      requested.push(request.url());
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/graphql') {
        const body = request.postDataJSON() as {
          operationName?: string;
          variables?: Record<string, unknown>;
        } | null;
        sent.push({
          authorization: request.headers()['authorization'],
          operationName: body?.operationName ?? undefined,
          variables: body?.variables ?? undefined,
        });
      }
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) {
        policyViolations.push(message.text());
      }
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(gateway.url, { waitUntil: 'load' });
  }, BROWSER_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    await gateway?.stop();
    await simulator?.stop();
    if (userDataDir) {
      await rm(userDataDir, { recursive: true, force: true });
    }
  }, BROWSER_TIMEOUT_MS);

  it(
    'shows one tab per example operation',
    async () => {
      const tabs = page.locator('.graphiql-tab');
      await tabs.first().waitFor({ timeout: 30_000 });
      for (const example of PLAYGROUND_EXAMPLES) {
        await expectVisible(page.locator('.graphiql-tab', { hasText: example.name }));
      }
      expect(await tabs.count()).toBe(PLAYGROUND_EXAMPLES.length);
    },
    BROWSER_TIMEOUT_MS,
  );

  it(
    'runs the first example and shows the seeded sessions, sending the pre-filled sandbox token',
    async () => {
      await page.locator('.graphiql-execute-button').click();

      await page
        .locator('.graphiql-response')
        .getByText(seededReference, { exact: false })
        .first()
        .waitFor({ timeout: 30_000 });
      const operation = sent.find((request) => request.operationName === 'ListSessions');
      expect(operation).toMatchObject({ authorization: `Bearer ${SANDBOX_TOKEN}` });
      // The gateway really asked KSeF (the simulator), with the token.
      expect(simulator.requestLog.count({ route: 'GET /sessions' })).toBeGreaterThan(0);
      expect(
        simulator.requestLog
          .entries()
          .every((entry) => entry.route !== 'GET /sessions' || entry.hadAuthorization),
      ).toBe(true);

      await mkdir(path.dirname(SCREENSHOT), { recursive: true });
      // Caret, animations and pointer are frozen so the picture changes only when the page does.
      await page.mouse.move(0, 0);
      await page.screenshot({ path: SCREENSHOT, caret: 'hide', animations: 'disabled' });
    },
    BROWSER_TIMEOUT_MS,
  );

  it(
    "switches tabs on a click and sends the tab's variables",
    async () => {
      // Every step waits for the state the next one needs, never for time: the tab is active,
      // its operation is in the editor, and the request is awaited from before the click (a
      // click that landed while the editor was still swapping documents would run the old tab).
      await openTab(page, 'SessionStatus', 'query SessionStatus(');
      const request = page.waitForRequest(
        (candidate) =>
          candidate.method() === 'POST' &&
          (candidate.postDataJSON() as { operationName?: string } | null)?.operationName ===
            'SessionStatus',
        { timeout: BROWSER_STEP_TIMEOUT_MS },
      );
      await page.locator('.graphiql-execute-button').click();
      const body = (await request).postDataJSON() as { variables?: Record<string, unknown> };

      const example = PLAYGROUND_EXAMPLES.find(({ name }) => name === 'SessionStatus')!;
      expect(body.variables).toEqual(JSON.parse(example.variables!));
      // The placeholder reference is unknown to KSeF: the gateway answers `session: null`.
      await page
        .locator('.graphiql-response')
        .getByText('"session": null', { exact: false })
        .first()
        .waitFor({ timeout: BROWSER_STEP_TIMEOUT_MS });
    },
    BROWSER_TIMEOUT_MS,
  );

  it(
    'reopens the same tabs after a reload, without adding an empty one',
    async () => {
      await page.reload({ waitUntil: 'load' });
      await page
        .locator('.graphiql-tab-active', { hasText: 'SessionStatus' })
        .waitFor({ timeout: 30_000 });

      const titles = await page.locator('.graphiql-tab-button').allTextContents();
      expect(titles.map((title) => title.trim())).toEqual(
        PLAYGROUND_EXAMPLES.map((example) => example.name),
      );
    },
    BROWSER_TIMEOUT_MS,
  );

  it(
    'follows a session live in the FollowSession tab, the token carried into connectionParams',
    async () => {
      const reference = await openSessionAsSandbox(gateway.url);
      const frames: string[] = [];
      page.on('websocket', (socket) =>
        socket.on('framesent', ({ payload }) => frames.push(String(payload))),
      );

      await openTab(page, 'FollowSession', 'subscription FollowSession(');
      // The tab's placeholder reference replaced by the session just opened.
      await page.getByRole('button', { name: 'Variables' }).click();
      const variables = page.locator('.graphiql-editor-tool .graphiql-editor').first();
      await variables.locator('.monaco-editor').first().click();
      await page.waitForFunction(
        () => document.activeElement?.closest('.graphiql-editor-tool') !== null,
        undefined,
        { timeout: BROWSER_STEP_TIMEOUT_MS },
      );
      await page.keyboard.press('Control+a');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(JSON.stringify({ referenceNumber: reference }));
      await page.locator('.graphiql-execute-button').click();

      const response = page.locator('.graphiql-response');
      await response.getByText('"OPEN"', { exact: false }).first().waitFor({
        timeout: BROWSER_STEP_TIMEOUT_MS,
      });
      // Closed elsewhere (as the CloseSession tab would): the tab shows KSeF processing it.
      const closed = await postGraphql(
        gateway.url,
        'mutation ($ref: ID!) { closeSession(referenceNumber: $ref) { phase } }',
        { ref: reference },
        SANDBOX_TOKEN,
      );
      expect(closed.errors).toBeUndefined();
      await response.getByText('"CANCELLED"', { exact: false }).first().waitFor({
        timeout: BROWSER_STEP_TIMEOUT_MS,
      });

      const messages = frames.map(
        (frame) => JSON.parse(frame) as { type: string; payload?: Record<string, unknown> },
      );
      const init = messages.find((message) => message.type === 'connection_init');
      expect(init?.payload).toMatchObject({ Authorization: `Bearer ${SANDBOX_TOKEN}` });
      const subscribe = messages.find((message) => message.type === 'subscribe');
      expect(JSON.stringify(subscribe)).toContain('FollowSession');
      // The token travels once, in connectionParams, not again in each operation.
      expect(JSON.stringify(subscribe)).not.toContain(SANDBOX_TOKEN);
    },
    BROWSER_TIMEOUT_MS,
  );

  it("shows the schema without federation's machinery", async () => {
    // The page's fetch is what GraphiQL introspects through.
    const typeNames = await page.evaluate(async () => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
      });
      const body = (await response.json()) as { data: { __schema: { types: { name: string }[] } } };
      return body.data.__schema.types.map((type) => type.name);
    });
    expect(typeNames).toContain('Session');
    expect(
      typeNames.filter((name) => /^(_Service|_Any|_Entity|link__|federation__)/.test(name)),
    ).toEqual([]);
  });

  it('makes no request that leaves the machine and trips no content security policy', () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !isLocal(url))).toEqual([]);
    expect(sent.length).toBeGreaterThan(0);
    expect(policyViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

/** A new open online session of the sandbox caller, opened through the gateway. */
async function openSessionAsSandbox(url: string): Promise<string> {
  const result = await postGraphql(
    url,
    'mutation { openOnlineSession(input: { formCode: FA_3 }) { session { referenceNumber } } }',
    {},
    SANDBOX_TOKEN,
  );
  const reference = (
    result.data as { openOnlineSession?: { session: { referenceNumber: string } } }
  )?.openOnlineSession?.session.referenceNumber;
  if (reference === undefined)
    throw new Error(`openOnlineSession failed: ${JSON.stringify(result)}`);
  return reference;
}

/** The reference number the ListSessions example shows first (newest online session). */
async function newestSeededSession(url: string, log: CapturedLog): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SANDBOX_TOKEN}` },
    body: JSON.stringify({
      query: '{ sessions(type: ONLINE, first: 1) { nodes { referenceNumber } } }',
    }),
  });
  const body = (await response.json()) as {
    data?: { sessions: { nodes: { referenceNumber: string }[] } };
  };
  const reference = body.data?.sessions.nodes[0]?.referenceNumber;
  if (reference === undefined) {
    throw new Error(
      `the sandbox simulator listed no session: ${JSON.stringify(body)}; gateway log: ${log.raw()}`,
    );
  }
  return reference;
}

/** Clicks a tab and waits until it is active and its operation (`heading`) is in the editor. */
async function openTab(page: Page, name: string, heading: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await page.locator('.graphiql-tab-active', { hasText: name }).waitFor();
  await page.waitForFunction(
    (text) =>
      document
        .querySelector('.graphiql-query-editor')
        ?.textContent?.replace(/\s+/g, ' ')
        .includes(text) ?? false,
    heading,
    { timeout: BROWSER_STEP_TIMEOUT_MS },
  );
}

async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 10_000 });
}
