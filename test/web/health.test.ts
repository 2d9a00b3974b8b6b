import t from 'tap';
import { TEST_REDIS_URL } from '../support/addresses.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { freePort } from '../support/asterisk.js';
import { waitFor } from '../support/wait.js';
import { buildTestWebApp } from '../support/web.js';


/** The status cell of the row named `name`. */
function stateOf(body: string, name: string): string | null {
  const row = new RegExp(`<tr class="check-(ok|warn|down)" data-check="${name}">`).exec(body);
  return row?.[1] ?? null;
}

function detailOf(body: string, name: string): string {
  const start = body.indexOf(`data-check="${name}"`);
  return start < 0 ? '' : body.slice(start, body.indexOf('</tr>', start));
}

t.test('the health page: every check, full page or the polled partial', async (t) => {
  const web = await buildTestWebApp(t);
  const admin = await web.login('admin');
  for (const micros of [100, 200, 300, 5000]) web.deps.decisionStats.add(micros);

  const page = await admin.get('/health');
  t.equal(page.statusCode, 200);
  t.match(page.body, /^<!doctype html>/);
  t.match(page.body, /<h1>Health<\/h1>/);
  t.match(page.headers.vary, /HX-Request/);
  t.equal(page.headers['cache-control'], 'no-store');
  t.match(page.body, /<section id="health-status"[^>]*hx-get="\/health" hx-trigger="every 5s"/, 'polls itself every 5 s');

  t.equal(stateOf(page.body, 'MariaDB'), 'ok');
  t.match(detailOf(page.body, 'MariaDB'), /reachable, answered in/);
  t.equal(stateOf(page.body, 'Redis'), 'ok');
  t.equal(stateOf(page.body, 'FastAGI listener'), 'down', 'this test app runs no FastAGI server');
  t.match(detailOf(page.body, 'FastAGI listener'), /not listening on this instance/);
  t.match(detailOf(page.body, 'Config snapshot'), new RegExp(`version ${web.deps.snapshots.current()!.version}, confirmed`));
  t.match(detailOf(page.body, 'Decisions (last minute)'), /4 decisions, 0.07\/s, p99 5.0 ms/);
  t.match(detailOf(page.body, 'Decision log writer'), /0 buffered, 0 written, 0 dropped, 0 failed flushes/);
  t.equal(stateOf(page.body, 'Live calls'), 'ok');
  t.match(detailOf(page.body, 'Live calls'), />none</);
  t.equal(stateOf(page.body, 'IVR over ARI'), 'ok');
  t.match(detailOf(page.body, 'IVR over ARI'), /off on this instance \(ARI_URL is not set\)/);

  const partial = await admin.get('/health', { htmx: true });
  t.equal(partial.statusCode, 200);
  t.match(partial.body.trimStart(), /^<section id="health-status"/);
  t.notMatch(partial.body, /<html|<h1>/);
  t.match(partial.headers.vary, /HX-Request/);
});

t.test('an AGI listener that listens, and buffered decision-log rows, show as such', async (t) => {
  const web = await buildTestWebApp(t, { agiListening: () => true });
  const admin = await web.login('admin');
  web.deps.decisionLog.record({
    createdAt: new Date(),
    uniqueId: 'u1',
    channel: 'PJSIP/1009-1',
    agent: '1009',
    dialed: '0712345678',
    result: 'reject',
    did: null,
    dialStrings: [],
    rule: null,
    reason: 'UNKNOWN_AGENT',
    configVersion: 1,
    decisionMicros: 10,
  });
  const page = await admin.get('/health', { htmx: true });
  t.equal(stateOf(page.body, 'FastAGI listener'), 'ok');
  t.match(detailOf(page.body, 'FastAGI listener'), /listening on port 4573/);
  t.match(detailOf(page.body, 'Decision log writer'), /1 buffered, 0 written/);
});

t.test('live calls of every protocol are counted from the shared call tracker', async (t) => {
  const web = await buildTestWebApp(t);
  const admin = await web.login('admin');
  const ends = [
    web.deps.calls.begin({ uniqueId: '1795304775.1', channel: 'PJSIP/1009-1', protocol: 'agi', purpose: 'outbound' }),
    web.deps.calls.begin({ uniqueId: '1795304775.2', channel: 'PJSIP/1010-2', protocol: 'agi', purpose: 'outbound' }),
    web.deps.calls.begin({ uniqueId: '1795304775.3', channel: 'PJSIP/trunk-3', protocol: 'ari', purpose: 'ivr' }),
  ];
  t.match(detailOf((await admin.get('/health', { htmx: true })).body, 'Live calls'), /3 \(2 FastAGI, 1 ARI\)/);
  t.match(JSON.parse((await web.app.inject({ method: 'GET', url: '/healthz' })).body), { liveCalls: 3 });
  for (const end of ends) end();
  t.match(detailOf((await admin.get('/health', { htmx: true })).body, 'Live calls'), />none</);
});

t.test('managers see health; agents do not', async (t) => {
  const web = await buildTestWebApp(t);
  await web.createUser('manager1', 'manager');
  await web.createUser('agent1', 'agent');
  t.equal((await (await web.login('manager1')).get('/health')).statusCode, 200);
  t.equal((await (await web.login('agent1')).get('/health')).statusCode, 403);
  const signedOut = await web.app.inject({ method: 'GET', url: '/health' });
  t.equal(signedOut.statusCode, 302, 'signed out: to the login page');
});

t.test('Redis going away is a red row, not an error page', async (t) => {
  const proxy = await TcpProxy.forRedis();
  t.teardown(() => proxy.close());
  const web = await buildTestWebApp(t, { redisUrl: proxy.via(TEST_REDIS_URL) });
  const admin = await web.login('admin');
  t.equal(stateOf((await admin.get('/health')).body, 'Redis'), 'ok');

  proxy.cut();
  const page = await admin.get('/health');
  t.equal(page.statusCode, 200);
  t.equal(stateOf(page.body, 'Redis'), 'down');
  t.match(detailOf(page.body, 'Redis'), /unreachable: /);
  t.equal(stateOf(page.body, 'MariaDB'), 'ok');
  t.match(page.body, /Your session cannot be checked while Redis or MariaDB is unreachable/);
  const polled = await admin.get('/health', { htmx: true });
  t.equal(polled.statusCode, 200);
  t.equal(stateOf(polled.body, 'Redis'), 'down', 'the polled partial too');
  const other = await admin.get('/dids');
  t.equal(other.statusCode, 503, 'other pages still need their session');
  const noCookie = await web.app.inject({ method: 'GET', url: '/health' });
  t.equal(noCookie.statusCode, 302, 'without a session cookie: still the login page');
});

t.test('MariaDB going away is a red row, not an error page', async (t) => {
  const proxy = await TcpProxy.forDatabase();
  t.teardown(() => proxy.close());
  const web = await buildTestWebApp(t, { appDatabaseUrl: (url) => proxy.via(url) });
  const admin = await web.login('admin');
  t.equal(stateOf((await admin.get('/health')).body, 'MariaDB'), 'ok');

  proxy.cut();
  const page = await admin.get('/health');
  t.equal(page.statusCode, 200);
  t.equal(stateOf(page.body, 'MariaDB'), 'down');
  t.match(detailOf(page.body, 'MariaDB'), /unreachable: |no answer within/);
  t.equal(stateOf(page.body, 'Redis'), 'ok');

  proxy.restore();
  const back = await admin.get('/health');
  t.equal(stateOf(back.body, 'MariaDB'), 'ok', 'green again once it is back');
  t.notMatch(back.body, /Your session cannot be checked/);
});

t.test('ARI unreachable: the IVR row is down, retrying with backoff, and says why', async (t) => {
  const unused = await freePort();
  const web = await buildTestWebApp(t, { config: { ari: { url: `http://127.0.0.1:${unused}`, username: 'mayday', password: 'not-a-secret', app: 'mayday-test' } } });
  const admin = await web.login('admin');
  const page = await waitFor(async () => {
    const seen = await admin.get('/health', { htmx: true });
    return /attempt [2-9]/.test(detailOf(seen.body, 'IVR over ARI')) ? seen : undefined;
  }, 'two connection attempts', 15_000);
  t.equal(stateOf(page.body, 'IVR over ARI'), 'down');
  t.match(detailOf(page.body, 'IVR over ARI'), /unreachable: .*ECONNREFUSED.*retrying with backoff/);
});
