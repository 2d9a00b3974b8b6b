import t, { type Test } from 'tap';
import { CallRecordWriter } from '../../src/call-records/writer.js';
import { createDriverPool } from '../../src/data/pool.js';
import type { CallRecord } from '../../src/domain/calls/records.js';
import { createTestDatabase } from '../support/database.js';
import { capturingLogger } from '../support/logger.js';
import { TcpProxy } from '../support/tcp-proxy.js';

function record(n: number): CallRecord {
  const start = Date.UTC(2026, 11, 1, 9, 0, n);
  return {
    linkedId: `1796185083.${n}`,
    routingUniqueId: `1796185083.${n}`,
    direction: n % 2 === 0 ? 'outbound' : 'inbound',
    outcome: n % 2 === 0 ? 'answered' : 'busy',
    startedAt: new Date(start),
    answeredAt: n % 2 === 0 ? new Date(start + 4000) : null,
    endedAt: new Date(start + 64_000),
    caller: '1009',
    callerChannel: `PJSIP/1009-0000000${n}`,
    dialed: '0712345678',
    agent: '1009',
    answeredBy: n % 2 === 0 ? 'PJSIP/main_trunk-00000002' : null,
    queue: n % 2 === 0 ? null : 'sales',
    ringSeconds: 4,
    talkSeconds: n % 2 === 0 ? 60 : 0,
    waitSeconds: n % 2 === 0 ? null : 12,
    abandoned: false,
    hangupCause: 16,
    did: '0310000045',
  };
}

async function setup(t: Test, maxBufferedRows = 1000) {
  const db = await createTestDatabase(t);
  const proxy = await TcpProxy.forDatabase();
  const pool = createDriverPool(proxy.via(db.url));
  const captured = capturingLogger();
  const writer = new CallRecordWriter({ pool, log: captured.log, maxBufferedRows, flushMs: 60_000, batchRows: 3 });
  t.teardown(async () => {
    await pool.end();
    await proxy.close();
  });
  return { db, proxy, writer, captured };
}

t.test('writes every field in batches; a call recorded twice keeps one row', async (t) => {
  const { db, writer } = await setup(t);
  for (let n = 0; n < 5; n += 1) writer.record(record(n));
  writer.record(record(0));
  await writer.flush();
  t.equal(writer.stats().buffered, 0);
  const rows = await db.prisma.callRecord.findMany({ orderBy: { id: 'asc' } });
  t.equal(rows.length, 5);
  t.match(rows[0], {
    linkedId: '1796185083.0', direction: 'outbound', outcome: 'answered', startedAt: new Date(Date.UTC(2026, 11, 1, 9, 0, 0)),
    answeredAt: new Date(Date.UTC(2026, 11, 1, 9, 0, 4)), ringSeconds: 4, talkSeconds: 60, answeredBy: 'PJSIP/main_trunk-00000002', abandoned: false, did: '0310000045',
  });
  t.match(rows[1], { outcome: 'busy', answeredAt: null, queue: 'sales', waitSeconds: 12 });
});

t.test('records wait while MariaDB is away and are all written when it is back', async (t) => {
  const { db, proxy, writer, captured } = await setup(t);
  proxy.cut();
  for (let n = 0; n < 7; n += 1) writer.record(record(n));
  await writer.flush();
  t.equal(writer.stats().buffered, 7, 'nothing lost');
  t.ok(captured.lines().some((line) => line.msg.startsWith('cannot write the call records')));
  proxy.restore();
  await writer.flush();
  t.match(writer.stats(), { buffered: 0, written: 7, dropped: 0 });
  t.equal(await db.prisma.callRecord.count(), 7);
});

t.test('records beyond the bound are counted and logged', async (t) => {
  const { proxy, writer, captured } = await setup(t, 3);
  proxy.cut();
  for (let n = 0; n < 5; n += 1) writer.record(record(n));
  t.match(writer.stats(), { buffered: 3, dropped: 2 });
  await writer.flush();
  t.ok(captured.lines().some((line) => line.msg === 'call records buffer full; rows were not recorded'));
});
