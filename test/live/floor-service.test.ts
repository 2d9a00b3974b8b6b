import t from 'tap';
import { floorDifference, longestWaitSeconds, type LiveFloor } from '../../src/domain/live/floor.js';
import { FloorService } from '../../src/live/floor-service.js';
import { AmiClient } from '../../src/telephony/ami/index.js';
import { asteriskOrSkip, startFloorAsterisk } from '../support/asterisk-floor.js';
import { silentLogger } from '../support/logger.js';
import { waitFor } from '../support/wait.js';

const AGENT1 = 'Local/agent1@t-phones';
const AGENT2 = 'Local/agent2@t-phones';

/**
 * The floor without the times a resync can only estimate to the second. Devices: the
 * DeviceStateList of a resync has only cached device states (not Local/ ones, which the
 * events still report), so each device the reference has must match.
 */
function timeless(floor: LiveFloor, reference?: LiveFloor) {
  return {
    channels: Object.fromEntries(Object.entries(floor.channels).map(([id, c]) => [id, { ...c, startedAt: 0, application: '' }])),
    queues: Object.fromEntries(Object.entries(floor.queues).map(([name, q]) => [name, { ...q, holdTime: 0, talkTime: 0, callers: Object.fromEntries(Object.entries(q.callers).map(([id, c]) => [id, { ...c, joinedAt: 0 }])) }])),
    devices: Object.fromEntries(Object.keys((reference ?? floor).devices).map((device) => [device, floor.devices[device]])),
  };
}

const asteriskDir = asteriskOrSkip(t);
if (asteriskDir !== null) {
  const asterisk = await startFloorAsterisk(t, asteriskDir);
  const newClient = () => {
    const ami = new AmiClient({ host: '127.0.0.1', port: asterisk.amiPort, ...asterisk.amiUser, log: silentLogger(), reconnectInitialMs: 50, reconnectMaxMs: 200 });
    t.teardown(() => ami.stop());
    return ami;
  };
  const ami = newClient();
  const floor = new FloorService({ ami, log: silentLogger() });
  t.teardown(() => floor.close());
  ami.start();
  await waitFor(() => floor.completedResyncs === 1, 'the first resync', 10_000);

  /** A second connection and floor that only resyncs: the folded floor must equal it. */
  const freshResync = async () => {
    const other = newClient();
    const reference = new FloorService({ ami: other, log: silentLogger() });
    other.start();
    await waitFor(() => reference.completedResyncs === 1, 'a reference resync', 10_000);
    await other.stop();
    return reference.current;
  };

  t.test('members, pauses and callers as they happen, equal to a fresh resync', async (t) => {
    await ami.action('QueueAdd', { Queue: 'support', Interface: AGENT1, MemberName: 'Agent One' });
    await ami.action('QueueAdd', { Queue: 'sales', Interface: 'Local/busy1@t-phones', MemberName: 'Busy One', Paused: 'true' });
    t.teardown(async () => {
      await ami.action('QueueRemove', { Queue: 'support', Interface: AGENT1 }).catch(() => undefined);
      await ami.action('QueueRemove', { Queue: 'sales', Interface: 'Local/busy1@t-phones' }).catch(() => undefined);
    });
    const member = () => floor.current.queues['support']?.members[AGENT1];
    await waitFor(() => member()?.name === 'Agent One', 'Agent One in support');

    await ami.action('QueuePause', { Interface: AGENT1, Paused: 'true', Reason: 'lunch' });
    await waitFor(() => member()?.paused && member()?.pausedReason === 'lunch', 'paused for lunch');
    await ami.action('QueuePause', { Interface: AGENT1, Paused: 'false' });
    await waitFor(() => member()?.paused === false && member()?.pausedReason === '', 'unpaused');

    await ami.action('Originate', { Channel: 'Local/sales@t-callers', Application: 'Wait', Data: '600', Async: 'true', ChannelId: 'waiting-1', CallerID: '"Caller" <5550101>' });
    const waiting = await waitFor(() => Object.values(floor.current.queues['sales']?.callers ?? {})[0], 'a caller waiting in sales');
    t.match(waiting.channel, /^Local\/sales@t-callers-/);
    t.ok(longestWaitSeconds(floor.current.queues['sales']!, Date.now()) >= 0);

    await ami.action('Originate', { Channel: 'Local/support@t-callers', Application: 'Wait', Data: '600', Async: 'true', ChannelId: 'answered-1' });
    await waitFor(() => member()?.inCall, 'Agent One in a call', 10_000);
    // waitFor takes any list as an answer, an empty one too: wait until both legs are bridged.
    const bridged = await waitFor(() => {
      const legs = Object.values(floor.current.channels).filter((c) => c.linkedId === 'answered-1' && c.bridgeId !== '');
      return legs.length >= 2 ? legs : undefined;
    }, 'the caller and the agent bridged', 10_000);
    t.ok(bridged.length >= 2, 'the caller and the agent are in one bridge');

    const reference = await freshResync();
    t.same(timeless(floor.current, reference), timeless(reference), 'what the events built equals what a resync reads');

    await ami.action('Hangup', { Channel: '/^Local\\/(sales|support)@t-callers/' });
    await waitFor(() => Object.keys(floor.current.channels).length === 0, 'every channel gone', 10_000);
    t.same(floor.current.queues['sales']!.callers, {});
    t.equal(member()?.inCall, false);
  });

  t.test('a burst of 1,000 pause and unpause events ends where Asterisk ends', async (t) => {
    await ami.action('QueueAdd', { Queue: 'support', Interface: AGENT2, MemberName: 'Agent Two' });
    t.teardown(() => ami.action('QueueRemove', { Queue: 'support', Interface: AGENT2 }).catch(() => undefined));
    let changes = 0;
    floor.onChange((_floor, changed) => (changes += changed.length));
    await Promise.all(Array.from({ length: 500 }, (_, i) => ami.action('QueuePause', { Interface: AGENT2, Paused: i % 2 === 0 ? 'true' : 'false', Reason: `r${i}` }, { timeoutMs: 20_000 })));
    await ami.action('QueuePause', { Interface: AGENT2, Paused: 'true', Reason: 'burst-end' });
    const member = await waitFor(() => (floor.current.queues['support']?.members[AGENT2]?.pausedReason === 'burst-end' ? floor.current.queues['support'].members[AGENT2] : undefined), 'the last pause', 20_000);
    t.equal(member.paused, true);
    t.ok(changes >= 500, `each pause and unpause was a change (${changes})`);
    const reference = await freshResync();
    t.same(timeless(floor.current, reference), timeless(reference));
  });

  t.test('Asterisk killed under a resync: the floor is stale, then rebuilt from a fresh resync', async (t) => {
    await ami.action('QueueAdd', { Queue: 'support', Interface: AGENT1, MemberName: 'Agent One' });
    await ami.action('Originate', { Channel: 'Local/sales@t-callers', Application: 'Wait', Data: '600', Async: 'true', ChannelId: 'before-crash' });
    await waitFor(() => floor.current.channels['before-crash'], 'a channel before the crash');
    const resyncsBefore = floor.completedResyncs;
    const resync = floor.resync();
    await asterisk.restart();
    await resync;
    await waitFor(() => floor.completedResyncs > resyncsBefore && !floor.stale, 'a resync after the restart', 15_000);
    t.same(floor.current.channels, {}, 'the channels of the dead Asterisk are gone');
    t.same(floor.current.queues['support']?.members ?? {}, {}, 'dynamic members did not survive the restart');
    t.same(floorDifference(floor.current, await freshResync()).filter((c) => c.kind !== 'device'), []);
  });
}
