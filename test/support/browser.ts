import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
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

export interface DashboardPage {
  readonly page: Page;
  /** The dashboard's base URL, e.g. http://127.0.0.1:41234 */
  readonly base: string;
  /** Console errors and uncaught page errors seen so far. */
  readonly problems: string[];
  /** A full-page screenshot under test/output/<name>.png. */
  shot(name: string): Promise<Buffer>;
}

/**
 * Serves `app` on loopback and opens one Chromium page on it, collecting console and page
 * errors. `caret: 'initial'` keeps Playwright from leaving a style attribute on inputs,
 * which htmx would copy into swapped-in forms and the CSP would then report.
 */
export async function openDashboardPage(
  t: Teardown,
  app: { listen(options: { host: string; port: number }): Promise<string> },
  viewport?: { width: number; height: number },
): Promise<DashboardPage> {
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchChromium(t, viewport);
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, caret: 'initial' });
  return { page, base, problems, shot };
}

/** Fills and submits the login form the page is on; the caller waits for where it lands. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page as it is now, one line each. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

/**
 * The id of the focused element once focus has reached `expected` or 5 s have passed: the
 * dashboard moves focus when htmx settles, a moment after the swapped-in content appears.
 */
export async function focusAfterSettle(page: Page, expected: string): Promise<string> {
  await page.waitForFunction((id) => document.activeElement?.id === id, expected, { timeout: 5000 }).catch(() => undefined);
  return page.evaluate(() => document.activeElement?.id ?? '');
}
