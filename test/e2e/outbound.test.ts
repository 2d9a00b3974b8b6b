import { readFileSync } from 'node:fs';
import t from 'tap';
import { commitConfigChange } from '../../src/data/config-changes.js';
import { importConfigDocument } from '../../src/data/config-import.js';
import { InProcessConfigBus } from '../../src/realtime/config-bus.js';
import { connectAgiPeer } from '../support/asterisk-agi-peer.js';
import { createTestDatabase } from '../support/database.js';
import { silentLogger } from '../support/logger.js';
import { startTestMayday } from '../support/mayday.js';
import { waitFor } from '../support/wait.js';

// End to end over TCP: a FastAGI peer that speaks like Asterisk calls the real server,
// which decides from real MariaDB data and hears config versions over real Redis.

const yaml = readFileSync(new URL('../fixtures/config.yaml', import.meta.url), 'utf8');
const db = await createTestDatabase(t);
await importConfigDocument({ prisma: db.prisma, bus: new InProcessConfigBus(), log: silentLogger() }, yaml);
// A long periodic check: in these tests only Redis pub/sub can explain a prompt reload.
const mayday = await startTestMayday(t, { DATABASE_URL: db.url, CONFIG_POLL_MS: '600000' });

const call = (agent: string, dialed: string, port = mayday.agiPort) =>
  connectAgiPeer({ host: '127.0.0.1', port, script: 'outbound', args: [agent, dialed], callerId: agent, extension: dialed, context: 'agents' });

t.test('an agent dialing without a prefix leaves with the default DID, on every trunk in order', async (t) => {
  const result = await call('1009', '0712345678');
  t.same(Object.fromEntries(result.variables), {
    MAYDAY_RULE: 'route mobile',
    MAYDAY_CONFIG_VERSION: String(mayday.snapshots.current()?.version),
    MAYDAY_DID: '0310000046',
    MAYDAY_CALLERID_NAME: '0310000046',
    MAYDAY_DIAL_COUNT: '2',
    MAYDAY_DIAL_1: 'PJSIP/256712345678@main_trunk',
    MAYDAY_CID_NUM_1: '256310000046',
    MAYDAY_DIAL_2: 'PJSIP/0712345678@backup_trunk',
    MAYDAY_CID_NUM_2: '0310000046',
    MAYDAY_RESULT: 'DIAL',
  });
  t.equal(result.closedBy, 'server');
  t.equal(result.sent.at(-1), 'HANGUP', 'the peer answered the close as Asterisk does');
});

t.test('a prefix picks the outlet DID and is stripped', async (t) => {
  const result = await call('1009', '450712345678');
  t.equal(result.variables.get('MAYDAY_RESULT'), 'DIAL');
  t.equal(result.variables.get('MAYDAY_DID'), '0310000045');
  t.equal(result.variables.get('MAYDAY_DIAL_1'), 'PJSIP/256712345678@main_trunk');
  t.equal(result.variables.get('MAYDAY_CID_NUM_1'), '256310000045');
  t.equal(result.variables.get('MAYDAY_RULE'), 'prefix 45 + route mobile');
});

t.test('rejections carry a machine-readable reason', async (t) => {
  const cases: [string, string, string][] = [
    ['1010', '460712345678', 'PREFIX_NOT_ALLOWED'],
    ['1009', '470712345678', 'DID_NOT_OUTBOUND'],
    ['1009', '0412', 'NO_ROUTE'],
    ['7777', '0712345678', 'UNKNOWN_AGENT'],
  ];
  for (const [agent, dialed, reason] of cases) {
    const result = await call(agent, dialed);
    t.equal(result.variables.get('MAYDAY_RESULT'), 'REJECT', `${agent} ${dialed}`);
    t.equal(result.variables.get('MAYDAY_REASON'), reason, `${agent} ${dialed}`);
    t.notOk(result.variables.has('MAYDAY_DIAL_1'), 'no dial string on a reject');
  }
});

t.test('emergency numbers are dialed even for an unknown agent', async (t) => {
  const result = await call('7777', '112');
  t.equal(result.variables.get('MAYDAY_RESULT'), 'DIAL');
  t.equal(result.variables.get('MAYDAY_RULE'), 'emergency');
  t.equal(result.variables.get('MAYDAY_DIAL_1'), 'PJSIP/112@main_trunk');
});

t.test('every decision is written to the decision log', async (t) => {
  await call('1009', '450712345678');
  await mayday.decisionLog.flush();
  const row = await db.prisma.decisionLog.findFirst({ where: { dialed: '450712345678' }, orderBy: { id: 'desc' } });
  t.match(row, {
    agent: '1009',
    result: 'dial',
    did: '0310000045',
    dialStrings: 'PJSIP/256712345678@main_trunk | PJSIP/0712345678@backup_trunk',
    rule: 'prefix 45 + route mobile',
    reason: null,
    configVersion: mayday.snapshots.current()?.version,
  });
  t.match(row?.channel, /^Local\/450712345678@agi-test-/);
  t.ok(Number(row?.decisionMicros) >= 0);
  const rejected = await db.prisma.decisionLog.findFirst({ where: { agent: '1010', dialed: '460712345678' } });
  t.match(rejected, { result: 'reject', reason: 'PREFIX_NOT_ALLOWED', did: null });
});

t.test('a change is used by the next call on every instance, without a reload', async (t) => {
  const second = await startTestMayday(t, { DATABASE_URL: db.url, CONFIG_POLL_MS: '600000' });
  t.equal((await call('1009', '0712345678', second.agiPort)).variables.get('MAYDAY_DID'), '0310000046');
  // The change is made through the first instance's bus, as the dashboard of any instance would.
  const { version } = await commitConfigChange({ prisma: db.prisma, bus: mayday.bus, log: silentLogger() }, (tx) =>
    tx.agent.update({ where: { extension: '1009' }, data: { defaultDid: '0310000001' } }),
  );
  await waitFor(() => second.snapshots.current()?.version === version, 'the second instance to hear the new version');
  const after = await call('1009', '0712345678', second.agiPort);
  t.equal(after.variables.get('MAYDAY_DID'), '0310000001');
  t.equal(after.variables.get('MAYDAY_CONFIG_VERSION'), String(version));
  await waitFor(() => mayday.snapshots.current()?.version === version, 'the first instance too');
  t.equal((await call('1009', '0712345678')).variables.get('MAYDAY_CID_NUM_1'), '256310000001');
});

t.test('an unknown script is closed without writing any variable, so the dialplan takes its fallback', async (t) => {
  const result = await connectAgiPeer({ host: '127.0.0.1', port: mayday.agiPort, script: 'no-such-script' });
  t.same(Object.fromEntries(result.variables), {}, 'MAYDAY_RESULT stays empty: the include clears it before AGI()');
  t.strictSame(result.commands, []);
  t.equal(result.closedBy, 'server');
});

t.test('bad peers end their own session only', async (t) => {
  const badPeers = [
    connectAgiPeer({ host: '127.0.0.1', port: mayday.agiPort, script: 'outbound', rawEnvBlock: 'this is not agi\n\n' }),
    connectAgiPeer({ host: '127.0.0.1', port: mayday.agiPort, script: 'outbound', args: ['1009', '0712345678'], resetAfterEnv: true }),
    connectAgiPeer({ host: '127.0.0.1', port: mayday.agiPort, script: 'outbound', args: ['1009', '0712345678'], resetAfterCommands: 2 }),
    connectAgiPeer({ host: '127.0.0.1', port: mayday.agiPort, script: 'outbound', args: ['1009', '0712345678'], hangupAfterCommands: 1 }),
  ];
  const good = call('1010', '450712345678');
  const settled = await Promise.allSettled(badPeers);
  t.ok(settled.every((outcome) => outcome.status === 'fulfilled'), 'each bad session was closed, none hung');
  t.equal((await good).variables.get('MAYDAY_RESULT'), 'DIAL', 'a concurrent good call was unaffected');
  t.equal((await call('1009', '0712345678')).variables.get('MAYDAY_RESULT'), 'DIAL', 'the server still serves');
});

t.test('a hundred concurrent calls each get their own decision', async (t) => {
  const calls = Array.from({ length: 100 }, (_, i) => {
    const number = `07123456${String(i).padStart(2, '0')}`;
    return i % 2 === 0
      ? { agent: '1009', dialed: `45${number}`, did: '0310000045', dial: `PJSIP/2567123456${String(i).padStart(2, '0')}@main_trunk` }
      : { agent: '1010', dialed: number, did: '0310000001', dial: `PJSIP/2567123456${String(i).padStart(2, '0')}@main_trunk` };
  });
  const results = await Promise.all(calls.map(({ agent, dialed }) => call(agent, dialed)));
  t.same(
    results.map((result) => [result.variables.get('MAYDAY_DID'), result.variables.get('MAYDAY_DIAL_1')]),
    calls.map(({ did, dial }) => [did, dial]),
  );
});
