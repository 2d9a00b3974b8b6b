import t, { type Test } from 'tap';
import { AmiClient, AmiDisconnectedError, AmiTimeoutError, type AmiClientState, type AmiMessage } from '../../../src/telephony/ami/index.js';
import { AmiPeer, recordedReply } from '../../support/ami-peer.js';
import { capturingLogger, silentLogger } from '../../support/logger.js';
import { waitFor } from '../../support/wait.js';

async function setup(t: Test, secret = 'mayday-secret') {
  const peer = await AmiPeer.start();
  const states: AmiClientState[] = [];
  const events: AmiMessage[] = [];
  const client = new AmiClient({ host: '127.0.0.1', port: peer.port, username: 'mayday', secret, log: silentLogger(), reconnectInitialMs: 20, reconnectMaxMs: 100, actionTimeoutMs: 500 });
  client.onState((state) => states.push(state));
  client.onEvent((event) => events.push(event));
  t.teardown(async () => {
    await client.stop();
    await peer.close();
  });
  client.start();
  return { peer, client, states, events };
}

const connected = (client: AmiClient) => waitFor(() => client.state.kind === 'connected', 'AMI login');

t.test('logs in, answers actions by their own ActionIDs, collects event lists', async (t) => {
  const { peer, client, events } = await setup(t);
  await connected(client);
  const [ping, list, second] = await Promise.all([client.action('Ping'), client.list('CoreShowChannels'), client.action('Ping')]);
  t.equal(ping.get('ping'), 'Pong');
  t.equal(second.get('ping'), 'Pong');
  t.same(list.events.map((e) => e.get('channel')), ['Local/100@agi-test-00000010;1', 'Local/100@agi-test-00000010;2']);
  t.equal(list.complete.event, 'CoreShowChannelsComplete');
  const ids = peer.received.map((request) => request.actionId);
  t.equal(new Set(ids).size, ids.length, 'every action got its own ActionID');
  t.notOk(events.some((e) => e.event === 'CoreShowChannel'), 'list events are not broadcast');
  const login = peer.received[0]!;
  t.equal(login.get('action'), 'Login');
  t.equal(login.get('username'), 'mayday');
});

t.test('events reach listeners in order; a throwing listener does not stop the others', async (t) => {
  const { peer, client, events } = await setup(t);
  client.onEvent(() => {
    throw new Error('listener bug');
  });
  await connected(client);
  for (let i = 0; i < 1000; i++) peer.broadcast(`Event: UserEvent\r\nUserEvent: n${i}\r\n\r\n`);
  await waitFor(() => events.filter((e) => e.event === 'UserEvent').length === 1000, '1000 events');
  t.same(
    events.filter((e) => e.event === 'UserEvent').map((e) => e.get('userevent')),
    Array.from({ length: 1000 }, (_, i) => `n${i}`),
  );
});

t.test('a refused login is reported and retried', async (t) => {
  const { peer, client, states } = await setup(t, 'wrong');
  const failed = await waitFor(() => states.find((s) => s.kind === 'login-failed'), 'login-failed state');
  t.match(failed, { kind: 'login-failed', reason: /Authentication failed/ });
  await waitFor(() => peer.connections >= 2, 'a second attempt');
  peer.secret = 'wrong';
  await connected(client);
  t.pass('logs in once the secret matches');
});

t.test('a drop mid-list fails the action in flight, then reconnects and logs in again', async (t) => {
  const { peer, client } = await setup(t);
  await connected(client);
  peer.handle('coreshowchannels', (request, socket) => {
    const [response, first] = recordedReply('csc-1', request.actionId);
    socket.write(response! + first!);
    setImmediate(() => peer.dropAll());
  });
  await t.rejects(client.list('CoreShowChannels'), AmiDisconnectedError);
  await t.rejects(client.action('Ping'), AmiDisconnectedError, 'no action is sent while disconnected');
  await waitFor(() => peer.connections === 2 && client.state.kind === 'connected', 'reconnected');
  t.equal(peer.received.filter((r) => r.get('action') === 'Login').length, 2);
  t.equal((await client.action('Ping')).get('ping'), 'Pong');
});

t.test('an unanswered action times out; an error response rejects with its message', async (t) => {
  const { peer, client } = await setup(t);
  await connected(client);
  peer.handle('status', () => undefined);
  peer.handle('hangup', (request, socket) => socket.write(`Response: Error\r\nActionID: ${request.actionId}\r\nMessage: No such channel\r\n\r\n`));
  await t.rejects(client.action('Status', {}, { timeoutMs: 50 }), AmiTimeoutError);
  await t.rejects(client.action('Hangup', { Channel: 'Local/none' }), { name: 'AmiActionError', message: /No such channel/ });
  await t.rejects(client.action('Hangup', { Channel: 'a\r\nb' }), { name: 'AmiInputError' });
  t.ok(client.state.kind === 'connected', 'still connected');
});

t.test('a peer that never greets or answers the login is dropped after the login deadline', async (t) => {
  const peer = await AmiPeer.start();
  peer.handle('login', () => undefined);
  const { log, lines } = capturingLogger('warn');
  const client = new AmiClient({ host: '127.0.0.1', port: peer.port, username: 'u', secret: 's', log, loginTimeoutMs: 50, reconnectInitialMs: 20, reconnectMaxMs: 40 });
  t.teardown(async () => {
    await client.stop();
    await peer.close();
  });
  client.start();
  await waitFor(() => peer.connections >= 2, 'a retry after the login deadline');
  t.ok(lines().some((line) => String(line['reason']).includes('no login within 50 ms')));
});

t.test('garbage and an endless packet do not crash; the client reconnects', async (t) => {
  const { peer, client, events } = await setup(t);
  await connected(client);
  peer.broadcast('this is not ami\r\n\r\n');
  peer.broadcast(`Event: Big\r\n${'Variable: x\r\n'.repeat(100_000)}`);
  await waitFor(() => peer.connections === 2 && client.state.kind === 'connected', 'reconnected after the oversized packet');
  t.notOk(events.some((e) => e.event === 'Big'));
});

t.test('an unreachable Asterisk is retried with doubling backoff', async (t) => {
  const peer = await AmiPeer.start();
  const port = peer.port;
  await peer.close();
  const states: AmiClientState[] = [];
  const client = new AmiClient({ host: '127.0.0.1', port, username: 'u', secret: 's', log: silentLogger(), reconnectInitialMs: 10, reconnectMaxMs: 40 });
  client.onState((s) => states.push(s));
  t.teardown(() => client.stop());
  client.start();
  await waitFor(() => states.filter((s) => s.kind === 'disconnected').length >= 3, 'three retries');
  const delays = states.flatMap((s) => (s.kind === 'disconnected' ? [s.retryInMs] : []));
  t.same(delays.slice(0, 3), [10, 20, 40], 'backoff doubles up to its maximum');
  await t.rejects(client.action('Ping'), AmiDisconnectedError);
});
