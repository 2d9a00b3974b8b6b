import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { importConfigDocument } from '../../src/data/config-import.js';
import { projectRoot } from '../../src/project-root.js';
import { InProcessConfigBus } from '../../src/realtime/config-bus.js';
import { TEST_REDIS_URL } from '../support/addresses.js';
import { connectAgiPeer } from '../support/asterisk-agi-peer.js';
import { createTestDatabase } from '../support/database.js';
import { silentLogger } from '../support/logger.js';
import { waitFor } from '../support/wait.js';

// The real entry point in its own process: SIGTERM while a call is in progress lets that
// call finish, refuses new ones, and exits cleanly.

const yaml = readFileSync(new URL('../fixtures/config.yaml', import.meta.url), 'utf8');

t.test('SIGTERM drains live calls and exits 0', async (t) => {
  const db = await createTestDatabase(t);
  await importConfigDocument({ prisma: db.prisma, bus: new InProcessConfigBus(), log: silentLogger() }, yaml);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/server.ts'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, AGI_PORT: '0', MAYDAY_SERVICES: 'agi', LOG_LEVEL: 'info', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const lines: { msg: string; port?: number }[] = [];
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop() ?? '';
    for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const listening = await waitFor(() => lines.find((line) => line.msg === 'FastAGI server listening'), 'the server to listen', 90_000);
  const port = listening.port!;

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
