import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import { commitConfigChange } from '../../src/data/config-changes.js';
import { importConfigDocument } from '../../src/data/config-import.js';
import { createPrismaClient } from '../../src/data/prisma.js';
import { SnapshotStore } from '../../src/data/snapshot-store.js';
import { InProcessConfigBus } from '../../src/realtime/config-bus.js';
import { createTestDatabase } from '../support/database.js';
import { capturingLogger, silentLogger } from '../support/logger.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait.js';

const yaml = readFileSync(new URL('../fixtures/config.yaml', import.meta.url), 'utf8');

async function setup(t: Test, pollMs: number) {
  const db = await createTestDatabase(t);
  const bus = new InProcessConfigBus();
  await importConfigDocument({ prisma: db.prisma, bus, log: silentLogger() }, yaml);
  const proxy = await TcpProxy.forDatabase();
  const viaProxy = createPrismaClient(proxy.via(db.url), 2);
  const captured = capturingLogger();
  const store = new SnapshotStore({ prisma: viaProxy, bus, log: captured.log, pollMs });
  t.teardown(async () => {
    store.stop();
    await viaProxy.$disconnect();
    await proxy.close();
  });
  await store.start();
  const rename = (label: string, changeBus = bus) =>
    commitConfigChange({ prisma: db.prisma, bus: changeBus, log: silentLogger() }, (tx) =>
      tx.did.update({ where: { number: '0310000045' }, data: { label } }),
    );
  return { db, bus, store, proxy, captured, rename };
}

t.test('loads the configuration at start', async (t) => {
  const { store, db } = await setup(t, 60_000);
  const snapshot = store.current();
  t.ok(snapshot);
  const [row] = await db.prisma.configVersion.findMany();
  t.equal(snapshot?.version, row?.version);
  t.equal(snapshot?.dids.get('0310000045')?.label, 'Outlet 45');
  t.equal(snapshot?.agents.get('1009')?.defaultDid, '0310000046');
});

t.test('a published version reloads the snapshot without waiting for the periodic check', async (t) => {
  const { store, rename } = await setup(t, 60_000);
  const { version } = await rename('Outlet 45 renamed');
  const snapshot = await waitFor(() => store.current()?.version === version && store.current(), 'reload');
  t.equal(snapshot.dids.get('0310000045')?.label, 'Outlet 45 renamed');
});

t.test('a lost message is covered by the periodic version check', async (t) => {
  const { store, rename } = await setup(t, 50);
  const { version } = await rename('Heard by polling', new InProcessConfigBus());
  const snapshot = await waitFor(() => store.current()?.version === version && store.current(), 'poll');
  t.equal(snapshot.dids.get('0310000045')?.label, 'Heard by polling');
});

t.test('while MariaDB is away the last good snapshot keeps serving, and reloads resume after', async (t) => {
  const { store, proxy, captured, rename } = await setup(t, 50);
  const good = store.current();
  proxy.cut();
  const { version } = await rename('Changed during the outage', new InProcessConfigBus());
  await waitFor(() => captured.lines().some((line) => line.msg.includes('serving the last good config snapshot')), 'outage log', 15_000);
  await store.refresh();
  t.equal(store.current(), good, 'still the last good snapshot');
  const outageLines = captured.lines().filter((line) => line.msg.includes('serving the last good config snapshot'));
  t.equal(outageLines.length, 1, 'the outage is logged once, not on every check');
  proxy.restore();
  const snapshot = await waitFor(() => store.current()?.version === version && store.current(), 'recovery', 15_000);
  t.equal(snapshot.dids.get('0310000045')?.label, 'Changed during the outage');
  t.ok(captured.lines().some((line) => line.msg.includes('database reachable again')));
});
