import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { CallTracker } from '../calls/tracker.js';
import type { AppConfig } from '../config/env.js';
import { createDriverPool } from '../data/pool.js';
import { createPrismaClient, type PrismaClient } from '../data/prisma.js';
import { SnapshotStore } from '../data/snapshot-store.js';
import type { SqlRunner } from '../data/batch-writer.js';
import { DecisionLogWriter } from '../outbound/decision-log.js';
import { DecisionLogRetention } from '../outbound/decision-log-retention.js';
import { DecisionStats } from '../outbound/decision-stats.js';
import { InboundService } from '../inbound/inbound-service.js';
import { createIvr, type IvrFeature } from '../ivr/feature.js';
import { startCallRecords } from '../call-records/feature.js';
import { createLive, type LiveFeature, type LiveFeatureDeps } from '../live/feature.js';
import { OutboundService } from '../outbound/service.js';
import { RedisConfigBus, type ConfigBus } from '../realtime/config-bus.js';
import { connectRedis, createRedis } from '../realtime/redis.js';
import { createSms, type SmsFeature, type SmsFeatureDeps } from '../sms/feature.js';

/** The connections the core runs on. Whoever opened them closes them. */
export interface CoreResources {
  readonly prisma: PrismaClient;
  readonly redis: Redis;
  readonly bus: ConfigBus;
  /** Where decision-log rows are inserted (a small driver pool of its own in production). */
  readonly decisionLogSql: SqlRunner;
}

/** What every service of an instance shares: live calls, the config snapshot and the outbound feature. */
export interface Core extends CoreResources {
  readonly calls: CallTracker;
  readonly snapshots: SnapshotStore;
  readonly decisionLog: DecisionLogWriter;
  readonly decisionStats: DecisionStats;
  readonly outbound: OutboundService;
  readonly inbound: InboundService;
  /** Built here; its outbox and provider settings run once started (startMayday does). */
  readonly sms: SmsFeature;
  /** Built here; connects to ARI once started (startMayday does); off without ARI_URL. */
  readonly ivr: IvrFeature;
  /** The live floor: built here; its mirror, and its AMI lease candidate when AMI is configured, run once started. */
  readonly live: LiveFeature;
  /** Stops what the core started (snapshot reloads, decision-log flushing, after a last flush); not its resources. */
  stop(): Promise<void>;
}

/** Production's connections: MariaDB (Prisma, plus a driver pool for the decision log) and Redis. */
export async function openResources(config: AppConfig, log: Logger): Promise<CoreResources & { close(): Promise<void> }> {
  const prisma = createPrismaClient(config.databaseUrl);
  const redis = createRedis(config.redisUrl, log, 'mayday');
  const subscriber = createRedis(config.redisUrl, log, 'mayday-sub');
  await Promise.all([connectRedis(redis), connectRedis(subscriber)]);
  const bus = new RedisConfigBus(redis, subscriber, log);
  const decisionLogPool = createDriverPool(config.databaseUrl);
  return {
    prisma,
    redis,
    bus,
    decisionLogSql: decisionLogPool,
    async close() {
      await decisionLogPool.end();
      await bus.close();
      await prisma.$disconnect();
    },
  };
}

export interface CoreOptions {
  /** Tests shorten the SMS outbox's poll and backoff. */
  readonly smsOutbox?: SmsFeatureDeps['outbox'];
  /** Tests shorten the ARI reconnect backoff. */
  readonly ariMinBackoffMs?: number;
  /** Tests give the live floor its own Redis namespace, instance name and a short AMI backoff. */
  readonly live?: Pick<LiveFeatureDeps, 'namespace' | 'instance' | 'reconnectInitialMs'>;
}

/** Loads the first config snapshot and starts the outbound feature on `resources`. */
export async function startCore(config: AppConfig, log: Logger, resources: CoreResources, options: CoreOptions = {}): Promise<Core> {
  const snapshots = new SnapshotStore({ prisma: resources.prisma, bus: resources.bus, log, pollMs: config.configPollMs });
  await snapshots.start();
  const decisionLog = new DecisionLogWriter({
    pool: resources.decisionLogSql,
    log,
    maxBufferedRows: config.decisionLogBufferRows,
    flushMs: config.decisionLogFlushMs,
  });
  decisionLog.start();
  const retention = new DecisionLogRetention({ prisma: resources.prisma, log, days: config.decisionLogRetentionDays });
  retention.start();
  const decisionStats = new DecisionStats();
  const outbound = new OutboundService({
    snapshot: () => snapshots.current(),
    record: (entry) => decisionLog.record(entry),
    stats: decisionStats,
  });
  const { prisma, redis } = resources;
  const sms = createSms({ config, prisma, redis, log, snapshots, ...(options.smsOutbox && { outbox: options.smsOutbox }) });
  const inbound = new InboundService({ snapshot: () => snapshots.current() });
  const calls = new CallTracker();
  const ivr = createIvr({
    config,
    log,
    snapshot: () => snapshots.current(),
    calls,
    pathSql: resources.decisionLogSql,
    ...(options.ariMinBackoffMs !== undefined && { minBackoffMs: options.ariMinBackoffMs }),
  });
  const live = createLive({ config, redis, prisma, log, ...options.live });
  const callRecords =
    live.holder === null
      ? null
      : startCallRecords({ source: live.holder.ami, sql: resources.decisionLogSql, log, maxBufferedRows: config.decisionLogBufferRows, flushMs: config.decisionLogFlushMs });
  return {
    ...resources,
    calls,
    snapshots,
    decisionLog,
    decisionStats,
    outbound,
    inbound,
    sms,
    ivr,
    live,
    async stop() {
      await ivr.stop();
      await live.stop();
      await callRecords?.stop();
      await sms.stop();
      snapshots.stop();
      await retention.stop();
      await decisionLog.close();
    },
  };
}
