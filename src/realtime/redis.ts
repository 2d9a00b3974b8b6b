import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A Redis connection that retries forever in the background and never throws on the
 * caller's path because Redis is away: commands fail fast instead of queueing.
 */
export function createRedis(url: string, log: Logger, connectionName: string): Redis {
  const redis = new Redis(url, {
    protocol: 2,
    connectionName,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let reportedDown = false;
  redis.on('error', (error: Error) => {
    if (reportedDown) return;
    reportedDown = true;
    log.warn({ err: error, connection: connectionName }, 'redis unavailable; retrying in the background');
  });
  redis.on('ready', () => {
    if (reportedDown) log.info({ connection: connectionName }, 'redis connection restored');
    reportedDown = false;
  });
  return redis;
}

/** Connects, tolerating a Redis that is down at start (the client keeps retrying). */
export async function connectRedis(redis: Redis): Promise<boolean> {
  try {
    await redis.connect();
    return true;
  } catch {
    return false;
  }
}
