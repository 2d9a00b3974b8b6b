import t, { type Test } from 'tap';
import type { WebSocket } from '@fastify/websocket';
import { domId } from '../../src/domain/live/board.js';
import { channel, member, queue, startFloorPublisher, type FloorPublisher } from '../support/floor-publisher.js';
import { waitFor } from '../support/wait.js';
import { buildTestWebApp, seedRouting, type TestSession, type TestWebApp } from '../support/web.js';

// The Live page and its socket on a real MariaDB and Redis, the floor published on Redis
// by a stand-in holder exactly as the AMI holder publishes it (the real one against
// Asterisk is in test/live/live-page.browser.test.ts).

const ALICE = 'PJSIP/1009';
const BOB = 'PJSIP/1010';
const ORIGIN = { host: 'mayday.test', origin: 'http://mayday.test' };

interface Socket {
  readonly ws: WebSocket;
  readonly messages: string[];
  /** Waits for the next message after the ones already seen. */
  next(what: string): Promise<string>;
}

async function openSocket(web: TestWebApp, headers: Record<string, string>): Promise<Socket> {
  const messages: string[] = [];
  let seen = 0;
  const ws = await web.app.injectWS('/live/ws', { headers }, { onInit: (socket) => socket.on('message', (data: Buffer) => messages.push(String(data))) });
  t.teardown(() => ws.terminate());
  return {
    ws,
    messages,
    async next(what) {
      const message = await waitFor(() => messages[seen], what, 10_000);
      seen += 1;
      return message;
    },
  };
}

async function start(t: Test): Promise<{ web: TestWebApp; holder: FloorPublisher; manager: TestSession; agent: TestSession }> {
  const web = await buildTestWebApp(t, { live: true, config: { liveLeaseTtlMs: 1000, liveSocketSessionCheckMs: 100 } });
  await seedRouting(web.db.prisma);
  await web.createUser('manager1', 'manager');
  await web.createUser('agent1009', 'agent', '1009');
  const holder = await startFloorPublisher(t, web.liveNamespace, 'fake-holder', {
    channels: {
      'c-1': channel('c-1', 'PJSIP/trunk-00000001', { callerIdNum: '0712345678', exten: '100', bridgeId: 'b-1' }),
      'c-2': channel('c-2', `${BOB}-00000002`, { linkedId: 'c-1', callerIdNum: '1010', bridgeId: 'b-1' }),
    },
    queues: {
      support: queue('support', [member('support', ALICE, 'Alice <Ops>'), member('support', BOB, 'Bob', { inCall: true, status: 2 })]),
    },
    devices: {},
    hungUp: [],
  });
  await waitFor(() => web.deps.live.mirror.status.kind === 'live', 'the mirror to be live');
  return { web, holder, manager: await web.login('manager1'), agent: await web.login('agent1009') };
}

t.test('the page: agents, queues and calls from the mirror, escaped', async (t) => {
  const { manager, agent } = await start(t);
  const page = await manager.get('/live');
  t.equal(page.statusCode, 200);
  t.match(page.body, /<h1>Live floor<\/h1>/);
  t.match(page.body, /ws-connect="\/live\/ws"/);
  t.match(page.body, /<script src="\/assets\/htmx-ext-ws\/ws.min.js" defer>/);
  t.match(page.body, /Live from Asterisk through <span class="mono">fake-holder<\/span>/);
  t.match(page.body, /Alice &lt;Ops&gt;/, 'names are escaped');
  t.notMatch(page.body, /Alice <Ops>/);
  const bob = page.body.slice(page.body.indexOf(`id="${domId('agent', BOB)}"`));
  t.match(bob, /live-state-talking/);
  t.match(bob, /with <span class="talking-with">0712345678<\/span>/, 'who Bob talks to: the other leg of his bridge');
  t.match(page.body, new RegExp(`id="${domId('queue', 'support')}"[\\s\\S]*?2 \\(1 available, 0 paused\\)`));
  t.match(page.body, new RegExp(`id="${domId('call', 'c-1')}"[\\s\\S]*?0712345678`));
  t.match(page.body, /name="_csrf" value="[^"]+"/, 'forms carry the token for browsers without JavaScript');
  t.match(page.body, /aria-label="Remove Alice &lt;Ops&gt; from support"/, 'supervisors can take an agent out of a queue');
  t.match(page.body, /<form method="post" action="\/live\/members"/, 'and add one');

  const own = await agent.get('/live');
  t.equal(own.statusCode, 200);
  t.match(own.body, /My status/);
  t.match(own.body, /Alice &lt;Ops&gt;/, 'an agent sees their own row');
  t.notMatch(own.body, /id="agent-PJSIP_2f_1010"|live-queues|live-calls/, 'and nothing else');
  t.notMatch(own.body, /Remove Alice|action="\/live\/members"/, 'and no queue changes');
});

t.test('the socket: the whole board first, then only the rows that changed', async (t) => {
  const { web, holder, manager } = await start(t);
  const socket = await openSocket(web, { cookie: manager.cookie, ...ORIGIN });
  const banner = await socket.next('the banner');
  const first = await socket.next('the tables');
  t.match(banner, /^<div id="live-banner"/);
  for (const id of ['live-agents', 'live-queues', 'live-calls']) t.match(first, new RegExp(`id="${id}"`), `the first messages have ${id}`);

  const support = holder.floor.queues['support']!;
  await holder.change({ queues: { support: { ...support, members: { ...support.members, [ALICE]: member('support', ALICE, 'Alice <Ops>', { paused: true, pausedReason: 'lunch' }) } } } });
  const change = await socket.next('the pause pushed');
  t.match(change, new RegExp(`^<tr id="${domId('agent', ALICE)}" class="agent agent-paused"`), 'Alice\'s row alone');
  t.match(change, /\(lunch\)/);
  t.match(change, /Unpause/);
  t.match(change, /Alice &lt;Ops&gt;/, 'pushed fragments are escaped too');
  t.match(change, new RegExp(`<tr id="${domId('queue', 'support')}"[\\s\\S]*1 paused`), 'and the queue row whose counts moved');
  t.notMatch(change, /id="live-(agents|queues|calls|banner)"|id="agent-PJSIP_2f_1010"/, 'no whole section, no unchanged row');

  await holder.change({ channels: { 'c-1': null, 'c-2': null } });
  const hungUp = await socket.next('the hang-up pushed');
  t.match(hungUp, /<tbody id="live-calls">[\s\S]*No calls up/, 'a row gone: the section is sent whole');
  t.match(hungUp, new RegExp(`<tr id="${domId('agent', BOB)}"`), 'Bob no longer talks');
  // htmx parses a message inside a <template>: a <div> before table rows would drop them.
  for (const message of socket.messages) t.ok(/^<div id="live-banner"[^]*<\/div>\s*$/.test(message) ? !message.includes('<tr') : /^<t(body|r) /.test(message), 'the banner travels alone, table parts together');
});

t.test('the socket needs a session and this dashboard\'s Origin', async (t) => {
  const { web, manager } = await start(t);
  await t.rejects(web.app.injectWS('/live/ws', { headers: ORIGIN }), /Unexpected server response: 302/, 'no session: sent to sign in');
  await t.rejects(web.app.injectWS('/live/ws', { headers: { cookie: 'mayday_session=forged', ...ORIGIN } }), /Unexpected server response: 302/, 'an unknown session');
  await t.rejects(web.app.injectWS('/live/ws', { headers: { cookie: manager.cookie, host: 'mayday.test', origin: 'http://evil.test' } }), /Unexpected server response: 403/, 'another site');
  await t.rejects(web.app.injectWS('/live/ws', { headers: { cookie: manager.cookie, host: 'mayday.test' } }), /Unexpected server response: 403/, 'no Origin');
  const socket = await openSocket(web, { cookie: manager.cookie, ...ORIGIN });
  await socket.next('the banner');
  t.match(await socket.next('the board'), /live-agents/);
  const closed = new Promise<number>((resolve) => socket.ws.on('close', (code: number) => resolve(code)));
  const signedOut = await manager.post('/logout', {});
  t.equal(signedOut.statusCode, 303, 'signed out');
  t.equal(await closed, 1008, 'the open socket closes once its session is gone (and is not retried)');
  t.match(socket.messages.at(-1), /^<div id="live-banner"[\s\S]*Your session has ended/, 'and says so first');
});

t.test('an agent\'s socket carries only their own row', async (t) => {
  const { web, holder, agent } = await start(t);
  const socket = await openSocket(web, { cookie: agent.cookie, ...ORIGIN });
  await socket.next('the banner');
  const first = await socket.next('the agent board');
  t.match(first, /Alice &lt;Ops&gt;/);
  t.notMatch(first, /Bob|live-queues|live-calls|Remove /);
  const support = () => holder.floor.queues['support']!;
  await holder.change({ queues: { support: { ...support(), members: { ...support().members, [BOB]: member('support', BOB, 'Bob', { paused: true, pausedReason: 'break' }) } } } });
  await holder.change({ queues: { support: { ...support(), members: { ...support().members, [ALICE]: member('support', ALICE, 'Alice <Ops>', { status: 6 }) } } } });
  const next = await socket.next('Alice ringing');
  t.match(next, /agent-ringing/);
  t.notMatch(next, /Bob/, 'Bob\'s pause was never sent to Alice');
});

t.test('actions: CSRF-checked POSTs, run by the holder, audited, the outcome in the flash', async (t) => {
  const { web, holder, manager, agent } = await start(t);
  const paused = await manager.post('/live/pause', { interface: ALICE, paused: 'true', reason: 'meeting' }, { htmx: true });
  t.equal(paused.statusCode, 200);
  t.match(paused.body, /id="flash"[^>]*hx-swap-oob="true"[\s\S]*Done by the fake holder\./);
  t.same(holder.actions.at(-1), { kind: 'pause', interface: ALICE, paused: true, reason: 'meeting' });

  const forged = await web.app.inject({ method: 'POST', url: '/live/pause', headers: { ...manager.headers(), 'content-type': 'application/x-www-form-urlencoded' }, payload: `interface=${encodeURIComponent(ALICE)}&paused=false` });
  t.equal(forged.statusCode, 403, 'no token: refused');
  t.equal(holder.actions.length, 1, 'and never sent to the holder');

  const badReason = await manager.post('/live/pause', { interface: ALICE, paused: 'true', reason: 'nap' });
  t.equal(badReason.statusCode, 400);

  holder.outcome = { ok: false, message: 'Asterisk refused to hang up X: No such channel' };
  const refused = await manager.post('/live/hangup', { channel: 'PJSIP/trunk-00000001' }, { htmx: true });
  t.equal(refused.statusCode, 200);
  t.match(refused.body, /flash-error[\s\S]*No such channel/);
  holder.outcome = null;

  const own = await agent.post('/live/pause', { interface: ALICE, paused: 'false' });
  t.equal(own.statusCode, 303, 'an agent unpauses their own phone (without htmx: back to the page)');
  t.equal(own.headers.location, '/live');
  const other = await agent.post('/live/pause', { interface: BOB, paused: 'true', reason: 'break' }, { htmx: true });
  t.equal(other.statusCode, 403, 'but not someone else\'s');
  t.match(other.body, /You may not do that on the live floor/);
  const hangup = await agent.post('/live/hangup', { channel: 'PJSIP/trunk-00000001' });
  t.equal(hangup.statusCode, 403, 'agents do not hang up calls');

  const added = await manager.post('/live/members', { queue: 'sales', extension: '1010', memberName: 'Bob' }, { htmx: true });
  t.equal(added.statusCode, 200);
  t.same(holder.actions.at(-1), { kind: 'add-member', queue: 'sales', interface: BOB, memberName: 'Bob' }, 'the extension made an interface (LIVE_AGENT_INTERFACE)');
  const removed = await manager.post('/live/members/remove', { queue: 'support', interface: BOB }, { htmx: true });
  t.equal(removed.statusCode, 200);
  t.same(holder.actions.at(-1), { kind: 'remove-member', queue: 'support', interface: BOB });
  t.equal((await manager.post('/live/members', { queue: 'sales', extension: '10 10' })).statusCode, 400, 'an extension that is no extension');
  t.equal((await agent.post('/live/members', { queue: 'sales', extension: '1009' })).statusCode, 403, 'agents do not change queues');

  t.same(holder.actions.map((action) => action.kind), ['pause', 'hangup', 'pause', 'add-member', 'remove-member']);
  const audit = await web.db.prisma.floorAudit.findMany({ orderBy: { id: 'asc' } });
  t.same(
    audit.map((row) => [row.username, row.action, row.ok]),
    [['manager1', 'pause', true], ['manager1', 'hangup', false], ['agent1009', 'pause', true], ['agent1009', 'pause', false], ['manager1', 'add-member', true], ['manager1', 'remove-member', true]],
  );
});

t.test('the banner: stale AMI, then no holder at all, then back', async (t) => {
  const { web, holder, manager } = await start(t);
  const socket = await openSocket(web, { cookie: manager.cookie, ...ORIGIN });
  await socket.next('the banner');
  await socket.next('the board');
  holder.stale = true;
  await holder.beat();
  const stale = await socket.next('the stale banner');
  t.match(stale, /<div id="live-banner"[\s\S]*Live data unavailable since <time[^>]*>\d\d:\d\d:\d\d<\/time> UTC: the AMI connection of fake-holder is down/);
  t.match((await manager.get('/live')).body, /Live data unavailable since/, 'a page loaded now says so too');

  await holder.stop();
  const silent = await socket.next('the no-holder banner');
  t.match(silent, /no Mayday instance is publishing the floor/);

  await startFloorPublisher(t, web.liveNamespace, 'second-holder', holder.floor);
  const back = await waitFor(() => socket.messages.find((message) => /Live from Asterisk through <span class="mono">second-holder/.test(message)), 'the banner back to live', 10_000);
  t.notMatch(back, /unavailable/);
});

t.test('the health row: who holds the lease, AMI, the mirror\'s age', async (t) => {
  const { web, holder } = await start(t);
  const admin = await web.login('admin');
  const row = (body: string) => body.slice(body.indexOf('data-check="Live floor (AMI)"'), body.indexOf('</tr>', body.indexOf('data-check="Live floor (AMI)"')));
  const live = row((await admin.get('/health')).body);
  t.match(live, /^data-check="Live floor \(AMI\)">[\s\S]*status-ok/);
  t.match(live, /lease held by fake-holder, AMI connected; this instance has no AMI account \(AMI_USERNAME unset\); mirror last message \d+ (ms|s) ago/);
  holder.stale = true;
  await holder.beat();
  await waitFor(() => web.deps.live.mirror.status.kind === 'stale', 'the mirror to see the stale floor');
  const stale = row((await admin.get('/health')).body);
  t.match(stale, /status-down/);
  t.match(stale, /its AMI connection is down or resyncing/);
  await holder.stop();
  await waitFor(() => web.deps.live.mirror.status.kind === 'no-holder', 'no holder', 10_000);
  t.match(row((await admin.get('/health')).body), /status-down[\s\S]*no instance holds the AMI lease/);
});
