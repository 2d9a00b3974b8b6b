import t from 'tap';
import { chromiumMissing, openDashboardPage, signIn } from '../support/browser.js';
import { ADMIN_PASSWORD, buildTestWebApp, seedDashboard } from '../support/web.js';

// Schedules, IVR menus and inbound routes in a real browser: created inline with htmx,
// a field error in place, then the simulator on the inbound routes page walks the menu.
// Screenshots go to test/output/.
const missing = chromiumMissing();
if (missing) {
  t.plan(0, `browser tests skipped: ${missing}`);
} else {
  const web = await buildTestWebApp(t);
  await seedDashboard(web);
  const { page, base, problems, shot } = await openDashboardPage(t, web.app);

  t.test('sign in', async () => {
    await page.goto(`${base}/schedules`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${base}/schedules`);
  });

  t.test('a schedule: a wrong time refused beside its day, then saved', async (t) => {
    await page.getByRole('link', { name: 'New schedule' }).click();
    await page.locator('#editor #schedule-form').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('office');
    await page.getByLabel('Time zone').fill('Africa/Kampala');
    await page.getByLabel('Saturday').fill('13:00-09:00');
    await page.getByLabel('Holidays and special days').fill('2026-12-25 closed Christmas Day');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.locator('#schedule-sat-error').waitFor();
    t.match(await page.locator('#schedule-sat-error').textContent(), /Saturday 13:00-09:00: ends \(09:00\) before it starts \(13:00\)/);
    await shot('schedules-validation');
    await page.getByLabel('Saturday').fill('09:00-13:00');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.locator('#flash', { hasText: 'Schedule office saved' }).waitFor();
    await page.locator('#schedules-table', { hasText: 'Christmas Day' }).waitFor();
    t.equal(await page.locator('#schedule-form').count(), 0, 'the editor closed');
    await shot('schedules');
  });

  t.test('a menu: prompts, a key to a queue, a key that repeats', async (t) => {
    await page.getByRole('link', { name: 'IVR menus' }).click();
    await page.waitForURL(`${base}/menus`);
    await page.getByRole('link', { name: 'New menu' }).click();
    await page.locator('#editor #menu-form').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('main');
    await page.getByLabel('Greeting').fill('hello-world');
    await page.getByLabel('Prompts').fill('demo-instruct');
    await page.getByLabel('Key 1', { exact: true }).fill('queue:sales');
    await page.getByLabel('Key 9', { exact: true }).fill('repeat');
    await page.getByLabel('After too many silences').fill('agent:1010');
    await page.getByRole('button', { name: 'Save menu' }).click();
    await page.locator('#flash', { hasText: 'Menu main saved' }).waitFor();
    await page.locator('#menus-table', { hasText: 'queue:sales' }).waitFor();
    t.equal(await page.locator('#menu-form').count(), 0, 'the editor closed');
    await shot('menus');
  });

  t.test('an inbound route to the menu, then the simulator walks it', async (t) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbound routes' }).click();
    await page.waitForURL(`${base}/inbound-routes`);
    await page.getByRole('link', { name: 'New inbound route' }).click();
    await page.locator('#editor #inbound-route-form').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('head-office');
    await page.getByLabel('DID', { exact: true }).fill('0310000001');
    await page.getByLabel('Schedule').selectOption({ label: 'office (Africa/Kampala)' });
    await page.getByLabel('Destination (open)').fill('menu:main');
    await page.getByRole('button', { name: 'Save inbound route' }).click();
    await page.locator('#inbound-route-closed-error').waitFor();
    t.match(await page.locator('#inbound-route-closed-error').textContent(), /is required when the route follows a schedule/);
    await page.getByLabel('Destination when closed').fill('voicemail:100');
    await page.getByRole('button', { name: 'Save inbound route' }).click();
    await page.locator('#flash', { hasText: 'Inbound route head-office saved' }).waitFor();
    await page.locator('#inbound-routes-table', { hasText: 'menu:main' }).waitFor();

    await page.getByLabel('DID dialed').fill('0310000001');
    await page.getByLabel('Caller number').fill('0712345678');
    await page.getByLabel('At', { exact: true }).fill('2026-12-21T10:00');
    await page.getByLabel('Keys pressed').fill('91');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.locator('.menu-walk').waitFor();
    const walk = (await page.locator('.menu-walk li').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
    t.same(walk.slice(0, 7), ['Enters menu main', 'Hears hello-world', 'Hears demo-instruct', 'Presses 9', 'Hears demo-instruct', 'Presses 1', 'Leaves: key 1']);
    t.equal(await page.locator('#inbound-simulation-destination').textContent(), 'queue:sales');
    t.match(await page.locator('.decision-sentence').textContent(), /goes to menu:main by route head-office; schedule open/);
    await shot('inbound-simulator');

    await page.getByLabel('At', { exact: true }).fill('2026-12-25T10:00');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.locator('.decision-sentence', { hasText: 'voicemail:100' }).waitFor();
    t.equal(await page.locator('.menu-walk').count(), 0, 'closed on Christmas Day: no menu');
  });

  t.test('the pages ran without script errors or CSP violations', async (t) => {
    const expected = /status of 4\d\d|Response Status Error Code 4\d\d/;
    t.same(problems.filter((text) => !expected.test(text)), []);
  });
}
