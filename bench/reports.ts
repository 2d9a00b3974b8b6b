// Reports figure for `npm run bench`: the calls report over 100,000 call records (30 days,
// 8 queues, 200 agents), computed two ways in the same run, interleaved round by round:
//
// - baseline: every record of the range read through Prisma, then summed row by row in
//   JavaScript (`groupRecords()` → `buildReport()`);
// - mayday: MariaDB sums by hour, queue and agent (`CallReportQuery.groups()`, one GROUP BY),
//   then `buildReport()` folds the groups, as the Reports page does.
//
// Both reports must be identical (their CSV is compared), or the bench is broken.
// Runs alone with `npx tsx bench/reports.ts`. Needs MariaDB (BENCH_DATABASE_SERVER_URL,
// default mysql://root@127.0.0.1:3306); BENCH_REPORT_ROWS changes the size.

import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { dropBenchDatabase, withBenchConnection } from './database.js';
import { ensureDatabase } from '../src/data/ensure-database.js';
import { applyMigrations } from '../src/data/migrate.js';
import { createPrismaClient } from '../src/data/prisma.js';
import { CallReportQuery } from '../src/data/repositories/call-reports.js';
import { buildReport, groupRecords } from '../src/domain/reports/calls.js';
import { reportCsv } from '../src/domain/reports/csv.js';
import { MIGRATIONS_DIR } from '../src/main/database.js';

const SERVER_URL = process.env.BENCH_DATABASE_SERVER_URL ?? 'mysql://root@127.0.0.1:3306';
const DATABASE_URL = `${SERVER_URL}/mayday_reports_bench`;
const ROWS = Number(process.env.BENCH_REPORT_ROWS ?? 100_000);
const DAYS = 30;
const QUEUES = 8;
const AGENTS = 200;
const ROUNDS = Number(process.env.BENCH_REPORT_ROUNDS ?? 7);

export interface ReportMeasurement {
  readonly name: string;
  readonly rounds: number;
  readonly p50Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export interface ReportFigures {
  readonly rows: number;
  readonly days: number;
  readonly groups: number;
  readonly seedSeconds: number;
  readonly baseline: ReportMeasurement;
  readonly mayday: ReportMeasurement;
  /** The per-row JavaScript sum alone, over rows already in memory (what the baseline spends outside the fetch). */
  readonly aggregationOnly: ReportMeasurement;
}

export async function runReportsBench(): Promise<ReportFigures> {
  const seedStarted = performance.now();
  await dropBenchDatabase(DATABASE_URL);
  await ensureDatabase(DATABASE_URL);
  await applyMigrations(DATABASE_URL, MIGRATIONS_DIR);
  const prisma = createPrismaClient(DATABASE_URL, 4);
  try {
    await seed();
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const query = new CallReportQuery(prisma);
    const range = { from: new Date(Date.UTC(2026, 0, 1)), to: new Date(Date.UTC(2026, 0, 1 + DAYS)), withinSeconds: 20 };

    const baseline = async () => buildReport(groupRecords(await query.records(range), range.withinSeconds), range);
    const mayday = async () => buildReport(await query.groups(range), range);

    // Warm-up, and the check that both ways give the same report.
    const [expected, actual] = [reportCsv(await baseline()), reportCsv(await mayday())];
    if (expected !== actual) throw new Error('the SQL GROUP BY report differs from the per-row report: the bench is broken');
    const total = (await mayday()).total.calls;
    if (total !== ROWS) throw new Error(`the report counts ${total} calls, ${ROWS} were seeded`);
    const groups = (await query.groups(range)).length;
    const rowsInMemory = await query.records(range);

    const times: Record<'baseline' | 'mayday' | 'aggregation', number[]> = { baseline: [], mayday: [], aggregation: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternate which goes first, so a warmer cache favours neither.
      const order = round % 2 === 0 ? (['baseline', 'mayday'] as const) : (['mayday', 'baseline'] as const);
      for (const name of order) {
        const started = performance.now();
        await (name === 'baseline' ? baseline() : mayday());
        times[name].push(performance.now() - started);
      }
      const started = performance.now();
      buildReport(groupRecords(rowsInMemory, range.withinSeconds), range);
      times.aggregation.push(performance.now() - started);
    }
    return {
      rows: ROWS,
      days: DAYS,
      groups,
      seedSeconds,
      baseline: measure('baseline: Prisma reads every row, JS sums them', times.baseline),
      mayday: measure('mayday: SQL GROUP BY hour, queue, agent + fold', times.mayday),
      aggregationOnly: measure('(the JS per-row sum alone, rows in memory)', times.aggregation),
    };
  } finally {
    await prisma.$disconnect();
    await dropBenchDatabase(DATABASE_URL);
  }
}

function measure(name: string, times: number[]): ReportMeasurement {
  const sorted = [...times].sort((a, b) => a - b);
  return { name, rounds: times.length, p50Ms: sorted[Math.floor((sorted.length - 1) / 2)]!, minMs: sorted[0]!, maxMs: sorted.at(-1)! };
}

export function formatReportFigures(figures: ReportFigures): string {
  const rows = [figures.baseline, figures.mayday, figures.aggregationOnly];
  const width = Math.max(...rows.map((row) => row.name.length));
  const number = (value: number) => value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return [
    '',
    `calls report over ${figures.rows.toLocaleString('en-US')} call records (${figures.days} days, ${QUEUES} queues, ${AGENTS} agents; ${figures.groups.toLocaleString('en-US')} SQL groups), ${figures.baseline.rounds} interleaved rounds, seeded in ${number(figures.seedSeconds)} s`,
    `  ${'way'.padEnd(width)}  ${'p50 ms'.padStart(9)}  ${'min ms'.padStart(9)}  ${'max ms'.padStart(9)}`,
    ...rows.map((row) => `  ${row.name.padEnd(width)}  ${number(row.p50Ms).padStart(9)}  ${number(row.minMs).padStart(9)}  ${number(row.maxMs).padStart(9)}`),
    `  baseline/mayday at p50: ${(figures.baseline.p50Ms / figures.mayday.p50Ms).toFixed(1)}x (the same report, checked byte for byte as CSV)`,
    '',
  ].join('\n');
}

/**
 * ROWS call records by INSERT ... SELECT from MariaDB's sequence engine, spread evenly over
 * DAYS days. Record n: queue n % 8 for two in three (else none), agent 1000 + n % 200 unless
 * unanswered; one in five not answered, of which a queue caller one in two abandoned.
 */
async function seed(): Promise<void> {
  await withBenchConnection(DATABASE_URL, async (connection) => {
    const spacingMs = Math.floor((DAYS * 86_400_000) / ROWS);
    await connection.query(
      `INSERT INTO call_records
         (linked_id, routing_unique_id, direction, outcome, started_at, answered_at, ended_at, caller, caller_channel, dialed,
          agent, answered_by, queue, ring_seconds, talk_seconds, wait_seconds, abandoned, hangup_cause, did)
       SELECT
         CONCAT('bench.', n), CONCAT('bench.', n),
         IF(n % 3 = 0, 'outbound', 'inbound'),
         IF(n % 5 = 0, IF(n % 3 = 0, 'busy', 'no_answer'), 'answered'),
         TIMESTAMP('2026-01-01 00:00:00') + INTERVAL (n * ${spacingMs} * 1000) MICROSECOND,
         IF(n % 5 = 0, NULL, TIMESTAMP('2026-01-01 00:00:00') + INTERVAL (n * ${spacingMs} * 1000) MICROSECOND),
         TIMESTAMP('2026-01-01 00:00:00') + INTERVAL (n * ${spacingMs} * 1000) MICROSECOND,
         CONCAT('2567', LPAD(n % 100000000, 8, '0')), CONCAT('PJSIP/trunk-', LPAD(HEX(n), 8, '0')), '0310000001',
         IF(n % 5 = 0 AND n % 3 <> 0, NULL, CAST(1000 + n % ${AGENTS} AS CHAR)),
         NULL,
         IF(n % 3 = 0, NULL, CONCAT('queue-', n % ${QUEUES})),
         n % 20,
         IF(n % 5 = 0, 0, n % 600),
         IF(n % 3 = 0, NULL, n % 120),
         n % 5 = 0 AND n % 3 <> 0 AND n % 2 = 0,
         16, NULL
       FROM (SELECT seq AS n FROM seq_0_to_${ROWS - 1}) AS numbers`,
    );
    await connection.query('ANALYZE TABLE call_records');
    const [{ total }] = (await connection.query('SELECT COUNT(*) AS total FROM call_records')) as [{ total: bigint }];
    if (Number(total) !== ROWS) throw new Error(`seeded ${total} call records, expected ${ROWS}`);
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runReportsBench()
    .then((figures) => console.log(formatReportFigures(figures)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
