import { readFileSync } from 'node:fs';
import t from 'tap';
import { importConfigDocument } from '../../src/data/config-import.js';
import { InProcessConfigBus } from '../../src/realtime/config-bus.js';
import { connectAgiPeer } from '../support/asterisk-agi-peer.js';
import { createTestDatabase } from '../support/database.js';
import { silentLogger } from '../support/logger.js';
import { startTestMayday } from '../support/mayday.js';
import { waitFor } from '../support/wait.js';

// The FastAGI script `inbound` end to end over TCP, from real MariaDB data.

const yaml = readFileSync(new URL('../fixtures/config.yaml', import.meta.url), 'utf8');
const db = await createTestDatabase(t);
const deps = { prisma: db.prisma, bus: new InProcessConfigBus(), log: silentLogger() };
await importConfigDocument(deps, yaml);
const mayday = await startTestMayday(t, { DATABASE_URL: db.url });

const call = (did: string, caller: string) =>
  connectAgiPeer({ host: '127.0.0.1', port: mayday.agiPort, script: 'inbound', args: [did, caller], callerId: caller, extension: did, context: 'from-trunk' });

t.test('a DID routed to an agent, as the trunk writes it', async (t) => {
  const result = await call('+256310000045', '0772000001');
  t.same(Object.fromEntries(result.variables), {
    MAYDAY_CONFIG_VERSION: String(mayday.snapshots.current()?.version),
    MAYDAY_INBOUND_ROUTE: 'outlet-45',
    MAYDAY_DEST_KIND: 'agent',
    MAYDAY_DEST: '1010',
    MAYDAY_INBOUND_RESULT: 'ROUTE',
  });
  t.equal(result.closedBy, 'server');
});

t.test('a caller-specific forward carries its dial attempts', async (t) => {
  const result = await call('0310000047', '0712000001');
  t.same(Object.fromEntries(result.variables), {
    MAYDAY_CONFIG_VERSION: String(mayday.snapshots.current()?.version),
    MAYDAY_INBOUND_ROUTE: 'outlet-47-mobiles',
    MAYDAY_DEST_KIND: 'external',
    MAYDAY_DEST: '0712345000',
    MAYDAY_CALLERID_NAME: '0310000045',
    MAYDAY_DIAL_COUNT: '2',
    MAYDAY_DIAL_1: 'PJSIP/256712345000@main_trunk',
    MAYDAY_CID_NUM_1: '256310000045',
    MAYDAY_DIAL_2: 'PJSIP/0712345000@backup_trunk',
    MAYDAY_CID_NUM_2: '0310000045',
    MAYDAY_INBOUND_RESULT: 'ROUTE',
  });
});

t.test('an unknown DID and a DID closed to inbound are rejected with a reason', async (t) => {
  for (const [did, reason] of [['0310000099', 'UNKNOWN_DID'], ['0310000046', 'DID_NOT_INBOUND']] as const) {
    const result = await call(did, '0772000001');
    t.equal(result.variables.get('MAYDAY_INBOUND_RESULT'), 'REJECT', did);
    t.equal(result.variables.get('MAYDAY_INBOUND_REASON'), reason, did);
    t.notOk(result.variables.has('MAYDAY_DEST_KIND'));
  }
});

t.test('an imported change reaches the next call', async (t) => {
  const edited = yaml.replace('{ name: outlet-45, did: "0310000045", destination: "agent:1010" }', '{ name: outlet-45, did: "0310000045", destination: "queue:outlet45" }');
  const imported = await importConfigDocument({ ...deps, bus: mayday.bus }, edited);
  if (imported.kind !== 'imported') return t.fail(`import: ${imported.kind}`);
  await waitFor(() => mayday.snapshots.current()?.version === imported.version, 'the new snapshot', 10_000);
  const result = await call('0310000045', '0772000001');
  t.equal(result.variables.get('MAYDAY_DEST_KIND'), 'queue');
  t.equal(result.variables.get('MAYDAY_DEST'), 'outlet45');
});
