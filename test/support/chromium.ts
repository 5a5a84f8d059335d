// Debian's Chromium driven by playwright-core (.ci/run installs it), launched as this machine
// needs: headless, no sandbox as root, and none of Chromium's own network traffic (its
// background requests would be refused by a closed network, many at a time).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** `describe` when Chromium is installed; otherwise a skipped suite and a warning naming it. */
export function describeInChromium(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  console.warn(
    `SKIPPED "${name}": no Chromium at ${CHROMIUM_PATH} ` +
      '(install it with `apt-get install chromium`, as .ci/run does, or set CHROMIUM_PATH).',
  );
  describe.skip(name, body);
}

export interface ChromiumSession extends AsyncDisposable {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<ChromiumSession> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
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
  const close = async () => {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  };
  return { context, close, [Symbol.asyncDispose]: close };
}
