import t from 'tap';
import { accessibilityProblems, chromiumMissing, openDashboardPage, signIn } from '../support/browser.js';
import { ADMIN_PASSWORD, buildTestWebApp, seedDashboard } from '../support/web.js';

// The configuration history in a real browser: edit a DID, find the change on the History
// page, read its per-field diff, roll it back through the confirm step, and see the old
// value live again on the DIDs page.
const missing = chromiumMissing();
if (missing) {
  t.plan(0, `browser tests skipped: ${missing}`);
} else {
  const web = await buildTestWebApp(t);
  await seedDashboard(web);
  const { page, base, problems, shot } = await openDashboardPage(t, web.app);
  const didLabel = async () => (await web.db.prisma.did.findUniqueOrThrow({ where: { number: '0310000045' } })).label;

  t.test('sign in', async () => {
    await page.goto(`${base}/dids`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${base}/dids`);
  });

  t.test('edit a DID in the dashboard', async (t) => {
    await page.getByRole('link', { name: 'Edit 0310000045' }).click();
    await page.locator('#did-form').waitFor();
    await page.getByLabel('Label').fill('Outlet 45 <renamed>');
    await page.getByRole('button', { name: 'Save DID' }).click();
    await page.locator('#flash .flash-success', { hasText: 'DID 0310000045 saved' }).waitFor();
    t.equal(await didLabel(), 'Outlet 45 <renamed>');
  });

  t.test('the History page lists the change; its page shows the diff field by field', async (t) => {
    await page.getByRole('link', { name: 'Config history' }).click();
    await page.waitForURL(`${base}/history`);
    const row = page.locator('#history-table tbody tr', { hasText: 'DID 0310000045: label Outlet 45 → Outlet 45 <renamed>' });
    await row.waitFor();
    t.equal((await row.locator('td').nth(2).textContent())?.trim(), 'admin', 'the author');
    t.same(await accessibilityProblems(page), [], 'no serious accessibility problem on the list');
    await row.getByRole('link').click();
    await page.locator('#version-author').waitFor();
    const field = page.locator('tr', { has: page.locator('th', { hasText: 'label' }) });
    t.equal((await field.locator('.diff-before').textContent())?.trim(), 'Outlet 45');
    t.equal((await field.locator('.diff-after').textContent())?.trim(), 'Outlet 45 <renamed>', 'shown as text, escaped');
    t.same(await accessibilityProblems(page), [], 'no serious accessibility problem on the diff');
    await shot('history-version');
  });

  t.test('roll back through the confirm step; the old value is live again', async (t) => {
    const edited = Number(/\/history\/(\d+)$/.exec(page.url())?.[1]);
    await page.getByRole('link', { name: /^Undo: roll back to version/ }).click();
    await page.locator('#rollback-form').waitFor();
    t.match(await page.locator('#what-if').textContent(), /none would be decided differently/, 'the what-if ran (no calls logged)');
    const field = page.locator('tr', { has: page.locator('th', { hasText: 'label' }) });
    t.equal((await field.locator('.diff-before').textContent())?.trim(), 'Outlet 45 <renamed>', 'live');
    t.equal((await field.locator('.diff-after').textContent())?.trim(), 'Outlet 45', 'after the rollback');
    t.same(await accessibilityProblems(page), [], 'no serious accessibility problem on the confirm step');
    await shot('history-rollback');
    await page.getByRole('button', { name: /^Roll back to version/ }).click();
    await page.waitForURL(`${base}/history/${edited + 1}`);
    await page.locator('#flash .flash-success', { hasText: `Rolled back to version ${edited - 1}` }).waitFor();
    t.match(await page.locator('#version-summary').textContent(), new RegExp(`rollback to version ${edited - 1}: DID 0310000045: label Outlet 45 <renamed> → Outlet 45`));
    t.equal(await didLabel(), 'Outlet 45');
    await page.getByRole('link', { name: 'DIDs' }).click();
    await page.waitForURL(`${base}/dids`);
    const didRow = page.locator('#dids-table tbody tr', { hasText: '0310000045' });
    t.equal((await didRow.locator('td').nth(1).textContent())?.trim(), 'Outlet 45', 'the DIDs page shows the old label');
  });

  t.test('no console error', async (t) => {
    t.same(problems, []);
  });
}
