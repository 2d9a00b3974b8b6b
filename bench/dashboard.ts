// Dashboard figure for `npm run bench`: p50/p95 of the call-history and DIDs pages with
// 1,000,000 decision-log rows and 5,000 DIDs, beside a bare Fastify route returning a
// static string, measured the same way in the same run.
//
// Runs alone with `npx tsx bench/dashboard.ts`. Needs MariaDB (BENCH_DATABASE_SERVER_URL,
// default mysql://root@127.0.0.1:3306) and Redis (BENCH_REDIS_URL, default
// redis://127.0.0.1:6379). Requests go through `app.inject` (Fastify's in-process HTTP
// injection: routing, hooks, session lookup in Redis, the account read from MariaDB, the
// query and the template all run; no TCP socket), one at a time.

import { percentile } from './load.js';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { dropBenchDatabase, withBenchConnection } from './database.js';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { loadConfig } from '../src/config/env.js';
import { ensureDatabase } from '../src/data/ensure-database.js';
import { applyMigrations } from '../src/data/migrate.js';
import { createDriverPool } from '../src/data/pool.js';
import { createPrismaClient } from '../src/data/prisma.js';
import { MIGRATIONS_DIR } from '../src/main/database.js';
import { InProcessConfigBus } from '../src/realtime/config-bus.js';
import { startCore } from '../src/main/core.js';
import { startHttpService } from '../src/main/http-service.js';

const SERVER_URL = process.env.BENCH_DATABASE_SERVER_URL ?? 'mysql://root@127.0.0.1:3306';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = `${SERVER_URL}/mayday_dashboard_bench`;
const DECISION_ROWS = Number(process.env.BENCH_DECISION_ROWS ?? 1_000_000);
const DIDS = 5_000;
const AGENTS = 200;
const REQUESTS = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 200);
export const WARMUP = 30;
export const ADMIN_PASSWORD = 'bench-admin-password';
export const DASHBOARD_TARGET_P95_MS = 50;

export interface DashboardMeasurement {
  readonly name: string;
  readonly url: string;
  readonly requests: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

export interface DashboardFigures {
  readonly decisionRows: number;
  readonly dids: number;
  readonly agents: number;
  readonly seedSeconds: number;
  readonly transport: 'app.inject';
  readonly baseline: DashboardMeasurement;
  readonly pages: readonly DashboardMeasurement[];
  readonly targetP95Ms: number;
}

export async function runDashboardBench(): Promise<DashboardFigures> {
  const seedStarted = performance.now();
  await dropBenchDatabase(DATABASE_URL);
  await ensureDatabase(DATABASE_URL);
  await applyMigrations(DATABASE_URL, MIGRATIONS_DIR);
  try {
    await seed();
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const baselineApp = Fastify();
    baselineApp.get('/static', async () => 'ok');
    await baselineApp.ready();

    const web = await startDashboard();
    try {
      const cookie = await login(web.app);
      const headers = { cookie };
      const firstPage = await web.app.inject({ method: 'GET', url: '/decisions', headers });
      const older = /rel="next" href="([^"]+)"/.exec(firstPage.body)?.[1]?.replace(/&amp;/g, '&');
      if (older === undefined) throw new Error('the first decision-log page has no "Older" link');
      const targets: [string, string, RegExp][] = [
        ['GET /decisions (first page)', '/decisions', /<tr id="decision-/],
        ['GET /decisions?agent= (agent filter)', '/decisions?agent=1042', /<td class="mono">1042<\/td>/],
        ['GET /decisions?before= (second page)', older, /<tr id="decision-/],
        ['GET /decisions?did=&result= (DID + result)', '/decisions?did=0310004321&result=dial', /<tr id="decision-/],
        ['GET /dids (first page)', '/dids', /<tr id="did-/],
        ['GET /dids?q= (search)', '/dids?q=Outlet%20123', /<tr id="did-/],
      ];
      const baseline = await measure('bare Fastify route (static string)', '/static', baselineApp, {}, /^ok$/);
      const pages: DashboardMeasurement[] = [];
      for (const [name, url, expect] of targets) pages.push(await measure(name, url, web.app, headers, expect));
      return {
        decisionRows: DECISION_ROWS,
        dids: DIDS,
        agents: AGENTS,
        seedSeconds,
        transport: 'app.inject',
        baseline,
        pages,
        targetP95Ms: DASHBOARD_TARGET_P95_MS,
      };
    } finally {
      await baselineApp.close();
      await web.close();
    }
  } finally {
    await dropBenchDatabase(DATABASE_URL);
  }
}

export function formatDashboardFigures(figures: DashboardFigures): string {
  const rows = [figures.baseline, ...figures.pages];
  const width = Math.max(...rows.map((row) => row.name.length));
  const line = (row: DashboardMeasurement) => {
    const verdict = row === figures.baseline ? 'baseline' : row.p95Ms <= figures.targetP95Ms ? 'ok' : `over ${figures.targetP95Ms} ms`;
    return `  ${row.name.padEnd(width)}  ${fixed(row.p50Ms)}  ${fixed(row.p95Ms)}  ${verdict}`;
  };
  return [
    `Dashboard: ${figures.decisionRows.toLocaleString('en')} decision-log rows, ${figures.dids.toLocaleString('en')} DIDs, ${figures.agents} agents (seeded in ${figures.seedSeconds.toFixed(1)} s)`,
    `  ${figures.baseline.requests} sequential requests per row after ${WARMUP} warm-up, via ${figures.transport}; target p95 <= ${figures.targetP95Ms} ms`,
    `  ${'request'.padEnd(width)}  ${'p50 ms'.padStart(8)}  ${'p95 ms'.padStart(8)}`,
    ...rows.map(line),
  ].join('\n');
}

function fixed(ms: number): string {
  return ms.toFixed(2).padStart(8);
}

export async function measure(
  name: string,
  url: string,
  app: FastifyInstance,
  headers: Record<string, string>,
  expect: RegExp,
): Promise<DashboardMeasurement> {
  const times: number[] = [];
  for (let index = 0; index < WARMUP + REQUESTS; index += 1) {
    const started = performance.now();
    const response = await app.inject({ method: 'GET', url, headers });
    const elapsed = performance.now() - started;
    if (response.statusCode !== 200 || !expect.test(response.body)) {
      throw new Error(`${name}: ${url} answered ${response.statusCode} without the expected content`);
    }
    if (index >= WARMUP) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  return { name, url, requests: REQUESTS, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
}

/**
 * 5,000 DIDs, 200 agents and 1,000,000 decisions: DIDs and agents by multi-row INSERT, the
 * decisions by INSERT ... SELECT from MariaDB's sequence engine (`seq_1_to_N`), 100,000 at a time.
 */
async function seed(): Promise<void> {
  await withBenchConnection(DATABASE_URL, async (connection) => {
    const dids = Array.from({ length: DIDS }, (_, index) => [didNumber(index), `Outlet ${index}`]);
    await connection.batch('INSERT INTO dids (number, label, updated_at) VALUES (?, ?, NOW(3))', dids);
    const agents = Array.from({ length: AGENTS }, (_, index) => [String(1000 + index), `Agent ${1000 + index}`, didNumber(index)]);
    await connection.batch('INSERT INTO users (extension, name, callerid, updated_at) VALUES (?, ?, ?, NOW(3))', agents);
    await connection.query('UPDATE config_version SET version = version + 1 WHERE id = 1');

    const chunk = 100_000;
    for (let start = 0; start < DECISION_ROWS; start += chunk) {
      const size = Math.min(chunk, DECISION_ROWS - start);
      // Row n: agent 1000 + n % 200, DID n % 5000, one in seven rejected, 10 decisions a second.
      await connection.query(
        `INSERT INTO decision_log
           (created_at, unique_id, channel, agent, dialed, result, did, dial_strings, rule, reason, config_version, decision_us)
         SELECT
           TIMESTAMP('2026-01-01 00:00:00') + INTERVAL (n * 100000) MICROSECOND,
           CONCAT('1767225600.', n),
           CONCAT('PJSIP/', 1000 + n % ${AGENTS}, '-', LPAD(HEX(n), 8, '0')),
           CAST(1000 + n % ${AGENTS} AS CHAR),
           CONCAT('07', LPAD(n % 100000000, 8, '0')),
           IF(n % 7 = 0, 'reject', 'dial'),
           IF(n % 7 = 0, NULL, CONCAT('0310', LPAD(n % ${DIDS}, 6, '0'))),
           IF(n % 7 = 0, '', CONCAT('PJSIP/2567', LPAD(n % 100000000, 8, '0'), '@main_trunk')),
           IF(n % 7 = 0, NULL, 'route mobile'),
           IF(n % 7 = 0, 'NO_ROUTE', NULL),
           2,
           20 + n % 400
         FROM (SELECT seq AS n FROM seq_${start + 1}_to_${start + size}) AS numbers`,
      );
    }
    await connection.query('ANALYZE TABLE decision_log, dids');
    const [{ total }] = (await connection.query('SELECT COUNT(*) AS total FROM decision_log')) as [{ total: bigint }];
    if (Number(total) !== DECISION_ROWS) throw new Error(`seeded ${total} decision rows, expected ${DECISION_ROWS}`);
  });
}

function didNumber(index: number): string {
  return `0310${String(index).padStart(6, '0')}`;
}

export async function startDashboard(databaseUrl = DATABASE_URL): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const DATABASE_URL = databaseUrl;
  const log = pino({ level: 'silent' });
  const config = loadConfig({ DATABASE_URL, REDIS_URL, ADMIN_PASSWORD, CONFIG_POLL_MS: '60000', DECISION_LOG_FLUSH_MS: '60000', DECISION_LOG_BUFFER_ROWS: '1000', DECISION_LOG_RETENTION_DAYS: '0' });
  const prisma = createPrismaClient(DATABASE_URL);
  const prefix = `mayday-bench:${randomBytes(6).toString('hex')}:`;
  const redis = new Redis(REDIS_URL, { protocol: 2, keyPrefix: prefix });
  const raw = new Redis(REDIS_URL, { protocol: 2 });
  const bus = new InProcessConfigBus();
  const pool = createDriverPool(DATABASE_URL);
  const core = await startCore(config, log, { prisma, redis, bus, decisionLogSql: pool });
  const { app } = await startHttpService(config, log, core, { agiListening: () => false, listen: false });
  return {
    app,
    async close() {
      await app.close();
      await core.stop();
      await bus.close();
      const keys = await raw.keys(`${prefix}*`);
      if (keys.length > 0) await raw.del(keys);
      redis.disconnect();
      raw.disconnect();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Signs in as the first admin through the login form; the session cookie. */
export async function login(app: FastifyInstance): Promise<string> {
  const page = await app.inject({ method: 'GET', url: '/login' });
  const loginCookie = page.cookies.find((cookie) => cookie.name === 'mayday_login')?.value ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `mayday_login=${loginCookie}` },
    payload: new URLSearchParams({ username: 'admin', password: ADMIN_PASSWORD, _csrf: token }).toString(),
  });
  const session = response.cookies.find((cookie) => cookie.name === 'mayday_session');
  if (response.statusCode !== 303 || session === undefined) throw new Error(`bench login failed with ${response.statusCode}`);
  return `mayday_session=${session.value}`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runDashboardBench()
    .then((figures) => {
      console.log(formatDashboardFigures(figures));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
