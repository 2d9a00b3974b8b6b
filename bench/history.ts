// Configuration-history figures for `npm run bench`:
//
// - the what-if replay over 100,000 logged decisions (target: under 2 s), beside a baseline
//   measured on the same calls in the same run: deciding each call once with the live
//   snapshot, as the calls were taken (the replay decides each call twice, so about twice
//   the baseline is the floor). Measured as the pure replay, and end to end as the rollback
//   confirm step computes it (the 100,000 rows read from MariaDB, both snapshots built);
// - the History pages with 10,000 versions (p50/p95 through `app.inject`), beside a bare
//   Fastify route returning a static string.
//
// Runs alone with `npx tsx bench/history.ts`. Needs MariaDB (BENCH_DATABASE_SERVER_URL,
// default mysql://root@127.0.0.1:3306) and Redis (BENCH_REDIS_URL).

import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import mariadb from 'mariadb';
import { parse, stringify } from 'yaml';
import { previewRollback, recentCalls, WHAT_IF_MAX_CALLS, WHAT_IF_WINDOW_MS } from '../src/data/config-rollback.js';
import { connectionOptionsFromUrl } from '../src/data/connection-options.js';
import { loadConfigData, readConfigVersion } from '../src/data/config-repository.js';
import { exportConfigDocument } from '../src/data/config-import.js';
import { configAtVersion } from '../src/data/config-history.js';
import { createPrismaClient } from '../src/data/prisma.js';
import { createSnapshot } from '../src/domain/config/snapshot.js';
import { decideOutbound } from '../src/domain/outbound/decide.js';
import { replayCalls } from '../src/domain/outbound/what-if.js';
import { DASHBOARD_TARGET_P95_MS, login, measure, startDashboard, WARMUP, type DashboardMeasurement } from './dashboard.js';
import { dropBenchDatabase, seedBenchDatabase } from './database.js';
import { benchConfigYaml, EXTRA_AGENTS } from './fixtures.js';
import { percentile } from './load.js';

const SERVER_URL = process.env.BENCH_DATABASE_SERVER_URL ?? 'mysql://root@127.0.0.1:3306';
const DATABASE_URL = `${SERVER_URL}/mayday_history_bench`;
const VERSIONS = 10_000;
const DECISIONS = 100_000;
const REPLAY_RUNS = 5;
export const WHAT_IF_TARGET_MS = 2_000;
/** The version rolled back to: the mobile route's trunks in the other order, so every mobile call changes. */
const PENDING_VERSION = 5_000;

export interface TimedRuns {
  readonly runs: number;
  readonly p50Ms: number;
  readonly maxMs: number;
}

export interface HistoryFigures {
  readonly versions: number;
  readonly decisions: number;
  readonly seedSeconds: number;
  readonly whatIf: {
    /** Each call decided once with the live snapshot. */
    readonly baseline: TimedRuns;
    /** replayCalls() over the same calls: live and pending. */
    readonly replay: TimedRuns;
    /** recentCalls(): the 100,000 rows read from MariaDB through Prisma. */
    readonly readRows: TimedRuns;
    /** previewRollback(): rows read from MariaDB, snapshots built, diff, validation, replay. */
    readonly confirmStep: TimedRuns;
    readonly changedCalls: number;
    readonly targetMs: number;
  };
  readonly pages: { readonly baseline: DashboardMeasurement; readonly rows: readonly DashboardMeasurement[]; readonly targetP95Ms: number };
}

export async function runHistoryBench(progress: (message: string) => void = () => undefined): Promise<HistoryFigures> {
  const seedStarted = performance.now();
  await seedBenchDatabase(DATABASE_URL, benchConfigYaml());
  try {
    progress(`history: seeding ${VERSIONS.toLocaleString('en')} versions and ${DECISIONS.toLocaleString('en')} decisions`);
    await seed();
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    progress('history: what-if');
    const whatIf = await measureWhatIf();
    progress('history: pages');
    const pages = await measurePages();
    return { versions: VERSIONS, decisions: DECISIONS, seedSeconds, whatIf, pages };
  } finally {
    await dropBenchDatabase(DATABASE_URL);
  }
}

async function measureWhatIf(): Promise<HistoryFigures['whatIf']> {
  const prisma = createPrismaClient(DATABASE_URL);
  try {
    const live = await loadConfigData(prisma);
    const liveVersion = await readConfigVersion(prisma);
    const pending = await configAtVersion(prisma, PENDING_VERSION);
    if (pending === null) throw new Error('the pending version was not seeded');
    const calls = await recentCalls(prisma, new Date(Date.now() - WHAT_IF_WINDOW_MS), WHAT_IF_MAX_CALLS);
    if (calls.length !== DECISIONS) throw new Error(`read ${calls.length} logged calls, expected ${DECISIONS}`);
    const liveSnapshot = createSnapshot(live, liveVersion);
    const pendingSnapshot = createSnapshot(pending, PENDING_VERSION);

    let dialed = 0;
    const baseline = await timed(() => {
      dialed = 0;
      for (const call of calls) if (decideOutbound({ agent: call.agent, dialed: call.dialed }, liveSnapshot).kind === 'dial') dialed += 1;
    });
    if (dialed !== DECISIONS) throw new Error(`the baseline dialed ${dialed} of ${DECISIONS} calls; the bench calls should all dial`);
    let changedCalls = 0;
    const replay = await timed(() => {
      changedCalls = replayCalls(calls, liveSnapshot, pendingSnapshot).changed;
    });
    if (changedCalls !== DECISIONS) throw new Error(`the replay found ${changedCalls} changed calls, expected all ${DECISIONS}`);
    const readRows = await timed(() => recentCalls(prisma, new Date(Date.now() - WHAT_IF_WINDOW_MS), WHAT_IF_MAX_CALLS));
    const confirmStep = await timed(async () => {
      const preview = await previewRollback(prisma, PENDING_VERSION);
      if (preview?.whatIf.replayed !== DECISIONS || preview.whatIf.changed !== DECISIONS) throw new Error('the confirm step replayed other calls');
    });
    return { baseline, replay, readRows, confirmStep, changedCalls, targetMs: WHAT_IF_TARGET_MS };
  } finally {
    await prisma.$disconnect();
  }
}

async function measurePages(): Promise<HistoryFigures['pages']> {
  const baselineApp = Fastify();
  baselineApp.get('/static', async () => 'ok');
  await baselineApp.ready();
  const web = await startDashboard(DATABASE_URL);
  try {
    const headers = { cookie: await login(web.app) };
    const targets: [string, string, RegExp][] = [
      ['GET /history (first page)', '/history', /<tr id="version-/],
      ['GET /history?after= (a page in the middle)', '/history?after=5000', /<tr id="version-4999">/],
      ['GET /history?author= (author filter)', '/history?author=manager2', /<tr id="version-/],
      ['GET /history?kind=&name= (one DID)', '/history?kind=did&name=0320000007', /<tr id="version-/],
      ['GET /history/:version (diff)', `/history/${PENDING_VERSION}`, /route mobile/],
    ];
    const baseline = await measure('bare Fastify route (static string)', '/static', baselineApp, {}, /^ok$/);
    const rows: DashboardMeasurement[] = [];
    for (const [name, url, expect] of targets) rows.push(await measure(name, url, web.app, headers, expect));
    return { baseline, rows, targetP95Ms: DASHBOARD_TARGET_P95_MS };
  } finally {
    await baselineApp.close();
    await web.close();
  }
}

async function timed(run: () => unknown): Promise<TimedRuns> {
  await run();
  const times: number[] = [];
  for (let index = 0; index < REPLAY_RUNS; index += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { runs: REPLAY_RUNS, p50Ms: percentile(times, 50), maxMs: times.at(-1)! };
}

/**
 * 10,000 versions, each the whole document as the history stores it (version 5,000 with the
 * mobile route's trunks swapped), one entity each, five authors; 100,000 decisions of the last
 * hour by the bench's agents to distinct mobile numbers (each a decision of its own: the
 * replay's per-number cache never helps). All by INSERT ... SELECT from MariaDB's sequence engine.
 */
async function seed(): Promise<void> {
  const prisma = createPrismaClient(DATABASE_URL);
  let live: string;
  try {
    live = await exportConfigDocument(prisma);
  } finally {
    await prisma.$disconnect();
  }
  const document = parse(live) as { outboundRoutes: { name: string; trunks: string[] }[] };
  for (const route of document.outboundRoutes) if (route.name === 'mobile') route.trunks.reverse();
  const pending = stringify(document);

  const { database, ...server } = connectionOptionsFromUrl(DATABASE_URL);
  const connection = await mariadb.createConnection({ ...server, database });
  try {
    await connection.query('DELETE FROM config_history');
    await connection.query(
      `INSERT INTO config_history (version, created_at, author, summary, document)
       SELECT seq, TIMESTAMP('2026-01-01 00:00:00') + INTERVAL seq MINUTE,
              ELT(1 + seq % 5, 'admin', 'manager1', 'manager2', 'cli', 'system'),
              CONCAT('DID 03200', LPAD(seq % 50, 5, '0'), ': label Bench outlet ', seq % 50, ' → Outlet ', seq),
              IF(seq = ${PENDING_VERSION}, ?, ?)
       FROM seq_1_to_${VERSIONS}`,
      [pending, live],
    );
    await connection.query(
      `INSERT INTO config_history_entities (version, kind, name)
       SELECT seq, 'did', CONCAT('03200', LPAD(seq % 50, 5, '0')) FROM seq_1_to_${VERSIONS}`,
    );
    await connection.query(`INSERT INTO config_history_entities (version, kind, name) VALUES (${PENDING_VERSION}, 'route', 'mobile')`);
    await connection.query(`UPDATE config_version SET version = ${VERSIONS} WHERE id = 1`);
    await connection.query(
      `INSERT INTO decision_log
         (created_at, unique_id, channel, agent, dialed, result, did, dial_strings, rule, reason, config_version, decision_us)
       SELECT UTC_TIMESTAMP(3) - INTERVAL (seq * 30000) MICROSECOND, CONCAT('bench.', seq), CONCAT('PJSIP/', 2000 + seq % ${EXTRA_AGENTS}, '-', seq),
              CAST(2000 + seq % ${EXTRA_AGENTS} AS CHAR), CONCAT('07', LPAD(seq, 8, '0')), 'dial', NULL, '', 'route mobile', NULL, ${VERSIONS}, 30
       FROM seq_1_to_${DECISIONS}`,
    );
    await connection.query('ANALYZE TABLE config_history, config_history_entities, decision_log');
  } finally {
    await connection.end();
  }
}

export function formatHistoryFigures(figures: HistoryFigures): string {
  const { whatIf, pages } = figures;
  const ms = (value: number) => value.toFixed(1).padStart(9);
  const runLine = (name: string, runs: TimedRuns, verdict: string) => `  ${name.padEnd(58)}${ms(runs.p50Ms)}${ms(runs.maxMs)}  ${verdict}`;
  const target = (runs: TimedRuns) => (runs.maxMs <= whatIf.targetMs ? 'ok' : `MISSED (over ${whatIf.targetMs} ms)`);
  const width = Math.max(...[pages.baseline, ...pages.rows].map((row) => row.name.length));
  const pageLine = (row: DashboardMeasurement) => {
    const verdict = row === pages.baseline ? 'baseline' : row.p95Ms <= pages.targetP95Ms ? 'ok' : `MISSED (over ${pages.targetP95Ms} ms)`;
    return `  ${row.name.padEnd(width)}  ${row.p50Ms.toFixed(2).padStart(8)}  ${row.p95Ms.toFixed(2).padStart(8)}  ${verdict}`;
  };
  return [
    `Configuration history: ${figures.versions.toLocaleString('en')} versions, ${figures.decisions.toLocaleString('en')} logged decisions (seeded in ${figures.seedSeconds.toFixed(1)} s)`,
    `  what-if, ${whatIf.changedCalls.toLocaleString('en')} of ${figures.decisions.toLocaleString('en')} calls changed; ${whatIf.replay.runs} runs after one warm-up; target <= ${whatIf.targetMs} ms`,
    `  ${''.padEnd(58)}${'p50 ms'.padStart(9)}${'max ms'.padStart(9)}`,
    runLine('baseline: each call decided once (live snapshot)', whatIf.baseline, 'baseline'),
    runLine('replay: each call decided live and pending, compared', whatIf.replay, target(whatIf.replay)),
    runLine('read: the logged calls from MariaDB (Prisma)', whatIf.readRows, 'part of the confirm step'),
    runLine('confirm step: rows from MariaDB, snapshots, diff, replay', whatIf.confirmStep, target(whatIf.confirmStep)),
    `  history pages: ${pages.baseline.requests} sequential requests per row after ${WARMUP} warm-up, via app.inject; target p95 <= ${pages.targetP95Ms} ms`,
    `  ${'request'.padEnd(width)}  ${'p50 ms'.padStart(8)}  ${'p95 ms'.padStart(8)}`,
    ...[pages.baseline, ...pages.rows].map(pageLine),
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runHistoryBench((message) => void process.stderr.write(`bench: ${message}\n`))
    .then((figures) => console.log(formatHistoryFigures(figures)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
