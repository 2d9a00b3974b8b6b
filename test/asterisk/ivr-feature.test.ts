import { randomUUID } from 'node:crypto';
import t from 'tap';
import { CallTracker } from '../../src/calls/tracker.js';
import { createSnapshot } from '../../src/domain/config/snapshot.js';
import { createIvr } from '../../src/ivr/feature.js';
import { fixtureConfig } from '../fixtures/config.js';
import { asteriskOrSkip, startTestAsterisk } from '../support/asterisk.js';
import { createTestDatabase } from '../support/database.js';
import { silentLogger } from '../support/logger.js';
import { waitFor } from '../support/wait.js';

// The IVR as the composition root builds it (createIvr): a caller in a menu is a live ARI
// call; stopping Mayday hands the caller to the menu's safe destination and the path lands in ivr_paths.

const asteriskDir = asteriskOrSkip(t);
if (asteriskDir !== null) {
  const app = `mayday-${randomUUID().slice(0, 8)}`;
  const asterisk = await startTestAsterisk(t, asteriskDir, {
    ari: true,
    maydayGlobals: { MAYDAY_ARI_APP: app },
    sounds: ['hello-world', 'demo-instruct', 'pbx-invalid', 'demo-moreinfo', 'ss-noservice'],
    dialplan: ['[t-ivr-caller]', 'exten => s,1,Answer()', ' same => n,Wait(600)'].join('\n'),
  });
  const db = await createTestDatabase(t);
  // Long digit timeouts: the caller is still in the menu when Mayday stops.
  const snapshot = createSnapshot({ ...fixtureConfig, menus: fixtureConfig.menus.map((menu) => ({ ...menu, digitTimeoutMs: 60_000 })) }, 5);
  const calls = new CallTracker();
  const ivr = createIvr({
    config: { ari: { url: `http://127.0.0.1:${asterisk.httpPort}`, ...asterisk.ariUser, app }, ivrPathBufferRows: 1000, decisionLogFlushMs: 50 },
    log: silentLogger(),
    snapshot: () => snapshot,
    calls,
    pathSql: { query: (sql, values) => db.prisma.$executeRawUnsafe(sql, ...values) },
    minBackoffMs: 50,
  });
  let stopped = false;
  t.teardown(async () => {
    if (!stopped) await ivr.stop();
  });

  t.test('stopping Mayday hands a caller in a menu to the safe destination and writes the path', async (t) => {
    ivr.start();
    await waitFor(() => ivr.status().state === 'connected', 'ARI to connect', 15_000);
    const id = `ivr-${randomUUID()}`;
    const toAgent = asterisk.ami.waitForEvent(
      (event) => event.Event === 'Newexten' && event.Uniqueid === id && event.Context === 'mayday-dest-agent',
      'the call to reach mayday-dest-agent',
      20_000,
    );
    await asterisk.ami.succeed({
      Action: 'Originate',
      Channel: 'Local/s@t-ivr-caller',
      Context: 'mayday-dest-menu',
      Exten: 's',
      Priority: '1',
      Variable: 'MAYDAY_DEST=main',
      Async: 'true',
      ChannelId: id,
      OtherChannelId: `${id}-caller`,
    });
    await waitFor(() => calls.get(id), 'the caller to be a live ARI call', 15_000);
    t.match(calls.get(id), { protocol: 'ari', purpose: 'menu main' });
    t.match(ivr.status(), { state: 'connected', calls: 1 });
    await ivr.stop();
    stopped = true;
    await toAgent;
    t.equal(calls.size, 0, 'no live call left');
    const rows = await db.prisma.ivrPath.findMany({ where: { uniqueId: id } });
    t.match(rows, [{ menu: 'main', configVersion: 5, outcome: 'shutdown', destination: 'agent:1010', steps: 'handed over at shutdown' }]);
  });
}
