import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import t, { type Test } from 'tap';
import { RedisLease } from '../../src/realtime/lease.js';
import { TEST_REDIS_URL } from '../support/addresses.js';
import { silentLogger } from '../support/logger.js';
import { waitFor } from '../support/wait.js';

const TTL_MS = 1000;
const key = `mayday-test:lease:${randomUUID()}`;

function connection(): Redis {
  const redis = new Redis(TEST_REDIS_URL, { protocol: 2, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => null, lazyConnect: true });
  redis.on('error', () => undefined);
  t.teardown(() => redis.disconnect());
  return redis;
}

const raw = connection();
await raw.connect();
t.teardown(() => raw.del(key));

async function candidate(test: Test, owner: string, redis = connection()) {
  if (redis.status !== 'ready') await redis.connect();
  const lease = new RedisLease({ redis, key, ttlMs: TTL_MS, owner, log: silentLogger() });
  const changes: boolean[] = [];
  lease.onChange((held) => changes.push(held));
  test.teardown(() => lease.stop());
  return { lease, redis, changes };
}

t.test('one holder at a time; a stop hands the lease on at once', async (t) => {
  const a = await candidate(t, 'a');
  a.lease.start();
  await waitFor(() => a.lease.held, 'a to take the lease');
  const b = await candidate(t, 'b');
  b.lease.start();
  // b keeps trying every third of the ttl; three ttls of a renewing keep it out.
  await new Promise((resolve) => setTimeout(resolve, 3 * TTL_MS));
  t.equal(b.lease.held, false, 'b never held it while a renewed');
  t.equal(await a.lease.holder(), 'a');
  t.ok((await raw.pttl(key)) > 0, 'the lease has an expiry');

  await a.lease.stop();
  t.same(a.changes, [true, false]);
  await waitFor(() => b.lease.held, 'b to take the released lease', 5000);
  t.equal(await b.lease.holder(), 'b');
  await b.lease.stop();
  t.equal(await raw.exists(key), 0, 'released');
});

t.test('a holder cut off from Redis gives the lease up; another takes it after the expiry', async (t) => {
  const a = await candidate(t, 'a');
  a.lease.start();
  await waitFor(() => a.lease.held, 'a to take the lease');
  const b = await candidate(t, 'b');
  b.lease.start();
  a.redis.disconnect();
  await waitFor(() => !a.lease.held, 'a to give up', 5000);
  await waitFor(() => b.lease.held, 'b to take over', 5000);
  t.equal(await b.lease.holder(), 'b');
});

t.test('a stale holder cannot release the lease its successor took', async (t) => {
  const a = await candidate(t, 'a');
  a.lease.start();
  await waitFor(() => a.lease.held, 'a to take the lease');
  // Another instance's token replaces a's (as after an expiry while a was paused).
  await raw.set(key, 'c#other-token', 'PX', 10_000);
  await a.lease.stop();
  t.equal(await raw.get(key), 'c#other-token', "c's lease survives a's release");
  await raw.del(key);
});
