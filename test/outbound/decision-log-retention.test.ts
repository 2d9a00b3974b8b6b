import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config/env.js';
import { DecisionLogRetention, purgeDecisionLog } from '../../src/outbound/decision-log-retention.js';
import { createPrismaClient } from '../../src/data/prisma.js';
import { createTestDatabase } from '../support/database.js';
import { capturingLogger } from '../support/logger.js';

// The decision log's retention: rows older than the cut go in batches of their own
// statement; younger rows and the row exactly at the cut stay.

const NOW = new Date(Date.UTC(2026, 11, 2, 12, 0, 0));
const DAY = 24 * 60 * 60 * 1000;

function row(index: number, createdAt: Date) {
  return {
    createdAt,
    uniqueId: `r-${index}`,
    channel: 'PJSIP/1009-0001',
    agent: '1009',
    dialed: '0712345678',
    result: 'dial',
    did: '0310000046',
    dialStrings: 'PJSIP/256712345678@main_trunk',
    rule: 'route mobile',
    reason: null,
    configVersion: 1,
    decisionMicros: 30,
  };
}

const db = await createTestDatabase(t);

async function seed(): Promise<void> {
  await db.prisma.decisionLog.deleteMany({});
  await db.prisma.decisionLog.createMany({
    data: [
      ...Array.from({ length: 12 }, (_, index) => row(index, new Date(NOW.getTime() - 100 * DAY - index * 1000))),
      row(100, new Date(NOW.getTime() - 90 * DAY)),
      row(101, new Date(NOW.getTime() - 89 * DAY)),
      row(102, NOW),
    ],
  });
}

async function remaining(): Promise<string[]> {
  return (await db.prisma.decisionLog.findMany({ orderBy: { uniqueId: 'asc' }, select: { uniqueId: true } })).map((r) => r.uniqueId);
}

t.test('purges what is older than the cut, a batch per statement, until a short batch', async (t) => {
  await seed();
  const result = await purgeDecisionLog(db.prisma, new Date(NOW.getTime() - 90 * DAY), 5);
  t.same(result, { deleted: 12, batches: 3 }, '5 + 5 + 2');
  t.same(await remaining(), ['r-100', 'r-101', 'r-102'], 'the row exactly at the cut stays');
  t.same(await purgeDecisionLog(db.prisma, new Date(NOW.getTime() - 90 * DAY), 5), { deleted: 0, batches: 1 }, 'nothing left to purge');
});

t.test('the scheduled purge keeps DECISION_LOG_RETENTION_DAYS days and logs what it removed', async (t) => {
  await seed();
  const captured = capturingLogger();
  const retention = new DecisionLogRetention({ prisma: db.prisma, log: captured.log, days: 90, now: () => NOW });
  t.same(await retention.runOnce(), { deleted: 12, batches: 1 });
  t.same(await remaining(), ['r-100', 'r-101', 'r-102']);
  t.ok(captured.lines().some((line) => line.msg === 'decision log purged' && line.deleted === 12));
});

t.test('with 0 days nothing is ever scheduled', async (t) => {
  await seed();
  const retention = new DecisionLogRetention({ prisma: db.prisma, log: capturingLogger().log, days: 0, now: () => NOW });
  retention.start(0, 10);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await retention.stop();
  t.equal((await remaining()).length, 15);
});

t.test('a scheduled purge runs after its first delay; stop() waits for it', async (t) => {
  await seed();
  const retention = new DecisionLogRetention({ prisma: db.prisma, log: capturingLogger().log, days: 90, now: () => NOW });
  retention.start(0, 60_000);
  const deadline = Date.now() + 10_000;
  while ((await remaining()).length > 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await retention.stop();
  t.same(await remaining(), ['r-100', 'r-101', 'r-102']);
});

t.test('a purge while MariaDB is away is logged, not thrown', async (t) => {
  const unreachable = createPrismaClient('mysql://root@127.0.0.1:1/nowhere', 1);
  t.teardown(() => unreachable.$disconnect());
  const captured = capturingLogger();
  const retention = new DecisionLogRetention({ prisma: unreachable, log: captured.log, days: 90, now: () => NOW });
  t.equal(await retention.runOnce(), null);
  t.ok(captured.lines().some((line) => /decision log purge failed/.test(line.msg)));
});

t.test('DECISION_LOG_RETENTION_DAYS: 90 by default, 0 keeps everything, anything else is named', async (t) => {
  t.equal(loadConfig({}).decisionLogRetentionDays, 90);
  t.equal(loadConfig({ DECISION_LOG_RETENTION_DAYS: '0' }).decisionLogRetentionDays, 0);
  try {
    loadConfig({ DECISION_LOG_RETENTION_DAYS: '-1' });
    t.fail('a negative number of days was accepted');
  } catch (error) {
    t.same((error as ConfigError).problems, ['DECISION_LOG_RETENTION_DAYS: expected a whole number from 0 to 36500, got "-1"']);
  }
});
