import t from 'tap';
import { domId } from '../../src/domain/live/board.js';
import { asteriskOrSkip, phoneOf, startFloorAsterisk } from '../support/asterisk-floor.js';
import { chromiumMissing, openDashboardPage, signIn } from '../support/browser.js';
import { waitFor } from '../support/wait.js';
import { ADMIN_PASSWORD, buildTestWebApp } from '../support/web.js';

// A supervisor watches the Live page in a real Chromium while a real Asterisk 22 changes
// the floor: the dashboard instance holds the AMI lease itself, folds Asterisk's events,
// publishes them on Redis, its mirror reads them back and the page's socket pushes the
// rows that changed. Nothing reloads the page: a marker set on `window` survives.

const missing = chromiumMissing();
const asteriskDir = missing ? null : asteriskOrSkip(t);
if (missing) {
  t.plan(0, `browser tests skipped: ${missing}`);
} else if (asteriskDir !== null) {
  const asterisk = await startFloorAsterisk(t, asteriskDir);
  const web = await buildTestWebApp(t, {
    live: true,
    config: {
      ami: { host: '127.0.0.1', port: asterisk.amiPort, username: asterisk.amiUser.username, secret: asterisk.amiUser.secret },
      liveLeaseTtlMs: 1500,
    },
  });
  const { mirror } = web.deps.live;
  await waitFor(() => mirror.status.kind === 'live', 'the floor live from Asterisk', 30_000);
  await asterisk.ami.succeed({ Action: 'QueueAdd', Queue: 'support', Interface: phoneOf('agent1'), MemberName: 'Agent One' });
  t.teardown(() => asterisk.ami.succeed({ Action: 'QueueRemove', Queue: 'support', Interface: phoneOf('agent1') }).catch(() => undefined));
  await waitFor(() => mirror.state.queues['support']?.members[phoneOf('agent1')], 'Agent One in the mirror', 10_000);

  const { page, base, problems, shot } = await openDashboardPage(t, web.app);
  const row = page.locator(`#${domId('agent', phoneOf('agent1'))}`);
  const state = () => row.locator('.live-state').textContent();
  /** The page never reloaded: a value set on the first load is still there. */
  const sameDocument = () => page.evaluate(() => (window as unknown as { liveMarker?: string }).liveMarker === 'first-load');

  t.test('sign in and open the Live page: the agent is available, the socket open', async (t) => {
    await page.goto(`${base}/live`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${base}/live`);
    t.equal(await page.locator('h1').textContent(), 'Live floor');
    t.equal(await state(), 'available');
    t.match(await page.locator('#live-banner').textContent(), /Live from Asterisk through test-web-/);
    await page.evaluate(() => {
      (window as unknown as { liveMarker: string }).liveMarker = 'first-load';
    });
    await waitFor(() => web.app.websocketServer.clients.size === 1, 'the page\'s socket', 10_000);
    await shot('live-available');
  });

  t.test('Asterisk pauses the agent: the row turns paused with the reason, in place', async (t) => {
    await asterisk.ami.succeed({ Action: 'QueuePause', Interface: phoneOf('agent1'), Paused: 'true', Reason: 'lunch' });
    await row.locator('.live-state', { hasText: 'paused' }).waitFor({ timeout: 10_000 });
    t.equal(await row.locator('.paused-reason').textContent(), '(lunch)');
    t.ok(await sameDocument(), 'the page was not reloaded');
    await shot('live-paused');
  });

  t.test('the supervisor unpauses from the page: Asterisk does it, the row follows', async (t) => {
    await page.getByRole('button', { name: 'Unpause Agent One' }).click();
    await page.locator('#flash .flash-message', { hasText: 'Unpaused.' }).waitFor({ timeout: 15_000 });
    await row.locator('.live-state', { hasText: 'available' }).waitFor({ timeout: 10_000 });
    // Asked over the holder's own AMI connection (the test's client reads no event lists).
    const status = await web.deps.live.holder!.ami.list('QueueStatus', { Queue: 'support' });
    t.equal(status.events.find((event) => event.get('location') === phoneOf('agent1'))?.get('paused'), '0', 'unpaused in Asterisk itself');
    t.ok(await sameDocument());
    const audit = await web.db.prisma.floorAudit.findMany();
    t.same(audit.map((entry) => [entry.username, entry.action, entry.target, entry.ok]), [['admin', 'pause', `unpause ${phoneOf('agent1')}`, true]]);
  });

  t.test('a caller enters the queue and the agent answers: talking, and the call is listed', async (t) => {
    await asterisk.ami.succeed({ Action: 'Originate', Channel: 'Local/support@t-callers', Application: 'Wait', Data: '600', Async: 'true' });
    t.teardown(() => asterisk.ami.succeed({ Action: 'Hangup', Channel: '/^Local\\/(support@t-callers|agent1).*/' }).catch(() => undefined));
    await row.locator('.live-state', { hasText: 'talking' }).waitFor({ timeout: 15_000 });
    t.match(await row.locator('.talking-with').textContent(), /\S/, 'with someone');
    t.ok(await page.locator('#live-calls tr.call').count() >= 1, 'the call is listed');
    t.ok(await sameDocument());
    await shot('live-talking');
  });

  t.test('the page ran without script errors or CSP violations', async (t) => {
    t.same(problems, []);
  });
}
