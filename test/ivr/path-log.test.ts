import t from 'tap';
import { IvrPathWriter } from '../../src/ivr/path-log.js';
import { createTestDatabase } from '../support/database.js';
import { silentLogger } from '../support/logger.js';

t.test('IVR paths are written to ivr_paths in batches, steps in order', async (t) => {
  const db = await createTestDatabase(t);
  const pool = { query: (sql: string, values: unknown[]) => db.prisma.$executeRawUnsafe(sql, ...values) };
  const writer = new IvrPathWriter({ pool, log: silentLogger(), maxBufferedRows: 100, flushMs: 60_000, batchRows: 2 });
  const createdAt = new Date('2026-12-01T10:00:00.250Z');
  for (const [n, outcome] of ['destination', 'caller-hangup', 'recovered'].entries()) {
    writer.record({
      createdAt,
      uniqueId: `chan-${n}`,
      channel: `Local/s@t-${n};1`,
      menu: 'main',
      configVersion: 7,
      steps: ['key 2', 'timeout', 'to queue:sales'],
      outcome,
      destination: outcome === 'caller-hangup' ? null : 'queue:sales',
    });
  }
  await writer.close();
  t.same(writer.stats(), { buffered: 0, written: 3, dropped: 0, failedFlushes: 0 });
  const rows = await db.prisma.ivrPath.findMany({ orderBy: { uniqueId: 'asc' } });
  t.equal(rows.length, 3);
  t.match(rows[0], { uniqueId: 'chan-0', menu: 'main', configVersion: 7, steps: 'key 2 | timeout | to queue:sales', outcome: 'destination', destination: 'queue:sales' });
  t.equal(rows[0]?.createdAt.toISOString(), createdAt.toISOString());
  t.match(rows[1], { outcome: 'caller-hangup', destination: null });
});
