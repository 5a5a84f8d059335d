// A front-end on another origin calls the gateway from a real browser: the preflight is answered,
// the page reads the data (and the request id), and an origin not in CORS_ORIGINS is refused
// before any KSeF call.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchChromium, describeInChromium } from '../../support/chromium';
import type { ChromiumSession } from '../../support/chromium';
import { newToken, startStack } from '../../support/stack';
import type { Stack } from '../../support/stack';

const STEP_TIMEOUT_MS = 90_000;

// The front-end's page: one function that calls the gateway the way an app does.
const APP_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>app</title></head><body>
<script>
window.callGateway = async function (url, token) {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token, 'x-request-id': 'from-the-app' },
      body: JSON.stringify({ query: '{ sessions(type: ONLINE, first: 1) { pageInfo { hasNextPage } } }' }),
    });
    return { status: response.status, body: await response.json(), requestId: response.headers.get('x-request-id') };
  } catch (error) {
    return { failed: String(error) };
  }
};
</script></body></html>`;

async function startAppServer(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(APP_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface CallResult {
  status?: number;
  body?: { data?: unknown; errors?: unknown[] };
  requestId?: string | null;
  failed?: string;
}

describeInChromium('a browser app on another origin', () => {
  let allowed: { origin: string; server: Server };
  let other: { origin: string; server: Server };
  let stack: Stack;
  let browser: ChromiumSession;
  let page: Page;

  beforeAll(async () => {
    allowed = await startAppServer();
    other = await startAppServer();
    stack = await startStack({ env: { CORS_ORIGINS: allowed.origin } });
    browser = await launchChromium();
    page = await browser.context.newPage();
  }, STEP_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    for (const app of [allowed, other]) app?.server.close();
  }, STEP_TIMEOUT_MS);

  const callFrom = async (origin: string): Promise<CallResult> => {
    await page.goto(origin);
    return page.evaluate(
      ([url, token]) =>
        (
          window as unknown as { callGateway(u: string, t: string): Promise<CallResult> }
        ).callGateway(url, token),
      [stack.url, newToken()] as const,
    );
  };

  it(
    'gets data from an allowed origin, with the request id readable',
    async () => {
      stack.simulator.requestLog.clear();
      const result = await callFrom(allowed.origin);
      expect(result.failed).toBeUndefined();
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ data: { sessions: { pageInfo: { hasNextPage: false } } } });
      expect(result.requestId).toBe('from-the-app');
      expect(stack.simulator.requestLog.count({ route: 'GET /sessions' })).toBe(1);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'is refused from an origin not in CORS_ORIGINS, and KSeF is never called',
    async () => {
      stack.simulator.requestLog.clear();
      const result = await callFrom(other.origin);
      // The browser refuses to hand the page anything: the preflight was answered 403.
      expect(result.failed).toMatch(/TypeError/);
      expect(stack.simulator.requestLog.count()).toBe(0);
    },
    STEP_TIMEOUT_MS,
  );
});
