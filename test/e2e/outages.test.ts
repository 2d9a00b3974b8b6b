import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import { commitConfigChange } from '../../src/data/config-changes.js';
import { importConfigDocument } from '../../src/data/config-import.js';
import { InProcessConfigBus } from '../../src/realtime/config-bus.js';
import { connectAgiPeer } from '../support/asterisk-agi-peer.js';
import { createTestDatabase } from '../support/database.js';
import { capturingLogger, silentLogger } from '../support/logger.js';
import { startTestMayday } from '../support/mayday.js';
import { TEST_REDIS_URL } from '../support/addresses.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait.js';

// MariaDB and Redis taken away under a running instance (a proxy resets and refuses their
// connections) and brought back: calls keep being answered, nothing is silently lost.

const yaml = readFileSync(new URL('../fixtures/config.yaml', import.meta.url), 'utf8');

async function setup(t: Test, pollMs: string) {
  const db = await createTestDatabase(t);
  await importConfigDocument({ prisma: db.prisma, bus: new InProcessConfigBus(), log: silentLogger() }, yaml);
  const mariadbProxy = await TcpProxy.forDatabase();
  const redisProxy = await TcpProxy.forRedis();
  t.teardown(async () => {
    await mariadbProxy.close();
    await redisProxy.close();
  });
  const captured = capturingLogger('info');
  const mayday = await startTestMayday(
    t,
    {
      DATABASE_URL: mariadbProxy.via(db.url),
      REDIS_URL: redisProxy.via(TEST_REDIS_URL),
      CONFIG_POLL_MS: pollMs,
      DECISION_LOG_FLUSH_MS: '50',
    },
    captured.log,
  );
  const call = (agent: string, dialed: string) =>
    connectAgiPeer({ host: '127.0.0.1', port: mayday.agiPort, script: 'outbound', args: [agent, dialed] });
  return { db, mayday, mariadbProxy, redisProxy, captured, call };
}

t.test('MariaDB away: calls are answered from the last good snapshot and their log rows wait', async (t) => {
  const { db, mayday, mariadbProxy, captured, call } = await setup(t, '100');
  const before = await db.prisma.decisionLog.count();
  mariadbProxy.cut();
  const during = await Promise.all([call('1009', '450712345678'), call('1010', '0712345678'), call('1009', '0412')]);
  t.same(
    during.map((result) => result.variables.get('MAYDAY_RESULT')),
    ['DIAL', 'DIAL', 'REJECT'],
    'decisions still taken',
  );
  await waitFor(() => captured.lines().some((line) => line.msg.includes('serving the last good config snapshot')), 'outage noticed', 15_000);
  await waitFor(() => mayday.decisionLog.stats().failedFlushes > 0, 'a failed flush', 15_000);
  t.equal(mayday.decisionLog.stats().buffered, 3, 'rows buffered, not dropped');
  mariadbProxy.restore();
  await waitFor(() => mayday.decisionLog.stats().buffered === 0, 'buffered rows written after recovery', 15_000);
  t.equal(await db.prisma.decisionLog.count(), before + 3);
  t.equal(mayday.decisionLog.stats().dropped, 0);
});

t.test('Redis away: calls go on, and changes arrive through the periodic version check', async (t) => {
  const { db, mayday, redisProxy, call } = await setup(t, '100');
  redisProxy.cut();
  const { version } = await commitConfigChange({ prisma: db.prisma, bus: new InProcessConfigBus(), log: silentLogger() }, (tx) =>
    tx.agent.update({ where: { extension: '1009' }, data: { defaultDid: '0310000045' } }),
  );
  await waitFor(() => mayday.snapshots.current()?.version === version, 'the periodic check to load the change', 15_000);
  const result = await call('1009', '0712345678');
  t.equal(result.variables.get('MAYDAY_DID'), '0310000045');
  redisProxy.restore();
  await waitFor(() => mayday.redis.status === 'ready', 'redis reconnect', 15_000);
  t.equal((await call('1010', '0712345678')).variables.get('MAYDAY_RESULT'), 'DIAL');
});
