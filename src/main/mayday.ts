import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { agiScripts, type ScriptServices } from '../../agi/index.js';
import { InboundService } from '../inbound/inbound-service.js';
import type { AppConfig } from '../config/env.js';
import { createDriverPool } from '../data/pool.js';
import { createPrismaClient } from '../data/prisma.js';
import { SnapshotStore } from '../data/snapshot-store.js';
import { DecisionLogWriter } from '../outbound/decision-log.js';
import { DecisionStats } from '../outbound/decision-stats.js';
import { OutboundService } from '../outbound/service.js';
import { RedisConfigBus } from '../realtime/config-bus.js';
import { connectRedis, createRedis } from '../realtime/redis.js';
import { FastAgiServer, type FastAgiAddress } from '../telephony/fastagi/index.js';
import { createSms } from '../sms/feature.js';
import { buildWebApp, type WebDeps } from '../web/app.js';
import { prepareDatabase } from './database.js';

/** The running parts the web layer is given too, plus this instance's listeners. */
export interface RunningMayday extends Omit<WebDeps, 'config' | 'log' | 'agiListening' | 'loginThrottle'> {
  readonly agi: { server: FastAgiServer; address: FastAgiAddress } | null;
  readonly web: { app: FastifyInstance; address: string } | null;
  close(): Promise<void>;
}

/** The composition root: builds, wires and starts every part this instance runs. */
export async function startMayday(config: AppConfig, log: Logger): Promise<RunningMayday> {
  await prepareDatabase(config.databaseUrl, log);
  const prisma = createPrismaClient(config.databaseUrl);

  const redis = createRedis(config.redisUrl, log, 'mayday');
  const subscriber = createRedis(config.redisUrl, log, 'mayday-sub');
  await Promise.all([connectRedis(redis), connectRedis(subscriber)]);
  const bus = new RedisConfigBus(redis, subscriber, log);

  const snapshots = new SnapshotStore({ prisma, bus, log, pollMs: config.configPollMs });
  await snapshots.start();
  const decisionLogPool = createDriverPool(config.databaseUrl);
  const decisionLog = new DecisionLogWriter({
    pool: decisionLogPool,
    log,
    maxBufferedRows: config.decisionLogBufferRows,
    flushMs: config.decisionLogFlushMs,
  });
  decisionLog.start();
  const decisionStats = new DecisionStats();
  const outbound = new OutboundService({
    snapshot: () => snapshots.current(),
    record: (entry) => decisionLog.record(entry),
    stats: decisionStats,
  });

  const sms = createSms({ config, prisma, redis, log, snapshots });
  await sms.start();
  const inbound = new InboundService({ snapshot: () => snapshots.current() });

  const parts = { prisma, redis, bus, snapshots, decisionLog, decisionStats, outbound, sms };
  const agi = config.services.includes('agi') ? await startAgi(config, log, { outbound, inbound }) : null;
  const web = config.services.includes('http')
    ? await startWeb(config, { ...parts, config, log, agiListening: () => agi?.server.listening ?? false })
    : null;

  return {
    ...parts,
    agi,
    web,
    async close() {
      await web?.app.close();
      await agi?.server.close({ drainTimeoutMs: config.shutdownDrainMs });
      await sms.stop();
      snapshots.stop();
      await decisionLog.close();
      await decisionLogPool.end();
      await bus.close();
      await prisma.$disconnect();
    },
  };
}

async function startAgi(config: AppConfig, log: Logger, services: ScriptServices) {
  const server = new FastAgiServer({
    host: config.agiHost,
    port: config.agiPort,
    logger: log.child({ component: 'fastagi' }),
    scripts: agiScripts(services),
    commandTimeoutMs: config.agiCommandTimeoutMs,
  });
  return { server, address: await server.listen() };
}

async function startWeb(config: AppConfig, deps: Parameters<typeof buildWebApp>[0]) {
  const app = await buildWebApp(deps);
  const address = await app.listen({ host: config.httpHost, port: config.httpPort });
  deps.log.info({ address }, 'HTTP server listening');
  return { app, address };
}
