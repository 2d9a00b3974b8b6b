import t from 'tap';
import { chromiumMissing, openDashboardPage, signIn } from '../support/browser.js';
import { ADMIN_PASSWORD, buildTestWebApp, seedDashboard } from '../support/web.js';

const missing = chromiumMissing();
if (missing) {
  t.plan(0, `browser tests skipped: ${missing}`);
} else {
  const web = await buildTestWebApp(t);
  await seedDashboard(web);
  const { page, base, problems, shot } = await openDashboardPage(t, web.app);

  t.test('sign in', async (t) => {
    await page.goto(`${base}/dids`);
    t.match(page.url(), /\/login\?next=%2Fdids$/);
    await shot('login');
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${base}/dids`);
    t.equal(await page.locator('h1').textContent(), 'DIDs');
  });

  t.test('create a DID inline', async (t) => {
    await page.getByRole('link', { name: 'New DID' }).click();
    await page.locator('#did-form').waitFor();
    t.equal(await page.locator('#editor #did-form').count(), 1, 'the form opened in the page');
    t.match(page.url(), /\/dids\/new$/, 'at its own URL');
    await page.getByLabel('Number').fill('0310000099');
    await page.getByLabel('Label').fill('Outlet 99');
    await page.getByLabel('Number').fill('03100000xx');
    await page.getByRole('button', { name: 'Save DID' }).click();
    await page.locator('#did-number-error').waitFor();
    t.match(await page.locator('#did-number-error').textContent(), /digits only/, 'field error shown in place');
    await shot('dids-validation');
    await page.getByLabel('Number').fill('0310000099');
    await page.getByRole('button', { name: 'Save DID' }).click();
    await page.locator('#flash .flash-success').waitFor();
    t.match(await page.locator('#flash').textContent(), /DID 0310000099 saved/);
    await page.locator('#dids-table', { hasText: 'Outlet 99' }).waitFor();
    t.equal(await page.locator('#did-form').count(), 0, 'the editor closed');
    await shot('dids');
  });

  t.test('make it an agent\'s default DID and see the new caller ID', async (t) => {
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.waitForURL(`${base}/agents`);
    await page.getByRole('link', { name: 'Edit 1009' }).click();
    await page.locator('#agent-form').waitFor();
    await page.getByLabel('Default DID').selectOption({ label: 'Outlet 99 (0310000099)' });
    await shot('agent-edit');
    await page.getByRole('button', { name: 'Save agent' }).click();
    await page.locator('#flash .flash-detail').waitFor();
    t.match(await page.locator('#flash .flash-detail').textContent(), /agent 1009 dialing 0723456789 leaves as 256723456789 with caller ID 256310000099 via main_trunk/);
    await page.locator('#agents-table', { hasText: '0310000099' }).waitFor();
    await shot('agents');
  });

  t.test('deleting the DID now in use asks first, then is refused with the reason', async (t) => {
    await page.getByRole('link', { name: 'DIDs' }).click();
    await page.waitForURL(`${base}/dids`);
    let confirmed = '';
    page.once('dialog', (dialog) => {
      confirmed = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('link', { name: 'Delete 0310000099' }).click();
    await page.locator('#flash .flash-error').waitFor();
    t.match(confirmed, /Delete DID 0310000099 \(Outlet 99\)\?/);
    t.match(await page.locator('#flash').textContent(), /default DID of agent 1009/);
    t.equal(await page.locator('#dids-table', { hasText: '0310000099' }).count(), 1, 'the row stays');
    await shot('dids-delete-refused');
  });

  t.test('the pages ran without script errors or CSP violations', async (t) => {
    // Refused saves answer 4xx on purpose; the browser and htmx log those as errors.
    const expected = /status of 4\d\d|Response Status Error Code 4\d\d/;
    t.same(problems.filter((text) => !expected.test(text)), []);
  });
}
