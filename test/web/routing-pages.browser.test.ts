import t from 'tap';
import { chromiumMissing, openDashboardPage, signIn } from '../support/browser.js';
import { ADMIN_PASSWORD, buildTestWebApp, seedRouting } from '../support/web.js';

// Prefix rules, trunks and settings in a real browser: inline editing with htmx, field
// errors in place, the next-call line after a save. Screenshots go to test/output/.
const missing = chromiumMissing();
if (missing) {
  t.plan(0, `browser tests skipped: ${missing}`);
} else {
  const web = await buildTestWebApp(t);
  await seedRouting(web.db.prisma);
  // Seeded behind the app's back: the snapshot (so the `_version` forms carry) catches up, or every save is a stale-form 409.
  await web.deps.snapshots.refresh();
  const { page, base, problems, shot } = await openDashboardPage(t, web.app);

  t.test('sign in', async () => {
    await page.goto(`${base}/prefixes`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${base}/prefixes`);
  });

  t.test('a prefix that shadows a route is refused in place; a good one shows the next call', async (t) => {
    await page.getByRole('link', { name: 'New prefix rule' }).click();
    await page.locator('#prefix-form').waitFor();
    t.equal(await page.locator('#editor #prefix-form').count(), 1, 'the form opened in the page');
    t.match(page.url(), /\/prefixes\/new$/, 'at its own URL');
    await page.getByLabel('Prefix', { exact: true }).fill('07');
    await page.getByLabel('DID').selectOption({ label: 'Outlet 46 (0310000046)' });
    await page.getByLabel('1009 Agent 1009').check();
    await page.getByRole('button', { name: 'Save prefix rule' }).click();
    await page.locator('#prefix-prefix-error').waitFor();
    t.match(await page.locator('#prefix-prefix-error').textContent(), /07 would hide route mobile \(pattern _07XXXXXXXX\)/);
    await shot('prefixes-validation');
    await page.getByLabel('Prefix', { exact: true }).fill('46');
    await page.getByRole('button', { name: 'Save prefix rule' }).click();
    await page.locator('#flash .flash-detail').waitFor();
    t.match(await page.locator('#flash .flash-detail').textContent(), /agent 1009 dialing 46 0723456789 leaves as 256723456789 with caller ID 256310000046/);
    await page.locator('#prefixes-table', { hasText: 'Outlet 46 (0310000046)' }).waitFor();
    t.equal(await page.locator('#prefix-form').count(), 0, 'the editor closed');
    await web.db.prisma.prefixRule.create({ data: { prefix: '47', didNumber: '0310000047' } });
    await page.reload();
    await shot('prefixes');
  });

  t.test('trunks: the number formats with examples, and disabling the last trunk of a route refused', async (t) => {
    await page.getByRole('link', { name: 'Trunks' }).click();
    await page.waitForURL(`${base}/trunks`);
    await page.getByRole('link', { name: 'Edit main_trunk' }).click();
    await page.locator('#trunk-form').waitFor();
    await page.getByLabel('Enabled (routes may dial through it)').uncheck();
    await page.getByRole('button', { name: 'Save trunk' }).click();
    await page.locator('#trunk-enabled-error').waitFor();
    t.match(await page.locator('#trunk-enabled-error').textContent(), /route mobile and route international need at least one enabled trunk/);
    await shot('trunks-validation');
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.waitForURL(`${base}/trunks`);
    await shot('trunks');
  });

  t.test('settings: save, and the form comes back with the flash', async (t) => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${base}/settings`);
    await page.getByLabel('Emergency numbers').fill('112, 999');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#flash .flash-detail').waitFor();
    t.match(await page.locator('#flash').textContent(), /Settings saved/);
    await page.locator('#settings-form').waitFor();
    t.equal(await page.getByLabel('Emergency numbers').inputValue(), '112, 999');
    await shot('settings');
  });

  t.test('the pages ran without script errors or CSP violations', async (t) => {
    const expected = /status of 4\d\d|Response Status Error Code 4\d\d/;
    t.same(problems.filter((text) => !expected.test(text)), []);
  });
}
