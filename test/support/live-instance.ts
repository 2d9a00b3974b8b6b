// A live-floor instance in its own process (killed with SIGKILL to play a dead holder):
// the live feature from the environment's config, its Redis names under
// LIVE_TEST_NAMESPACE. Prints a JSON line whenever it takes or loses the lease.
import { pino } from 'pino';
import { loadConfig } from '../../src/config/env.js';
import { createPrismaClient } from '../../src/data/prisma.js';
import { createLive } from '../../src/live/feature.js';
import { connectRedis, createRedis } from '../../src/realtime/redis.js';

const config = loadConfig();
const log = pino({ level: process.env.LIVE_TEST_LOG ?? 'silent' });
const redis = createRedis(config.redisUrl, log, 'live-instance');
await connectRedis(redis);
const live = createLive({
  config,
  redis,
  // Never queried: actions are not audited by this process.
  prisma: createPrismaClient(config.databaseUrl),
  log,
  namespace: process.env.LIVE_TEST_NAMESPACE!,
  instance: process.env.LIVE_TEST_INSTANCE!,
  reconnectInitialMs: 50,
});
live.holder?.lease.onChange((held) => process.stdout.write(`${JSON.stringify({ held })}\n`));
await live.start();
process.stdout.write(`${JSON.stringify({ started: true })}\n`);
process.on('SIGTERM', () => void live.stop().then(() => process.exit(0)));
