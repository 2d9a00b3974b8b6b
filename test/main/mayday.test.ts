import t from 'tap';
import { connectAgiPeer } from '../support/asterisk-agi-peer.js';
import { createTestDatabase } from '../support/database.js';
import { capturingLogger } from '../support/logger.js';
import { startTestMayday } from '../support/mayday.js';
import { waitFor } from '../support/wait.js';

// The composition root: MAYDAY_SERVICES decides which listeners run, and only an instance
// with the dashboard creates the first dashboard user.

t.test('an agi-only instance answers calls and creates no dashboard user', async (t) => {
  const db = await createTestDatabase(t);
  const mayday = await startTestMayday(t, { DATABASE_URL: db.url, MAYDAY_SERVICES: 'agi' });
  t.ok(mayday.agi?.server.listening);
  t.equal(mayday.web, null);
  t.equal(await db.prisma.dashboardUser.count(), 0);
});

t.test('an instance with the dashboard creates the first admin once and serves HTTP', async (t) => {
  const db = await createTestDatabase(t);
  const mayday = await startTestMayday(t, { DATABASE_URL: db.url, MAYDAY_SERVICES: 'agi,http', ADMIN_PASSWORD: 'first-admin-password' });
  t.strictSame(await db.prisma.dashboardUser.findMany({ select: { username: true, role: true } }), [{ username: 'admin', role: 'admin' }]);
  const response = await fetch(`${mayday.web?.address}/healthz`);
  t.equal(response.status, 200);
  t.match(await response.json(), { status: 'ok', agiListening: true });
});

t.test('close() gives live calls the drain time, then ends them and names them', async (t) => {
  const db = await createTestDatabase(t);
  const captured = capturingLogger('warn');
  const mayday = await startTestMayday(
    t,
    { DATABASE_URL: db.url, SHUTDOWN_DRAIN_MS: '200', AGI_COMMAND_TIMEOUT_MS: '600000' },
    captured.log,
  );
  const stalled = connectAgiPeer({ host: '127.0.0.1', port: mayday.agiPort, script: 'outbound', args: ['1009', '0712345678'], uniqueId: '1795304775.42', stallOnCommand: 1 });
  await waitFor(() => mayday.calls.get('1795304775.42'), 'the call to be live');
  await mayday.close();
  t.equal((await stalled).closedBy, 'server');
  t.equal(mayday.calls.size, 0);
  t.match(captured.lines().find((line) => line.msg.startsWith('live calls still running')), { live: ['1795304775.42'] });
});
