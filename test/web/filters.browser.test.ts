import t from 'tap';
import { chromiumMissing, openDashboardPage, signIn, focusAfterSettle } from '../support/browser.js';
import { ADMIN_PASSWORD, buildTestWebApp, seedDashboard } from '../support/web.js';

// Routing decisions (the decision log) and the simulator in a real browser: the export is what the filters show
// (every page of it), errors stand at their field, and the simulator takes any extension,
// with suggestions as the admin types.
const missing = chromiumMissing();
if (missing) {
  t.plan(0, `browser tests skipped: ${missing}`);
} else {
  const web = await buildTestWebApp(t);
  await seedDashboard(web);
  await web.deps.snapshots.refresh();
  // 120 calls, one in three rejected: the rejected ones fill more than the 50 of one page.
  await web.db.prisma.decisionLog.createMany({
    data: Array.from({ length: 120 }, (_, index) => ({
      createdAt: new Date(Date.UTC(2026, 10, 20, 9, 0, index)),
      uniqueId: `1764000000.${index}`,
      channel: `PJSIP/1009-${String(index).padStart(8, '0')}`,
      agent: index % 2 === 0 ? '1009' : '1010',
      dialed: `07${String(index).padStart(8, '0')}`,
      result: index % 3 === 0 ? 'reject' : 'dial',
      did: index % 3 === 0 ? null : '0310000046',
      dialStrings: index % 3 === 0 ? '' : `PJSIP/2567${index}@main_trunk`,
      reason: index % 3 === 0 ? 'NO_ROUTE' : null,
      configVersion: 2,
      decisionMicros: 40,
    })),
  });
  const { page, base, problems } = await openDashboardPage(t, web.app);
  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');

  t.test('sign in', async () => {
    await page.goto(`${base}/decisions`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${base}/decisions`);
  });

  t.test('Export CSV after filtering holds exactly the filtered calls, of every page', async (t) => {
    await page.getByLabel('Result').selectOption('reject');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/result=reject/);
    await page.locator('#decisions-table tbody tr').first().waitFor();
    const shownIds = await page.locator('#decisions-table tbody tr').evaluateAll((rows) => rows.map((row) => row.id.replace('decision-', '')));
    t.equal(shownIds.length, 40, 'the first page shows the 40 rejected calls');
    t.equal(await focusedId(), 'decisions-filter', 'focus stays on the Filter button');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#decisions-export').click()]);
    const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    const lines = csv.trim().split('\r\n').slice(1);
    const expected = (await web.db.prisma.decisionLog.findMany({ where: { result: 'reject' }, orderBy: { id: 'desc' }, select: { id: true } })).map((row) => row.id.toString());
    t.same(lines.map((line) => line.split(',')[0]), expected, 'the CSV: the rejected calls, newest first');
    t.same(shownIds, expected, 'the same rows the screen shows');

    await page.getByLabel('Agent').fill('1010');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/agent=1010.*result=reject/);
    const [second] = await Promise.all([page.waitForEvent('download'), page.locator('#decisions-export').click()]);
    const agents = (await (await second.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8')))
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[2]);
    t.ok(agents.length === 20 && agents.every((agent) => agent === '1010'), 'a second filter: its 20 rows only');
  });

  t.test('"To must be after From" stands under To, which gets the focus', async (t) => {
    await page.getByLabel('From (UTC)').fill('2026-11-20T10:00');
    await page.getByLabel('To (UTC)').fill('2026-11-20T09:00');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.locator('#decisions-to-error').waitFor();
    t.equal(await page.locator('#decisions-to-error').textContent(), 'To (UTC) must be after From');
    t.equal(await focusAfterSettle(page, 'decisions-to'), 'decisions-to');
    t.equal(await page.locator('#decisions-export').count(), 0, 'no export of filters that cannot be used');
  });

  t.test('simulator: "Agent is required" at the field; an unconfigured extension can be tried', async (t) => {
    await page.goto(`${base}/simulator`);
    await page.getByLabel('Number dialed').fill('0712345678');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.locator('#simulator-agent-error').waitFor();
    t.equal(await page.locator('#simulator-agent-error').textContent(), 'Agent is required');
    t.equal(await focusAfterSettle(page, 'simulator-agent'), 'simulator-agent');
    await page.getByLabel('Agent').fill('101');
    const suggested = await page.waitForFunction(() => {
      const values = [...document.querySelectorAll('#simulator-agent-options option')].map((option) => (option as HTMLOptionElement).value);
      return values.length === 1 ? values : null;
    });
    t.same(await suggested.jsonValue(), ['1010'], 'suggestions as one types');
    await page.getByLabel('Agent').fill('7777');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.locator('.decision-reject').waitFor();
    t.match(await page.locator('.decision').textContent(), /UNKNOWN_AGENT/);
    t.match(page.url(), /agent=7777/);
    t.equal(await focusedId(), 'simulator-submit', 'focus stays on Simulate');
  });

  t.test('no console error', async (t) => {
    t.same(problems.filter((text) => !/^Failed to load resource: the server responded with a status of 422/.test(text)), []);
  });
}
