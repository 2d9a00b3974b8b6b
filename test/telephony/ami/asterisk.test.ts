import t from 'tap';
import { AmiActionError, AmiClient, type AmiMessage } from '../../../src/telephony/ami/index.js';
import { asteriskOrSkip, startFloorAsterisk } from '../../support/asterisk-floor.js';
import { silentLogger } from '../../support/logger.js';
import { waitFor } from '../../support/wait.js';

const asteriskDir = asteriskOrSkip(t);
if (asteriskDir !== null) {
  const asterisk = await startFloorAsterisk(t, asteriskDir);
  const client = (secret: string) => {
    const ami = new AmiClient({ host: '127.0.0.1', port: asterisk.amiPort, username: asterisk.amiUser.username, secret, log: silentLogger(), reconnectInitialMs: 50, reconnectMaxMs: 200 });
    t.teardown(() => ami.stop());
    return ami;
  };

  t.test('a wrong secret is reported as a refused login', async (t) => {
    const ami = client('not-the-secret');
    ami.start();
    const state = await waitFor(() => (ami.state.kind === 'login-failed' ? ami.state : undefined), 'login-failed');
    t.match(state.reason, /Authentication failed/);
    await ami.stop();
  });

  const ami = client(asterisk.amiUser.secret);
  const events: AmiMessage[] = [];
  ami.onEvent((event) => events.push(event));
  ami.start();
  await waitFor(() => ami.state.kind === 'connected', 'AMI login', 10_000);

  t.test('queue lists, an answered queue call and a click-to-call originate', async (t) => {
    await ami.action('QueueAdd', { Queue: 'support', Interface: 'Local/agent1@t-phones', MemberName: 'Agent One', Paused: 'false' });
    t.teardown(() => ami.action('QueueRemove', { Queue: 'support', Interface: 'Local/agent1@t-phones' }).catch(() => undefined));
    const status = await ami.list('QueueStatus', { Queue: 'support' });
    t.same(status.events.map((e) => e.event), ['QueueParams', 'QueueMember']);
    t.equal(status.events[1]!.get('name'), 'Agent One');
    t.equal(status.complete.event, 'QueueStatusComplete');

    await t.rejects(ami.action('QueueAdd', { Queue: 'support', Interface: 'Local/agent1@t-phones' }), AmiActionError, 'a duplicate member is an error response');

    const callId = `caller-${Date.now()}`;
    await ami.action('Originate', { Channel: 'Local/support@t-callers', Application: 'Wait', Data: '600', Async: 'true', ChannelId: callId });
    const connect = await waitFor(() => events.find((e) => e.event === 'AgentConnect' && e.get('linkedid') === callId), 'AgentConnect', 10_000);
    t.equal(connect.get('queue'), 'support');
    t.equal(connect.get('membername'), 'Agent One');

    const c2c = `c2c-${Date.now()}`;
    const queued = await ami.action('Originate', { Channel: 'Local/agent2@t-phones', Context: 't-c2c', Exten: '5550100', Priority: 1, Timeout: 6000, Async: 'true', ChannelId: c2c, OtherChannelId: `${c2c}-2` });
    const result = await waitFor(() => events.find((e) => e.event === 'OriginateResponse' && e.actionId === queued.actionId), 'OriginateResponse', 10_000);
    t.equal(result.get('response'), 'Success');
    t.equal(result.get('uniqueid'), c2c);
    await ami.action('Hangup', { Channel: `/^Local\\/(support@t-callers|agent).*/` });
  });

  t.test('Asterisk killed and restarted: actions in flight fail, the client logs in again', async (t) => {
    const before = events.length;
    const inFlight = ami.list('CoreShowChannels').then(
      () => 'completed',
      (error: Error) => error.name,
    );
    await asterisk.restart();
    t.match(await inFlight, /^(completed|AmiDisconnectedError)$/);
    await waitFor(() => ami.state.kind === 'connected', 'login after the restart', 15_000);
    t.equal((await ami.action('Ping')).get('ping'), 'Pong');
    t.ok(events.slice(before).some((e) => e.event === 'FullyBooted'), 'events flow on the new connection');
  });
}
