import { readFileSync } from 'node:fs';
import t from 'tap';
import { importConfigDocument } from '../../src/data/config-import.js';
import { InProcessConfigBus, RedisConfigBus } from '../../src/realtime/config-bus.js';
import { connectRedis, createRedis } from '../../src/realtime/redis.js';
import { connectAgiPeer } from '../support/asterisk-agi-peer.js';
import { chromiumMissing, openDashboardPage, signIn } from '../support/browser.js';
import { silentLogger } from '../support/logger.js';
import { startTestMayday } from '../support/mayday.js';
import { waitFor } from '../support/wait.js';
import { TEST_REDIS_URL } from '../support/addresses.js';
import { ADMIN_PASSWORD, buildTestWebApp, configVersion } from '../support/web.js';

// An admin edits a route in a real browser, and the real FastAGI server, a separate
// Mayday instance sharing only MariaDB and Redis with the dashboard, answers the next
// call (placed by a peer that speaks like Asterisk) with the change.

const missing = chromiumMissing();
if (missing) {
  t.plan(0, `browser tests skipped: ${missing}`);
} else {
  const log = silentLogger();
  // The dashboard publishes versions on Redis, as in production; it needs no subscriber
  // (after a save it reloads its own snapshot itself).
  const publisher = createRedis(TEST_REDIS_URL, log, 'live-call-test-web');
  await connectRedis(publisher);
  const web = await buildTestWebApp(t, { bus: new RedisConfigBus(publisher, null, log) });
  const { prisma } = web.db;
  const yaml = readFileSync(new URL('../fixtures/config.yaml', import.meta.url), 'utf8');
  const imported = await importConfigDocument({ prisma, bus: new InProcessConfigBus(), log }, yaml);
  if (imported.kind !== 'imported') throw new Error(`the fixture configuration did not import: ${JSON.stringify(imported)}`);
  await web.deps.snapshots.refresh();

  // The FastAGI instance checks the version only every 10 minutes: only the Redis message
  // can explain it picking up the change before the test times out.
  const mayday = await startTestMayday(t, { DATABASE_URL: web.db.url, REDIS_URL: TEST_REDIS_URL, CONFIG_POLL_MS: '600000' });
  const call = (agent: string, dialed: string) =>
    connectAgiPeer({ host: '127.0.0.1', port: mayday.agiPort, script: 'outbound', args: [agent, dialed], callerId: agent, extension: dialed, context: 'agents' });

  const { page, base, problems, shot } = await openDashboardPage(t, web.app);
  // `caret: 'initial'`: hiding the caret leaves `style=""` on every input, which htmx then
  // copies onto the swapped-in form (an inline style the CSP refuses, and reports).
  const trunkOrder = () => page.locator('#route-form .trunk-item .trunk-name').allTextContents();

  t.test('before the edit, a call to a mobile leaves by main_trunk in international format', async (t) => {
    t.equal(mayday.snapshots.current()?.version, await configVersion(prisma), 'the FastAGI instance has the imported configuration');
    const result = await call('1009', '0712345678');
    t.equal(result.variables.get('MAYDAY_RESULT'), 'DIAL');
    t.equal(result.variables.get('MAYDAY_DIAL_1'), 'PJSIP/256712345678@main_trunk');
    t.equal(result.variables.get('MAYDAY_CID_NUM_1'), '256310000046');
    t.equal(result.variables.get('MAYDAY_DIAL_2'), 'PJSIP/0712345678@backup_trunk');
  });

  t.test('sign in and open the routes page', async (t) => {
    await page.goto(`${base}/routes`);
    t.match(page.url(), /\/login\?next=%2Froutes$/);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${base}/routes`);
    t.equal(await page.locator('h1').textContent(), 'Outbound routes');
    t.equal(await page.locator('#routes-table tbody tr').count(), 2);
    await shot('routes');
  });

  t.test('a pattern that does not parse is shown at the field, and nothing is saved', async (t) => {
    const before = await configVersion(prisma);
    await page.getByRole('link', { name: 'Edit mobile' }).click();
    await page.locator('#route-form').waitFor();
    t.equal(await page.locator('#editor #route-form').count(), 1, 'the form opened in the page');
    t.match(page.url(), /\/routes\/\d+\/edit$/, 'at its own URL');
    t.same(await trunkOrder(), ['main_trunk', 'backup_trunk']);
    await page.getByLabel('Patterns').fill('_07XXXXXXXX\n_07[12');
    await page.getByRole('button', { name: 'Save route' }).click();
    await page.locator('#route-patterns-error').waitFor();
    t.match(await page.locator('#route-patterns-error').textContent(), /line 2: unclosed \[ in pattern _07\[12/);
    await shot('routes-validation');
    t.equal(await configVersion(prisma), before);
  });

  t.test('move backup_trunk first and save: the flash shows the next call', async (t) => {
    await page.getByLabel('Patterns').fill('_07XXXXXXXX');
    await page.getByRole('button', { name: 'Move backup_trunk up' }).click();
    await waitFor(async () => (await trunkOrder())[0] === 'backup_trunk', 'the form to come back with the new order');
    t.same(await trunkOrder(), ['backup_trunk', 'main_trunk'], 'reordered in place, not yet saved');
    t.equal(await page.getByLabel('Patterns').inputValue(), '_07XXXXXXXX', 'the other edits survive the re-render');
    await shot('routes-edit');
    await page.getByRole('button', { name: 'Save route' }).click();
    await page.locator('#flash .flash-detail').waitFor();
    t.match(await page.locator('#flash .flash-message').textContent(), /Route mobile saved \(config version \d+\)/);
    t.match(
      await page.locator('#flash .flash-detail').textContent(),
      /agent 1009 dialing 0723456789 leaves as 0723456789 with caller ID 0310000046 via backup_trunk \(then main_trunk as 256723456789\)/,
    );
    t.equal(await page.locator('#route-form').count(), 0, 'the editor closed');
    await page.locator('#routes-table ol.trunk-chain li').first().filter({ hasText: 'backup_trunk' }).waitFor();
    await shot('routes-saved');
  });

  t.test('the next call through the live FastAGI server leaves by backup_trunk, in national format', async (t) => {
    const version = await configVersion(prisma);
    await waitFor(() => mayday.snapshots.current()?.version === version, `the FastAGI instance to load config version ${version}`);
    const result = await call('1009', '0712345678');
    t.equal(result.variables.get('MAYDAY_RESULT'), 'DIAL');
    t.equal(result.variables.get('MAYDAY_CONFIG_VERSION'), String(version));
    t.equal(result.variables.get('MAYDAY_DIAL_1'), 'PJSIP/0712345678@backup_trunk');
    t.equal(result.variables.get('MAYDAY_CID_NUM_1'), '0310000046', 'caller ID in the backup trunk\'s national format');
    t.equal(result.variables.get('MAYDAY_DIAL_2'), 'PJSIP/256712345678@main_trunk');
  });

  t.test('a new route: trunks added from the select, reordered by dragging, saved in the order shown', async (t) => {
    await page.getByRole('link', { name: 'New route' }).click();
    await page.locator('#route-form').waitFor();
    for (const name of ['main_trunk', 'backup_trunk']) {
      const count = (await trunkOrder()).length;
      await page.getByLabel('Add trunk').selectOption(name);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await waitFor(async () => (await trunkOrder()).length === count + 1, `${name} to be added`);
    }
    t.same(await trunkOrder(), ['main_trunk', 'backup_trunk']);
    await page.getByLabel('Name').fill('freephone');
    await page.getByLabel('Patterns').fill('_0800XXXXXX');
    const rows = page.locator('#route-form .trunk-item');
    await rows.nth(0).dragTo(rows.nth(1), { targetPosition: { x: 20, y: 30 } });
    t.same(await trunkOrder(), ['backup_trunk', 'main_trunk'], 'dragged below');
    t.same(await page.locator('#route-form .trunk-position').allTextContents(), ['1.', '2.'], 'renumbered');
    t.ok(await page.getByRole('button', { name: 'Move backup_trunk up' }).isDisabled(), 'the new first row cannot go up');
    await shot('routes-new');
    // The save's own answer is the event to wait on: under load it can take longer than
    // Playwright's default 30 s, and the flash is only swapped in once it has arrived.
    const answered = page.waitForResponse(
      (response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/routes',
      { timeout: 90_000 },
    );
    await page.getByRole('button', { name: 'Save route' }).click();
    t.equal((await answered).status(), 200, 'the save was answered');
    const saved = await prisma.outboundRoute.findUniqueOrThrow({
      where: { name: 'freephone' },
      include: { trunks: { orderBy: { position: 'asc' }, include: { trunk: true } } },
    });
    t.same(saved.trunks.map((link) => link.trunk.name), ['backup_trunk', 'main_trunk']);
    await page.locator('#flash .flash-message', { hasText: 'Route freephone saved' }).waitFor();
    t.match(await page.locator('#flash .flash-detail').textContent(), /dialing 0800456789 leaves as 0800456789 with caller ID 0310000046 via backup_trunk/);
  });

  t.test('the pages ran without script errors or CSP violations', async (t) => {
    // Refused saves answer 4xx on purpose; the browser and htmx log those as errors.
    const expected = /status of 4\d\d|Response Status Error Code 4\d\d/;
    t.same(problems.filter((text) => !expected.test(text)), []);
  });
}
