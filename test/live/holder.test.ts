import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { loadConfig } from '../../src/config/env.js';
import { createLive, type LiveFeature } from '../../src/live/feature.js';
import { connectRedis, createRedis } from '../../src/realtime/redis.js';
import { projectRoot } from '../../src/project-root.js';
import { TEST_REDIS_URL } from '../support/addresses.js';
import { asteriskOrSkip, phoneOf, startFloorAsterisk } from '../support/asterisk-floor.js';
import { createTestDatabase } from '../support/database.js';
import { silentLogger } from '../support/logger.js';
import { waitFor } from '../support/wait.js';

// Two instances compete for the AMI lease in their own processes; a third, in this
// process, has no AMI account and only mirrors the floor, as a dashboard-only instance.

const LEASE_TTL_MS = 1500;

const asteriskDir = asteriskOrSkip(t);
if (asteriskDir !== null) {
  const asterisk = await startFloorAsterisk(t, asteriskDir);
  const db = await createTestDatabase(t);
  const namespace = `mayday-test:live:${randomUUID()}`;
  const amiEnv = {
    AMI_HOST: '127.0.0.1',
    AMI_PORT: String(asterisk.amiPort),
    AMI_USERNAME: asterisk.amiUser.username,
    AMI_SECRET: asterisk.amiUser.secret,
    LIVE_LEASE_TTL_MS: String(LEASE_TTL_MS),
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: db.url,
  };

  interface Instance {
    readonly child: ChildProcess;
    held: boolean;
    started: boolean;
  }
  const spawnInstance = (name: string): Instance => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/live-instance.ts'], {
      cwd: projectRoot,
      env: { ...process.env, ...amiEnv, LIVE_TEST_NAMESPACE: namespace, LIVE_TEST_INSTANCE: name },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    t.teardown(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const instance: Instance = { child, held: false, started: false };
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter((part) => part.startsWith('{'))) {
        const message = JSON.parse(line) as { held?: boolean; started?: boolean };
        if (message.held !== undefined) instance.held = message.held;
        if (message.started) instance.started = true;
      }
    });
    return instance;
  };

  const log = silentLogger();
  const redis = createRedis(TEST_REDIS_URL, log, 'holder-test');
  await connectRedis(redis);
  t.teardown(() => redis.disconnect());
  const viewer: LiveFeature = createLive({ config: loadConfig({ REDIS_URL: TEST_REDIS_URL, DATABASE_URL: db.url, LIVE_LEASE_TTL_MS: String(LEASE_TTL_MS) }), redis, prisma: db.prisma, log, namespace });
  t.teardown(() => viewer.stop());
  await viewer.start();

  const a = spawnInstance('instance-a');
  await waitFor(() => a.held, 'instance-a to take the lease', 60_000);
  const b = spawnInstance('instance-b');
  await waitFor(() => b.started, 'instance-b to start', 60_000);

  const member = (name: string) => viewer.mirror.state.queues['support']?.members[phoneOf(name)];

  t.test('the holder publishes the floor; the mirror of another instance follows it', async (t) => {
    t.equal(viewer.holder, null, 'no AMI account: this instance never competes for the lease');
    await waitFor(() => viewer.mirror.status.kind === 'live', 'the mirror to be live', 20_000);
    t.same(viewer.mirror.status, { kind: 'live', holder: 'instance-a' });
    await asterisk.ami.succeed({ Action: 'QueueAdd', Queue: 'support', Interface: phoneOf('agent1'), MemberName: 'Agent One' });
    await waitFor(() => member('agent1')?.name === 'Agent One', 'Agent One in the mirror', 10_000);
    t.equal(b.held, false, 'instance-b waits');
  });

  t.test('the holder killed: instance-b takes the lease and the floor is rebuilt from its resync', async (t) => {
    a.child.kill('SIGKILL');
    await waitFor(() => viewer.mirror.status.kind === 'no-holder' || viewer.mirror.status.kind === 'syncing' || (viewer.mirror.status.kind === 'live' && viewer.mirror.status.holder === 'instance-b'), 'the mirror to notice', 20_000);
    await waitFor(() => b.held, 'instance-b to take the lease', 20_000);
    await waitFor(() => viewer.mirror.status.kind === 'live' && viewer.mirror.status.holder === 'instance-b', 'the mirror live from instance-b', 20_000);
    t.equal(member('agent1')?.name, 'Agent One', 'what happened before the takeover is still shown');
    await asterisk.ami.succeed({ Action: 'QueuePause', Interface: phoneOf('agent1'), Paused: 'true', Reason: 'lunch' });
    await waitFor(() => member('agent1')?.pausedReason === 'lunch', 'the pause through instance-b', 10_000);
  });

  t.test('actions run on the holder, wherever they are asked for', async (t) => {
    const outcome = await viewer.act({ username: 'sup', role: 'manager', agentExtension: null }, { kind: 'pause', interface: phoneOf('agent1'), paused: false });
    t.same(outcome, { ok: true, message: 'Unpaused.', permitted: true });
    await waitFor(() => member('agent1')?.paused === false, 'unpaused', 10_000);
    const refused = await viewer.act({ username: 'sup', role: 'manager', agentExtension: null }, { kind: 'remove-member', queue: 'support', interface: phoneOf('nobody') });
    t.equal(refused.ok, false);
    t.match(refused.message, /Asterisk refused to remove Local\/nobody@t-phones from queue support/);
    const audit = await viewer.audit.latest(5);
    t.same(audit.map((row) => [row.username, row.action, row.ok]), [['sup', 'remove-member', false], ['sup', 'pause', true]]);
  });

  t.test('a holder stopped cleanly releases the lease: no holder left, the mirror says so', async (t) => {
    b.child.kill('SIGTERM');
    await waitFor(() => b.child.exitCode !== null, 'instance-b to exit', 20_000);
    await waitFor(() => viewer.mirror.status.kind === 'no-holder', 'no holder', 20_000);
    const outcome = await viewer.act({ username: 'sup', role: 'admin', agentExtension: null }, { kind: 'hangup', channel: 'Local/x@y-00000001;1' });
    t.equal(outcome.ok, false);
    t.match(outcome.message, /No (Mayday )?instance/);
  });
}
