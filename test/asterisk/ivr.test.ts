import { randomUUID } from 'node:crypto';
import t from 'tap';
import { createSnapshot } from '../../src/domain/config/snapshot.js';
import { IvrApp, type IvrPathRecord } from '../../src/ivr/ivr-app.js';
import { SupervisedAri } from '../../src/telephony/ari/connection.js';
import { fixtureConfig } from '../fixtures/config.js';
import { asteriskOrSkip, startTestAsterisk } from '../support/asterisk.js';
import { silentLogger } from '../support/logger.js';
import { waitFor } from '../support/wait.js';

// Whole calls through a real Asterisk: a Local channel enters Stasis() through the include's
// mayday-dest-menu context, its other half is the caller (DTMF by AMI PlayDTMF), and the IVR
// leaves by continuing in the destination's context.

const asteriskDir = asteriskOrSkip(t);
if (asteriskDir !== null) {
  const app = `mayday-${randomUUID().slice(0, 8)}`;
  const asterisk = await startTestAsterisk(t, asteriskDir, {
    ari: true,
    maydayGlobals: { MAYDAY_ARI_APP: app },
    sounds: ['hello-world', 'demo-instruct', 'pbx-invalid', 'demo-moreinfo', 'ss-noservice'],
    dialplan: ['[t-ivr-caller]', 'exten => s,1,Answer()', ' same => n,Wait(600)'].join('\n'),
  });
  // PlayDTMF (AMI) comes with app_senddtmf, which the harness does not load by default.
  await asterisk.cli('module load app_senddtmf.so');
  const snapshot = createSnapshot({ ...fixtureConfig, menus: fixtureConfig.menus.map((menu) => ({ ...menu, digitTimeoutMs: 1500 })) }, 11);
  const paths: IvrPathRecord[] = [];
  let ivr: IvrApp | null = null;
  const ari = new SupervisedAri(
    { url: `http://127.0.0.1:${asterisk.httpPort}`, username: asterisk.ariUser.username, password: asterisk.ariUser.password, app, log: silentLogger(), minBackoffMs: 50 },
    {
      stasisStart: (channel) => ivr?.stasisStart(channel),
      dtmf: (channelId, digit) => ivr?.dtmf(channelId, digit),
      playbackFinished: (playbackId, failed) => ivr?.playbackFinished(playbackId, failed),
      channelGone: (channelId) => ivr?.channelGone(channelId),
      connected: () => ivr?.connected(),
    },
  );
  ivr = new IvrApp({ ari, snapshot: () => snapshot, record: (path) => paths.push(path), log: silentLogger() });
  t.teardown(() => {
    ari.stop();
    ivr?.stop();
  });

  /** A caller enters menu `main`; resolves with the Stasis channel's id and the caller half's name. */
  async function callMenu(): Promise<{ id: string; caller: string }> {
    const id = `ivr-${randomUUID()}`;
    const entered = asterisk.ami.waitForEvent((event) => event.Event === 'Newexten' && event.Uniqueid === id && event.Application === 'Stasis', 'the call to enter Stasis');
    await asterisk.ami.succeed({
      Action: 'Originate',
      Channel: 'Local/s@t-ivr-caller',
      Context: 'mayday-dest-menu',
      Exten: 's',
      Priority: '1',
      Variable: 'MAYDAY_DEST=main',
      CallerID: '"Caller" <0772000001>',
      Async: 'true',
      ChannelId: id,
      OtherChannelId: `${id}-caller`,
    });
    const event = await entered;
    return { id, caller: (event.Channel ?? '').replace(/;1$/, ';2') };
  }

  const reachedContext = (id: string, context: string) =>
    asterisk.ami.waitForEvent((event) => event.Event === 'Newexten' && event.Uniqueid === id && event.Context === context, `the call to reach ${context}`, 20_000);

  ari.start();
  await waitFor(() => ari.status().state === 'connected', 'ARI to connect', 15_000).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(ari.status())}`);
  });

  t.test('greeting, then key 1 (after the inter-digit wait: extension 1010 starts with 1) hands over to the queue destination', async (t) => {
    const call = await callMenu();
    // The harness loads no app_queue (its context cannot run Queue()): the variable the queue context reads shows the hand-over.
    const destination = asterisk.ami.waitForEvent(
      (event) => event.Event === 'VarSet' && event.Uniqueid === call.id && event.Variable === 'MAYDAY_DEST' && event.Value === 'sales',
      'MAYDAY_DEST=sales',
      20_000,
    );
    await waitFor(() => paths.length > 0 || ivr?.activeCalls() === 1, 'the IVR to take the call', 10_000);
    await asterisk.ami.succeed({ Action: 'PlayDTMF', Channel: call.caller, Digit: '1', Duration: '100' });
    await destination;
    const path = await waitFor(() => paths.find((candidate) => candidate.uniqueId === call.id), 'the path to be recorded');
    t.match(path, { menu: 'main', configVersion: 11, outcome: 'destination', destination: 'queue:sales' });
    t.same(path.steps, ['key 1', 'inter-digit timeout', 'to queue:sales']);
  });

  t.test('silence uses up the retries, then the timeout destination', async (t) => {
    const call = await callMenu();
    const toAgent = reachedContext(call.id, 'mayday-dest-agent');
    await waitFor(() => ivr?.activeCalls() === 1, 'the IVR to take the call', 10_000);
    await toAgent;
    const path = await waitFor(() => paths.find((candidate) => candidate.uniqueId === call.id), 'the path to be recorded');
    t.match(path, { outcome: 'destination', destination: 'agent:1010' });
    t.same(path.steps, ['timeout', 'timeout', 'timeout', 'to agent:1010']);
  });

  t.test('a caller hanging up during a prompt ends the call in the app', async (t) => {
    const call = await callMenu();
    await waitFor(() => ivr?.activeCalls() === 1, 'the IVR to take the call', 10_000);
    await asterisk.ami.succeed({ Action: 'Hangup', Channel: call.caller });
    const path = await waitFor(() => paths.find((candidate) => candidate.uniqueId === call.id), 'the path to be recorded');
    t.match(path, { outcome: 'caller-hangup', destination: null });
    t.equal(ivr?.activeCalls(), 0);
  });

  t.test('with the application down, Stasis() fails at once and the call takes the safe destination', async (t) => {
    ari.stop();
    await waitFor(async () => !(await asterisk.cli('ari show apps')).includes(app), 'the application to be gone', 10_000);
    const id = `ivr-${randomUUID()}`;
    const fallback = reachedContext(id, 'mayday-inbound-fallback');
    const announced = reachedContext(id, 'mayday-dest-announcement');
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
    await fallback;
    await announced;
    t.pass('the caller reached the safe destination');
  });
}
