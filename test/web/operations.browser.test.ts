import t from 'tap';
import { chromiumMissing, openDashboardPage, signIn } from '../support/browser.js';
import { ADMIN_PASSWORD, buildTestWebApp, seedDashboard } from '../support/web.js';

// The simulator, call history, health and users pages in headless Chromium: htmx swaps
// only the parts it should, and screenshots of each page for review.

const missing = chromiumMissing();
if (missing) {
  t.plan(0, `browser tests skipped: ${missing}`);
} else {
  const web = await buildTestWebApp(t);
  await seedDashboard(web);
  await web.deps.snapshots.refresh();
  const base = Date.UTC(2026, 10, 21, 8, 0, 0);
  await web.db.prisma.decisionLog.createMany({
    data: Array.from({ length: 75 }, (_, index) => ({
      createdAt: new Date(base + index * 45_000),
      uniqueId: `1763712000.${index}`,
      channel: `PJSIP/${index % 2 ? '1009' : '1010'}-0000${index}`,
      agent: index % 2 ? '1009' : '1010',
      dialed: index % 5 === 0 ? '0999' : `07123456${String(index).padStart(2, '0')}`,
      result: index % 5 === 0 ? 'reject' : 'dial',
      did: index % 5 === 0 ? null : index % 2 ? '0310000046' : '0310000001',
      dialStrings: index % 5 === 0 ? '' : `PJSIP/2567123456${String(index).padStart(2, '0')}@main_trunk`,
      rule: index % 5 === 0 ? null : 'route mobile',
      reason: index % 5 === 0 ? 'NO_ROUTE' : null,
      configVersion: 2,
      decisionMicros: 35 + index,
    })),
  });
  for (const micros of [80, 95, 120, 400]) web.deps.decisionStats.add(micros);
  const { page, base: address, problems, shot } = await openDashboardPage(t, web.app);
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });

  t.test('sign in', async () => {
    await page.goto(`${address}/login`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(/\/dids$/);
  });

  t.test('simulator: the result swaps in and gets a URL', async (t) => {
    await page.getByRole('link', { name: 'Simulator' }).click();
    await page.waitForURL(`${address}/simulator`);
    await page.getByLabel('Agent').fill('1009');
    await page.getByLabel('Number dialed').fill('45 0712 345678');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.locator('#simulation-result .decision').waitFor();
    t.match(await page.locator('.decision-sentence').textContent(), /leaves as 256712345678 with caller ID 256310000045 via main_trunk/);
    t.match(page.url(), /\/simulator\?agent=1009&number=45(%20|\+)0712(%20|\+)345678/);
    t.equal(await page.locator('#simulator-form').count(), 1, 'the form stayed');
    await shot('simulator');
    await page.getByLabel('Number dialed').fill('0999');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.locator('.decision-reject').waitFor();
    await shot('simulator-reject');
  });

  t.test('call history: filters and the older page swap the table', async (t) => {
    await page.getByRole('link', { name: 'Routing decisions' }).click();
    await page.waitForURL(`${address}/decisions`);
    t.equal(await page.locator('#decisions-table tbody tr').count(), 50);
    await shot('calls');
    await page.getByRole('link', { name: 'Older' }).click();
    await page.waitForURL(/before=/);
    t.equal(await page.locator('#decisions-table tbody tr').count(), 25);
    await page.getByLabel('Agent').fill('1009');
    await page.getByLabel('Result').selectOption('reject');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/agent=1009&did=&result=reject/);
    await page.locator('#decisions-table tbody tr').first().waitFor();
    const agents = await page.locator('#decisions-table tbody tr td:nth-child(2)').allTextContents();
    t.ok(agents.length > 0 && agents.every((agent) => agent === '1009'));
    await shot('calls-filtered');
  });

  t.test('health: every check, refreshed by polling', async (t) => {
    await page.getByRole('link', { name: 'Health' }).click();
    await page.waitForURL(`${address}/health`);
    t.equal(await page.locator('#health-status tbody tr').count(), 9);
    t.equal(await page.locator('#health-status tbody tr', { hasText: 'Live floor (AMI)' }).count(), 1, 'the live floor has its row');
    t.equal(await page.locator('#health-status tbody tr', { hasText: 'Live calls' }).count(), 1, 'the call tracker has its row');
    const first = await page.locator('.health-checked time').getAttribute('datetime');
    await page.waitForFunction((before) => document.querySelector('.health-checked time')?.getAttribute('datetime') !== before, first, { timeout: 12_000 });
    t.pass('the status table was replaced by a newer one');
    await shot('health');
  });

  t.test('users: create one, the generated password is shown once', async (t) => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(`${address}/users`);
    await page.getByRole('link', { name: 'New user' }).click();
    await page.locator('#user-form').waitFor();
    await page.getByLabel('Username').fill('frontdesk');
    await page.getByLabel('Role').selectOption('agent');
    await page.getByLabel('Linked agent').selectOption('1010');
    await shot('users-new');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.locator('#one-time-password').waitFor();
    await page.locator('#users-table', { hasText: 'frontdesk' }).waitFor();
    t.ok((await page.locator('#one-time-password').textContent())!.length >= 20);
    await shot('users');
  });

  t.test('no browser errors (CSP, scripts) and no failed page or htmx request', async (t) => {
    // Chromium asks for /favicon.ico on its own (a console 404, not a page response); the
    // response listener above still catches any 4xx/5xx from the pages and htmx requests.
    t.same(problems.filter((text) => !/^Failed to load resource: the server responded with a status of 404/.test(text)), []);
  });
}
