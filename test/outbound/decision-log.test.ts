import t, { type Test } from 'tap';
import { DecisionLogWriter, type DecisionRecord } from '../../src/outbound/decision-log.js';
import { createDriverPool } from '../../src/data/pool.js';
import { createTestDatabase } from '../support/database.js';
import { capturingLogger } from '../support/logger.js';
import { TcpProxy } from '../support/tcp-proxy.js';

function record(n: number): DecisionRecord {
  return {
    createdAt: new Date(Date.UTC(2026, 10, 22, 9, 0, 0, n)),
    uniqueId: `1795304775.${n}`,
    channel: `PJSIP/1009-0000000${n}`,
    agent: '1009',
    dialed: '450712345678',
    result: n % 2 === 0 ? 'dial' : 'reject',
    did: n % 2 === 0 ? '0310000045' : null,
    dialStrings: n % 2 === 0 ? ['PJSIP/256712345678@main_trunk', 'PJSIP/0712345678@backup_trunk'] : [],
    rule: n % 2 === 0 ? 'prefix 45 + route mobile' : null,
    reason: n % 2 === 0 ? null : 'NO_ROUTE',
    configVersion: 7,
    decisionMicros: 12 + n,
  };
}

async function setup(t: Test, maxBufferedRows = 1000) {
  const db = await createTestDatabase(t);
  const proxy = await TcpProxy.forDatabase();
  const pool = createDriverPool(proxy.via(db.url));
  const captured = capturingLogger();
  const writer = new DecisionLogWriter({ pool, log: captured.log, maxBufferedRows, flushMs: 60_000, batchRows: 3 });
  t.teardown(async () => {
    await pool.end();
    await proxy.close();
  });
  return { db, proxy, writer, captured };
}

t.test('writes every field of every decision, in batches', async (t) => {
  const { db, writer } = await setup(t);
  for (let n = 0; n < 7; n += 1) writer.record(record(n));
  t.equal(writer.stats().buffered, 7);
  await writer.flush();
  t.same(writer.stats(), { buffered: 0, written: 7, dropped: 0, failedFlushes: 0 });
  const rows = await db.prisma.decisionLog.findMany({ orderBy: { id: 'asc' } });
  t.equal(rows.length, 7);
  t.match(rows[0], {
    createdAt: new Date(Date.UTC(2026, 10, 22, 9, 0, 0, 0)),
    uniqueId: '1795304775.0',
    channel: 'PJSIP/1009-00000000',
    agent: '1009',
    dialed: '450712345678',
    result: 'dial',
    did: '0310000045',
    dialStrings: 'PJSIP/256712345678@main_trunk | PJSIP/0712345678@backup_trunk',
    rule: 'prefix 45 + route mobile',
    reason: null,
    configVersion: 7,
    decisionMicros: 12,
  });
  t.match(rows[1], { result: 'reject', reason: 'NO_ROUTE', did: null, dialStrings: '' });
});

t.test('rows wait while MariaDB is away and are written when it is back', async (t) => {
  const { db, proxy, writer, captured } = await setup(t);
  proxy.cut();
  for (let n = 0; n < 5; n += 1) writer.record(record(n));
  await writer.flush();
  await writer.flush();
  t.equal(writer.stats().buffered, 5, 'nothing lost');
  t.equal(writer.stats().failedFlushes, 2);
  t.equal(captured.lines().filter((line) => line.msg.startsWith('cannot write the decision log')).length, 1, 'logged once per outage');
  proxy.restore();
  await writer.flush();
  t.same(writer.stats(), { buffered: 0, written: 5, dropped: 0, failedFlushes: 2 });
  t.equal(await db.prisma.decisionLog.count(), 5);
  t.ok(captured.lines().some((line) => line.msg === 'decision log writes resumed'));
});

t.test('rows beyond the bounded buffer are counted and logged, never silently lost', async (t) => {
  const { db, proxy, writer, captured } = await setup(t, 4);
  proxy.cut();
  for (let n = 0; n < 7; n += 1) writer.record(record(n));
  t.same(writer.stats(), { buffered: 4, written: 0, dropped: 3, failedFlushes: 0 });
  await writer.flush();
  const report = captured.lines().find((line) => line.msg === 'decision log buffer full; rows were not recorded');
  t.match(report, { dropped: 3, totalDropped: 3, maxBufferedRows: 4 });
  proxy.restore();
  await writer.close();
  t.equal(await db.prisma.decisionLog.count(), 4);
  t.match(captured.lines().find((line) => line.msg.startsWith('decision log rows could not be written')), { unwritten: 0, dropped: 3 });
});
