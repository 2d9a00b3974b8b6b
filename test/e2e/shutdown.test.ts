import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { importConfigDocument } from '../../src/data/config-import.js';
import { InProcessConfigBus } from '../../src/realtime/config-bus.js';
import { TEST_REDIS_URL } from '../support/addresses.js';
import { connectAgiPeer } from '../support/asterisk-agi-peer.js';
import { createTestDatabase } from '../support/database.js';
import { silentLogger } from '../support/logger.js';
import { spawnMayday } from '../support/mayday-process.js';
import { waitFor } from '../support/wait.js';

// The real entry point in its own process: SIGTERM while a call is in progress lets that
// call finish, refuses new ones, and exits cleanly.

const yaml = readFileSync(new URL('../fixtures/config.yaml', import.meta.url), 'utf8');

t.test('SIGTERM drains live calls and exits 0', async (t) => {
  const db = await createTestDatabase(t);
  await importConfigDocument({ prisma: db.prisma, bus: new InProcessConfigBus(), log: silentLogger() }, yaml);
  const { child, lines, exited, agiPort } = spawnMayday(t, { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL });
  const port = await agiPort();

  let releaseEnv!: () => void;
  const envEnd = new Promise<void>((resolve) => (releaseEnv = resolve));
  let connected = false;
  const liveCall = connectAgiPeer({
    host: '127.0.0.1', port, script: 'outbound', args: ['1009', '450712345678'],
    holdEnvEndUntil: envEnd, onConnected: () => (connected = true),
  });
  await waitFor(() => connected, 'the live call to connect');

  child.kill('SIGTERM');
  await waitFor(() => lines.some((line) => line.msg === 'shutting down: draining live calls'), 'shutdown to begin');
  const refused = await new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve('accepted'); });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
  t.equal(refused, 'ECONNREFUSED', 'new calls are refused while draining');

  releaseEnv();
  const result = await liveCall;
  t.equal(result.variables.get('MAYDAY_RESULT'), 'DIAL', 'the call in progress got its decision');
  t.equal(result.variables.get('MAYDAY_DID'), '0310000045');
  t.equal(await exited, 0, 'clean exit');
  t.ok(lines.some((line) => line.msg === 'stopped'));
  const logged = await db.prisma.decisionLog.count({ where: { dialed: '450712345678' } });
  t.equal(logged, 1, 'the drained call was logged before exit');
});
