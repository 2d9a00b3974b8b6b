import t from 'tap';
import { importConfigDocument } from '../../src/data/config-import.js';
import { InProcessConfigBus, RedisConfigBus } from '../../src/realtime/config-bus.js';
import { connectRedis, createRedis } from '../../src/realtime/redis.js';
import { asteriskOrSkip, freePort, startTestAsterisk, type CallTrace, type TestAsterisk } from '../support/asterisk.js';
import { silentLogger } from '../support/logger.js';
import { startTestMayday } from '../support/mayday.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { spawnMayday } from '../support/mayday-process.js';
import { waitFor } from '../support/wait.js';
import { buildTestWebApp } from '../support/web.js';
import { TEST_REDIS_URL } from '../support/addresses.js';

// The outbound path through a real Asterisk 22: agents' calls are Local channels entering
// the project's own dialplan include, Mayday decides over FastAGI, and fake trunks (dialplan
// contexts) report the number and caller ID that reached them.

// Numbers are fictional. Routes are written in the canonical form (international digits).
const routingYaml = `
settings:
  countryCode: "256"
  nationalPrefix: "0"
  defaultDid: "0310000001"
  emergencyNumbers: ["112", "999"]
trunks:
  - { name: main_trunk, dial: "Local/{number}@fake-main", numberFormat: e164 }
  - { name: backup_trunk, dial: "Local/{number}@fake-backup", numberFormat: national }
dids:
  - { number: "0310000001", label: Head office, outbound: true, inbound: true }
  - { number: "0310000045", label: Outlet 45, callerIdName: Outlet Forty-Five, outbound: true, inbound: true }
  - { number: "0310000046", label: Outlet 46, outbound: true, inbound: false }
  - { number: "0310000047", label: Outlet 47, outbound: false, inbound: true }
agents:
  - { extension: "1009", name: Agent 1009, defaultDid: "0310000046" }
  - { extension: "1010", name: Agent 1010, prefixes: ["45"] }
prefixes:
  - { prefix: "45", did: "0310000045" }
  - { prefix: "46", did: "0310000046" }
  - { prefix: "47", did: "0310000047" }
outboundRoutes:
  - { name: mobile, priority: 10, patterns: ["_2567XXXXXXXX"], trunks: [main_trunk, backup_trunk] }
  - { name: landline, priority: 15, patterns: ["_2563XXXXXXXX"], callerId: "0310000001", trunks: [backup_trunk] }
`;
const FALLBACK_CALLERID = '0310000009';

// Each real call takes a fraction of a second, but starting a second Mayday process and
// signing in to the dashboard take many on a loaded machine.
t.setTimeout(300_000);

const asteriskDir = asteriskOrSkip(t);
if (asteriskDir !== null) {
  const log = silentLogger();
  // The dashboard publishes config versions on Redis, as in production.
  const publisher = createRedis(TEST_REDIS_URL, log, 'asterisk-outbound-test-web');
  await connectRedis(publisher);
  const web = await buildTestWebApp(t, { bus: new RedisConfigBus(publisher, null, log) });
  const { db } = web;
  const imported = await importConfigDocument({ prisma: db.prisma, bus: new InProcessConfigBus(), log }, routingYaml);
  if (imported.kind !== 'imported') throw new Error(`the test configuration did not import: ${JSON.stringify(imported)}`);
  await web.deps.snapshots.refresh();
  // A long periodic check: only the Redis message can explain a prompt reload.
  const mayday = await startTestMayday(t, { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, CONFIG_POLL_MS: '600000' });
  const maydayUrl = `agi://127.0.0.1:${mayday.agiPort}`;
  // A second Mayday in its own process, to be stopped with SIGTERM by the last test; started
  // now because its start (tsx compiling) takes seconds.
  const stoppable = spawnMayday(t, { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL });

  const asterisk = await startTestAsterisk(t, asteriskDir, {
    maydayGlobals: {
      MAYDAY_AGI_URL: maydayUrl,
      MAYDAY_DIAL_TIMEOUT: '1',
      MAYDAY_FALLBACK_TECH: 'Local',
      MAYDAY_FALLBACK_TRUNK: 'fake-fallback',
      MAYDAY_FALLBACK_CALLERID: FALLBACK_CALLERID,
    },
    endpoints: { main: 'answer', backup: 'answer', fallback: 'answer', features: 'answer' },
    sounds: ['ss-noservice'],
    // The PBX's own feature codes, in the same context as the include.
    dialplan: ['[t-agents]', 'exten => _*.,1,Goto(fake-features,${EXTEN},1)', 'exten => _#.,1,Goto(fake-features,${EXTEN},1)'].join('\n'),
  });
  t.beforeEach(async () => {
    for (const endpoint of ['main', 'backup', 'fallback', 'features']) await asterisk.setMode(endpoint, 'answer');
  });

  const dial = async (agent: string, dialed: string, on: TestAsterisk = asterisk) => on.finished(await on.placeCall(agent, dialed));
  // The agent hangs up on hearing congestion (which would otherwise last its 5 s).
  const dialUntilCongestion = async (agent: string, dialed: string) => {
    const call = await asterisk.placeCall(agent, dialed);
    const congestion = await asterisk.ami.waitForEvent(
      (event) => event.Event === 'Newexten' && event.Uniqueid === call.id && event.Application === 'Congestion',
      `congestion on ${agent} → ${dialed}`,
    );
    await asterisk.ami.succeed({ Action: 'Hangup', Channel: congestion.Channel ?? '' });
    return asterisk.finished(call);
  };
  const reachedAt = (trace: CallTrace) => trace.reached.map(({ endpoint, number, callerIdNum }) => [endpoint, number, callerIdNum]);

  t.test('a prefix picks the outlet DID as caller ID and is stripped', async (t) => {
    const trace = await dial('1009', '450712345678');
    t.same(trace.reached, [{ endpoint: 'main', number: '256712345678', callerIdNum: '256310000045', callerIdName: 'Outlet Forty-Five' }]);
    t.same(trace.dialStatuses, ['ANSWER']);
    t.equal(trace.variables.get('MAYDAY_RULE'), 'prefix 45 + route mobile');
  });

  t.test("without a prefix the agent's default DID is the caller ID", async (t) => {
    const trace = await dial('1009', '0712345678');
    t.same(reachedAt(trace), [['main', '256712345678', '256310000046']]);
    t.equal(trace.reached[0]?.callerIdName, '0310000046', 'a DID without a caller-ID name shows its number');
  });

  t.test("a route's own caller ID wins over the agent's default DID", async (t) => {
    const trace = await dial('1009', '0310000099');
    t.same(reachedAt(trace), [['backup', '0310000099', '0310000001']]);
  });

  for (const failure of ['chanunavail', 'congestion'] as const) {
    t.test(`the next trunk is tried when the first fails (${failure.toUpperCase()}), each in its own format`, async (t) => {
      await asterisk.setMode('main', failure);
      const trace = await dial('1009', '450712345678');
      t.same(reachedAt(trace), [['main', '256712345678', '256310000045'], ['backup', '0712345678', '0310000045']]);
      t.same(trace.dialStatuses, [failure.toUpperCase(), 'ANSWER']);
    });
  }

  for (const outcome of ['busy', 'noanswer'] as const) {
    t.test(`no other trunk is tried when the callee is ${outcome === 'busy' ? 'busy' : 'not answering'}`, async (t) => {
      await asterisk.setMode('main', outcome);
      const trace = await dial('1009', '0712345678');
      t.same(reachedAt(trace), [['main', '256712345678', '256310000046']]);
      t.same(trace.dialStatuses, [outcome.toUpperCase()]);
    });
  }

  t.test('a reject plays the reject sound, then congestion; no trunk is dialed', async (t) => {
    const trace = await dialUntilCongestion('1010', '460712345678');
    t.same(trace.reached, []);
    t.equal(trace.variables.get('MAYDAY_RESULT'), 'REJECT');
    t.equal(trace.variables.get('MAYDAY_REASON'), 'PREFIX_NOT_ALLOWED');
    t.equal(trace.variables.get('PLAYBACKSTATUS'), 'SUCCESS', 'the sound was played');
    const fromReject = trace.applications.slice(trace.applications.findIndex((app) => app.startsWith('Progress')));
    t.same(fromReject.slice(0, 3), ['Progress()', 'Playback(ss-noservice,noanswer)', 'Congestion(5)']);
  });

  t.test('an unknown agent is rejected the same way', async (t) => {
    const trace = await dialUntilCongestion('7777', '0712345678');
    t.same(trace.reached, []);
    t.equal(trace.variables.get('MAYDAY_REASON'), 'UNKNOWN_AGENT');
    t.ok(trace.applications.includes('Playback(ss-noservice,noanswer)'));
  });

  t.test('an emergency number leaves even for an unknown agent, unchanged, with the system caller ID', async (t) => {
    const trace = await dial('7777', '112');
    t.same(reachedAt(trace), [['main', '112', '256310000001']]);
    t.equal(trace.variables.get('MAYDAY_RULE'), 'emergency');
  });

  t.test('with Mayday not running the call takes the fallback trunk, number unchanged', async (t) => {
    await setMaydayUrl(asterisk, `agi://127.0.0.1:${await freePort()}`);
    t.teardown(() => setMaydayUrl(asterisk, maydayUrl));
    const trace = await dial('1009', '450712345678');
    t.same(reachedAt(trace), [['fallback', '450712345678', FALLBACK_CALLERID]]);
    t.equal(trace.variables.get('AGISTATUS'), 'FAILURE');
  });

  t.test('every form an agent dials reaches the same trunk with the same caller ID, with and without a prefix', async (t) => {
    for (const form of ['0712345678', '+256712345678', '256712345678', '00256712345678']) {
      t.same(reachedAt(await dial('1009', form)), [['main', '256712345678', '256310000046']], form);
      t.same(reachedAt(await dial('1009', `45${form}`)), [['main', '256712345678', '256310000045']], `45${form}`);
    }
  });

  t.test('feature codes stay with the PBX and never reach Mayday', async (t) => {
    await mayday.decisionLog.flush();
    const before = await db.prisma.decisionLog.count();
    for (const code of ['*72', '*310712345678', '#31#0712345678']) {
      const trace = await dial('1009', code);
      t.same(reachedAt(trace), [['features', code, '1009']], code);
      t.notOk(trace.variables.has('MAYDAY_AGENT'), `${code} did not enter the include`);
    }
    await mayday.decisionLog.flush();
    t.equal(await db.prisma.decisionLog.count(), before, 'no decision was asked for');
  });

  t.test('a change saved in the dashboard is followed by the next real call', async (t) => {
    const admin = await web.login('admin');
    const agent = await db.prisma.agent.findUniqueOrThrow({ where: { extension: '1009' } });
    const saved = await admin.post(`/agents/${agent.id}`, { name: 'Agent 1009', defaultDid: '0310000001', enabled: 'on' });
    t.ok(saved.statusCode < 400, `saved (${saved.statusCode})`);
    const version = (await db.prisma.configVersion.findFirstOrThrow({ orderBy: { version: 'desc' } })).version;
    await waitFor(() => mayday.snapshots.current()?.version === version, 'Mayday to hear the new version');
    t.same(reachedAt(await dial('1009', '0712345678')), [['main', '256712345678', '256310000001']]);
  });

  t.test('SIGTERM while calls are in flight: the call being decided finishes, new calls take the fallback, none is dropped', async (t) => {
    const port = await stoppable.agiPort();

    // Asterisk reaches this Mayday through a gate that holds what Asterisk sends, so the
    // first call is surely mid-decision when SIGTERM arrives.
    const gate = await new TcpProxy({ host: '127.0.0.1', port }).start();
    t.teardown(() => gate.close());
    await setMaydayUrl(asterisk, `agi://127.0.0.1:${gate.port}`);
    t.teardown(() => setMaydayUrl(asterisk, maydayUrl));

    gate.hold();
    const inFlight = await asterisk.placeCall('1009', '450712345678');
    await waitFor(() => gate.upstreamConnections > 0, 'the call to be connected to Mayday');
    stoppable.child.kill('SIGTERM');
    await waitFor(() => stoppable.lines.some((line) => line.msg === 'shutting down: draining live calls'), 'the shutdown to begin');

    const during = await dial('1009', '0712345678');
    t.same(reachedAt(during), [['fallback', '0712345678', FALLBACK_CALLERID]], 'a new call during the drain takes the fallback');

    gate.release();
    const drained = await asterisk.finished(inFlight);
    t.same(reachedAt(drained), [['main', '256712345678', '256310000045']], 'the call in flight got its decision');
    t.equal(await stoppable.exited, 0, 'Mayday exited cleanly');
  });
}

async function setMaydayUrl(asterisk: TestAsterisk, url: string): Promise<void> {
  await asterisk.ami.succeed({ Action: 'Setvar', Variable: 'MAYDAY_AGI_URL', Value: url });
}
