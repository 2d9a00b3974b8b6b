import { randomBytes } from 'node:crypto';
import { type FastifyInstance, type LightMyRequestResponse, type RouteOptions } from 'fastify';
import { Redis } from 'ioredis';
import { hashPassword } from '../../src/auth/password.js';
import type { Role } from '../../src/domain/users/roles.js';
import { loadConfig, type AppConfig } from '../../src/config/env.js';
import { createPrismaClient } from '../../src/data/prisma.js';
import { DashboardUserRepository } from '../../src/data/repositories/dashboard-users.js';
import { InProcessConfigBus, type ConfigBus } from '../../src/realtime/config-bus.js';
import { startCore, type Core } from '../../src/main/core.js';
import { startHttpService } from '../../src/main/http-service.js';
import type { WebDeps } from '../../src/web/deps.js';
import { TEST_REDIS_URL } from './addresses.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { silentLogger } from './logger.js';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const USER_PASSWORD = 'user-password-for-tests';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface TestWebApp {
  readonly app: FastifyInstance;
  readonly db: TestDatabase;
  readonly deps: WebDeps;
  /** The instance's core (live floor, IVR, SMS…), started; stopped at teardown. */
  readonly core: Core;
  /** This app's Redis keys all start with this (an ioredis keyPrefix). */
  readonly redisPrefix: string;
  /** A Redis client without the prefix, for looking at the app's keys. */
  readonly rawRedis: Redis;
  /** The live floor's Redis names are under this (its own per app). */
  readonly liveNamespace: string;
  createUser(username: string, role: Role, agentExtension?: string | null): Promise<void>;
  /** Signs in through the login form; the returned session sends its cookie and CSRF token. */
  login(username: string, password?: string): Promise<TestSession>;
}

export type FormFields = Readonly<Record<string, string | readonly string[]>>;

export interface TestSession {
  readonly cookie: string;
  readonly csrf: string;
  /** Headers for a request in this session: the cookie, plus `HX-Request` when `htmx`. */
  headers(options?: { htmx?: boolean; csrf?: boolean }): Record<string, string>;
  /** GET in this session (as htmx when `htmx`). */
  get(url: string, options?: { htmx?: boolean }): Promise<LightMyRequestResponse>;
  /** POSTs a form in this session, with its CSRF token. */
  post(url: string, fields: FormFields, options?: { htmx?: boolean }): Promise<LightMyRequestResponse>;
}

export interface TestWebOptions {
  readonly config?: Partial<AppConfig>;
  readonly loginThrottle?: WebDeps['loginThrottle'];
  /** Use this Redis URL instead (e.g. one where nothing listens). */
  readonly redisUrl?: string;
  /** Sees every route the dashboard registers. */
  readonly onRoute?: (route: RouteOptions) => void;
  /** The app's own Prisma client connects here instead (e.g. through a TcpProxy in front of MariaDB). */
  readonly appDatabaseUrl?: (databaseUrl: string) => string;
  /** Whether the health checks see a FastAGI listener (this app runs none). */
  readonly agiListening?: () => boolean;
  /** Publish config versions here (e.g. a RedisConfigBus other instances hear); closed at teardown. */
  readonly bus?: ConfigBus;
  /** Start the live floor (its mirror, and its AMI lease candidate when `config.ami` is set). */
  readonly live?: boolean;
}

/** A dashboard on a fresh test database and real Redis (its keys namespaced), torn down after the test. */
export async function buildTestWebApp(t: Teardown, options: TestWebOptions = {}): Promise<TestWebApp> {
  const db = await createTestDatabase(t);
  const log = silentLogger();
  const config: AppConfig = {
    // Config changes arrive on the in-process bus; nothing needs polling or timed flushes.
    ...loadConfig({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, ADMIN_PASSWORD, CONFIG_POLL_MS: '60000', DECISION_LOG_FLUSH_MS: '60000' }),
    ...options.config,
  };
  const redisPrefix = `mayday-test:${randomBytes(6).toString('hex')}:`;
  const liveNamespace = `${redisPrefix}live`;
  const redis = new Redis(options.redisUrl ?? TEST_REDIS_URL, {
    protocol: 2,
    keyPrefix: redisPrefix,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  await redis.connect().catch(() => undefined);
  const rawRedis = new Redis(TEST_REDIS_URL, { protocol: 2 });
  const prisma = options.appDatabaseUrl ? createPrismaClient(options.appDatabaseUrl(db.url), 5) : db.prisma;
  if (prisma !== db.prisma) t.teardown(() => prisma.$disconnect());
  const bus = options.bus ?? new InProcessConfigBus();
  // Decision-log rows, if any, go through the test's own client.
  const decisionLogSql = { query: (sql: string, values: unknown[]) => db.prisma.$executeRawUnsafe(sql, ...values) };

  const core = await startCore(config, log, { prisma, redis, bus, decisionLogSql }, {
    smsOutbox: { pollMs: 50, backoffBaseMs: 20, backoffMaxMs: 100 },
    ariMinBackoffMs: 20,
    live: { namespace: liveNamespace, instance: `test-web-${redisPrefix}`, reconnectInitialMs: 50 },
  });
  core.ivr.start();
  if (options.live) await core.live.start();
  const agiListening = options.agiListening ?? (() => false);
  const { app } = await startHttpService(config, log, core, {
    agiListening,
    listen: false,
    ...(options.loginThrottle && { loginThrottle: options.loginThrottle }),
    ...(options.onRoute && { onRoute: options.onRoute }),
  });
  const deps: WebDeps = { ...core, config, log, agiListening };

  t.teardown(async () => {
    await app.close();
    await core.stop();
    await bus.close();
    await deleteKeys(rawRedis, `${redisPrefix}*`);
    redis.disconnect();
    rawRedis.disconnect();
  });

  const users = new DashboardUserRepository(db.prisma);
  return {
    app,
    db,
    deps,
    core,
    redisPrefix,
    rawRedis,
    liveNamespace,
    async createUser(username, role, agentExtension = null) {
      await users.create({ username, role, agentExtension, passwordHash: await hashPassword(USER_PASSWORD) });
    },
    async login(username, password = username === 'admin' ? ADMIN_PASSWORD : USER_PASSWORD) {
      const response = await submitLogin(app, username, password);
      if (response.statusCode !== 303) throw new Error(`login of ${username} failed with ${response.statusCode}`);
      const cookie = sessionCookie(response);
      const page = await app.inject({ method: 'GET', url: '/profile', headers: { cookie } });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      if (csrf === undefined) throw new Error('no CSRF token on the profile page');
      const headers: TestSession['headers'] = (options = {}) => ({
        cookie,
        ...(options.htmx && { 'hx-request': 'true' }),
        ...(options.csrf && { 'x-csrf-token': csrf }),
      });
      return {
        cookie,
        csrf,
        headers,
        get: (url, options = {}) => app.inject({ method: 'GET', url, headers: headers(options) }),
        post: (url, fields, options = {}) =>
          app.inject({ method: 'POST', url, headers: { ...FORM_HEADERS, ...headers(options) }, payload: form({ _csrf: csrf, ...fields }) }),
      };
    },
  };
}

/** GETs the login page and posts the form with its CSRF cookie, as a browser would. */
export async function submitLogin(app: FastifyInstance, username: string, password: string): Promise<LightMyRequestResponse> {
  const page = await app.inject({ method: 'GET', url: '/login' });
  const loginCookie = page.cookies.find((cookie) => cookie.name === 'mayday_login');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return app.inject({
    method: 'POST',
    url: '/login',
    headers: { ...FORM_HEADERS, cookie: `mayday_login=${loginCookie?.value ?? ''}` },
    payload: form({ username, password, _csrf: token }),
  });
}

export function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((candidate) => candidate.name === 'mayday_session');
  if (cookie === undefined) throw new Error('no session cookie was set');
  return `mayday_session=${cookie.value}`;
}

/** A form body as the browser sends it. */
export function form(fields: Record<string, string | readonly string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of typeof value === 'string' ? [value] : value) params.append(name, item);
  }
  return params.toString();
}

export const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' } as const;

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  const stream = redis.scanStream({ match: pattern, count: 500 });
  for await (const keys of stream as AsyncIterable<string[]>) {
    if (keys.length > 0) await redis.del(keys);
  }
}

/**
 * A small outbound configuration: two outlets, a head-office DID, a trunk, a mobile route
 * and an international route with a fixed caller ID, agents 1009 and 1010, prefix 45.
 */
export async function seedRouting(prisma: TestDatabase['prisma']): Promise<void> {
  await prisma.did.createMany({
    data: [
      { number: '0310000001', label: 'Head office' },
      { number: '0310000045', label: 'Outlet 45' },
      { number: '0310000046', label: 'Outlet 46' },
      { number: '0310000047', label: 'Inbound only', allowOutbound: false },
    ],
  });
  await prisma.setting.update({ where: { id: 1 }, data: { countryCode: '256', defaultDid: '0310000001' } });
  const trunk = await prisma.trunk.create({ data: { name: 'main_trunk', dialTemplate: 'PJSIP/{number}@main_trunk', numberFormat: 'e164' } });
  const mobile = await prisma.outboundRoute.create({ data: { name: 'mobile', priority: 10, patterns: ['_07XXXXXXXX'] } });
  const international = await prisma.outboundRoute.create({
    data: { name: 'international', priority: 20, patterns: ['_00X.'], callerIdDid: '0310000001' },
  });
  await prisma.outboundRouteTrunk.createMany({
    data: [
      { routeId: mobile.id, trunkId: trunk.id, position: 0 },
      { routeId: international.id, trunkId: trunk.id, position: 0 },
    ],
  });
  await prisma.agent.createMany({
    data: [
      { extension: '1009', name: 'Agent 1009', defaultDid: '0310000046' },
      { extension: '1010', name: 'Agent 1010' },
    ],
  });
  await prisma.prefixRule.create({ data: { prefix: '45', didNumber: '0310000045' } });
  await prisma.configVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
}

/**
 * seedRouting() for a running dashboard: its snapshot is reloaded at once, so forms carry
 * the seeded version (a browser submits it; a stale one would be refused as a conflict).
 */
export async function seedDashboard(web: TestWebApp): Promise<void> {
  await seedRouting(web.db.prisma);
  await web.deps.snapshots.refresh();
}

export async function configVersion(prisma: TestDatabase['prisma']): Promise<number> {
  return (await prisma.configVersion.findUniqueOrThrow({ where: { id: 1 } })).version;
}

/**
 * seedRouting() plus a small inbound configuration: schedule `office` (Africa/Kampala,
 * weekdays 08:00-17:00, closed 2026-12-25), menu `main` (1 → queue:sales, 9 → repeat) and
 * inbound route `head-office` (0310000001 → menu:main, closed → voicemail:100).
 */
export async function seedInbound(prisma: TestDatabase['prisma']): Promise<void> {
  await seedRouting(prisma);
  const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '08:00', end: '17:00' }));
  await prisma.schedule.create({
    data: { name: 'office', timeZone: 'Africa/Kampala', weekly: weekdays, exceptions: [{ date: '2026-12-25', label: 'Christmas Day', ranges: [] }] },
  });
  await prisma.ivrMenu.create({
    data: {
      name: 'main',
      greeting: ['hello-world'],
      prompts: ['demo-instruct'],
      invalidDestination: 'hangup',
      timeoutDestination: 'agent:1010',
      options: [
        { key: '1', to: 'queue:sales' },
        { key: '9', to: 'repeat' },
      ],
    },
  });
  await prisma.inboundRoute.create({
    data: { name: 'head-office', did: '0310000001', scheduleName: 'office', destination: 'menu:main', closedDestination: 'voicemail:100' },
  });
  await prisma.configVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
}
