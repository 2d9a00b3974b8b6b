import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { projectRoot } from '../../src/project-root.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots for review; git-ignored. */
export const SCREENSHOT_DIR = join(projectRoot, 'test', 'output');

interface Teardown {
  teardown(fn: () => unknown): void;
}

export function chromiumMissing(): string | false {
  return existsSync(CHROMIUM_PATH) ? false : `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium)`;
}

/** Debian's headless Chromium with a throwaway profile, closed and removed at teardown. */
export async function launchChromium(t: Teardown, viewport = { width: 1366, height: 800 }): Promise<BrowserContext> {
  const profile = await mkdtemp(join(tmpdir(), 'mayday-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  t.teardown(async () => {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return browser;
}
