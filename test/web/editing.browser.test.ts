import t, { type Test } from 'tap';
import { chromiumMissing, openDashboardPage, signIn } from '../support/browser.js';
import { ADMIN_PASSWORD, buildTestWebApp, seedDashboard } from '../support/web.js';

// The inline editor in a real browser: its URL in the history (Back closes it, without a
// reload), Escape and Cancel close it where it was opened, focus after a save, after a
// refusal and on the trunk order buttons, and a refused form clearing an earlier flash.
const missing = chromiumMissing();
if (missing) {
  t.plan(0, `browser tests skipped: ${missing}`);
} else {
  const web = await buildTestWebApp(t);
  await seedDashboard(web);
  const backup = await web.db.prisma.trunk.create({ data: { name: 'backup_trunk', dialTemplate: 'PJSIP/{number}@backup_trunk', numberFormat: 'national' } });
  const mobile = await web.db.prisma.outboundRoute.findFirstOrThrow({ where: { name: 'mobile' } });
  await web.db.prisma.outboundRouteTrunk.create({ data: { routeId: mobile.id, trunkId: backup.id, position: 1 } });
  // Seeded behind the app's back: the snapshot (so the `_version` forms carry) catches up, or every save is a stale-form 409.
  await web.deps.snapshots.refresh();
  const agent = await web.db.prisma.agent.findFirstOrThrow({ where: { extension: '1009' } });
  const { page, base, problems, shot } = await openDashboardPage(t, web.app);

  /** A mark on the page's window: gone after any reload. */
  const markPage = () => page.evaluate(() => Object.assign(window, { notReloaded: true }));
  const stillSamePage = () => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);
  const focusedNow = () => page.evaluate(() => {
    const element = document.activeElement;
    return element === null ? '' : `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} ${element.getAttribute('aria-label') ?? element.textContent?.trim() ?? ''}`;
  });
  /** What has focus once htmx has settled: focus moves after the swap, so wait (5 s at most) for `expected`, then report what is focused. */
  const focused = async (expected: RegExp) => {
    const deadline = Date.now() + 5_000;
    let current = await focusedNow();
    while (!expected.test(current) && Date.now() < deadline) {
      await page.waitForTimeout(25);
      current = await focusedNow();
    }
    return current;
  };
  const expectFocus = async (t: Test, expected: RegExp, message = `focus on ${expected}`) => t.match(await focused(expected), expected, message);

  t.test('sign in', async () => {
    await page.goto(`${base}/agents`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${base}/agents`);
  });

  t.test('an open editor has its own URL; Back closes it without reloading the page', async (t) => {
    await markPage();
    await page.getByRole('link', { name: 'Edit 1009' }).click();
    await page.locator('#agent-form').waitFor();
    t.equal(page.url(), `${base}/agents/${agent.id}/edit`);
    await page.goBack();
    await page.locator('#agent-form').waitFor({ state: 'detached' });
    t.equal(page.url(), `${base}/agents`);
    t.ok(await stillSamePage(), 'not reloaded');
  });

  t.test('Escape closes the editor and gives focus back to the link that opened it', async (t) => {
    await page.getByRole('link', { name: 'Edit 1009' }).click();
    await page.locator('#agent-form').waitFor();
    await expectFocus(t, /^input#agent-name/, 'the form opens on its first field');
    await page.keyboard.press('Escape');
    await page.locator('#agent-form').waitFor({ state: 'detached' });
    await expectFocus(t, /^a Edit 1009/);
    await page.waitForURL(`${base}/agents`);
    t.ok(await stillSamePage(), 'not reloaded');
  });

  t.test('Cancel closes the editor without a reload', async (t) => {
    await page.getByRole('link', { name: 'New agent' }).click();
    await page.locator('#agent-form').waitFor();
    t.equal(page.url(), `${base}/agents/new`);
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.locator('#agent-form').waitFor({ state: 'detached' });
    await page.waitForURL(`${base}/agents`);
    t.ok(await stillSamePage(), 'not reloaded');
    await expectFocus(t, /^a New agent/);
  });

  t.test('after a save, focus is on the message that says what happened', async (t) => {
    await page.getByRole('link', { name: 'Edit 1009' }).click();
    await page.getByLabel('Name').fill('Front desk 1009');
    await page.getByRole('button', { name: 'Save agent' }).click();
    await page.locator('#flash .flash-success').waitFor();
    await page.locator('#agent-form').waitFor({ state: 'detached' });
    await expectFocus(t, /^div Agent 1009 saved/);
    await page.waitForURL(`${base}/agents`);
    t.ok(await stillSamePage(), 'not reloaded');
  });

  t.test('a refused form: focus on the first wrong field, and the earlier "saved" message is gone', async (t) => {
    await page.getByRole('link', { name: 'New agent' }).click();
    await page.getByLabel('Extension').fill('1011');
    await page.getByLabel('Name').fill('');
    await page.getByLabel('Name').evaluate((input) => input.removeAttribute('required'));
    await page.getByRole('button', { name: 'Save agent' }).click();
    await page.locator('#agent-name-error').waitFor();
    await expectFocus(t, /^input#agent-name/, 'the Name field, not the Extension field above it');
    t.equal(await page.locator('#flash').textContent().then((text) => text?.trim()), '', 'no stale flash');
    await shot('agent-refused');
  });

  t.test('the trunk order buttons keep focus', async (t) => {
    await page.goto(`${base}/routes`);
    await page.getByRole('link', { name: 'Edit mobile' }).click();
    await page.locator('#route-form').waitFor();
    await page.getByRole('button', { name: 'Move backup_trunk up' }).click();
    await page.locator('ol.trunk-list li:first-child', { hasText: 'backup_trunk' }).waitFor();
    await expectFocus(t, /^button Move backup_trunk down/, 'at the top, focus moves to its other arrow');
    await page.getByRole('button', { name: 'Move main_trunk up' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('ol.trunk-list li:first-child', { hasText: 'main_trunk' }).waitFor();
    await expectFocus(t, /^button Move main_trunk down/);
    await page.getByRole('button', { name: 'Move main_trunk down' }).click();
    await page.locator('ol.trunk-list li:first-child', { hasText: 'backup_trunk' }).waitFor();
    await expectFocus(t, /^button Move main_trunk up/);
    await page.getByRole('button', { name: 'Move backup_trunk down' }).click();
    await page.locator('ol.trunk-list li:first-child', { hasText: 'main_trunk' }).waitFor();
    await expectFocus(t, /^button Move backup_trunk up/);
  });

  t.test('no console error: no CSP report, no htmx error for a refused form', async (t) => {
    // Chromium itself reports every 4xx answer on the console; that line is the only one allowed.
    t.same(problems.filter((text) => !/^Failed to load resource: the server responded with a status of 422/.test(text)), []);
  });
}
