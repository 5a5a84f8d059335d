// The playground in a real browser, with the network watched: every request the page (and its
// workers) makes must stay on this machine, the example tabs must be there, and running the first
// example must show its result and send the pre-filled Authorization header.
// Until the gateway is wired, the page is served by a fake GraphQL server (fake-graphql-server.ts).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { PLAYGROUND_EXAMPLES } from '../../../src/http/playground-examples';
import { renderPlaygroundPage } from '../../../src/http/playground';
import { FAKE_SESSION_REFERENCE, startFakeGraphqlServer } from './fake-graphql-server';
import type { FakeGraphqlServer } from './fake-graphql-server';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SCREENSHOT = path.join(__dirname, '../../../docs/playground.png');
const TOKEN = 'sandbox-e2e-token';

// Jest ignores `testTimeout` inside a project entry, so the browser steps set their own.
const BROWSER_TIMEOUT_MS = 90_000;

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

(hasChromium ? describe : describe.skip)('the GraphQL playground in a browser', () => {
  let server: FakeGraphqlServer;
  let context: BrowserContext;
  let userDataDir: string;
  let page: Page;
  const requested: string[] = [];
  const policyViolations: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startFakeGraphqlServer(
      renderPlaygroundPage({
        endpoint: '/graphql',
        defaultHeaders: { Authorization: `Bearer ${TOKEN}` },
        exampleOperations: PLAYGROUND_EXAMPLES,
      }),
    );
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
    context.on('request', (request) => requested.push(request.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) {
        policyViolations.push(message.text());
      }
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/graphql`, { waitUntil: 'load' });
  }, BROWSER_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    await server?.close();
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
    'runs the first example and shows its result, sending the pre-filled Authorization header',
    async () => {
      await page.locator('.graphiql-execute-button').click();

      await page
        .locator('.graphiql-response')
        .getByText(FAKE_SESSION_REFERENCE, { exact: false })
        .first()
        .waitFor({ timeout: 30_000 });
      const operation = server.received.find((request) => request.operationName === 'ListSessions');
      expect(operation).toMatchObject({ method: 'POST', authorization: `Bearer ${TOKEN}` });

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
      await page.getByRole('tab', { name: 'SessionStatus' }).click();
      await page.locator('.graphiql-tab-active', { hasText: 'SessionStatus' }).waitFor();
      await page.locator('.graphiql-execute-button').click();

      const example = PLAYGROUND_EXAMPLES.find(({ name }) => name === 'SessionStatus')!;
      const operation = await waitUntil(() =>
        server.received.find((request) => request.operationName === 'SessionStatus'),
      );
      expect(operation.variables).toEqual(JSON.parse(example.variables!));
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

  it('makes no request that leaves the machine and trips no content security policy', () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => !isLocal(url))).toEqual([]);
    expect(server.received.some((request) => request.method === 'POST')).toBe(true);
    expect(policyViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

async function waitUntil<T>(probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error('timed out waiting for the browser');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 10_000 });
}
