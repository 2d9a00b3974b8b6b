import { readFileSync } from 'node:fs';
import t from 'tap';
import { applyFloorEvent, EMPTY_FLOOR, floorDifference, floorFromSnapshot, longestWaitSeconds, type FloorEvent, type LiveFloor } from '../../../src/domain/live/floor.js';
import { AmiParser } from '../../../src/telephony/ami/index.js';

/** An AMI event as the parser would produce it. */
function ev(name: string, fields: Record<string, string | number> = {}): FloorEvent {
  const text = [`Event: ${name}`, ...Object.entries(fields).map(([key, value]) => `${key}: ${value}`)].join('\r\n');
  return new AmiParser().push(`${text}\r\n\r\n`)[0]!;
}

function fold(events: readonly FloorEvent[], now = 1_000_000, floor: LiveFloor = EMPTY_FLOOR) {
  const changes: string[] = [];
  for (const event of events) {
    const step = applyFloorEvent(floor, event, now);
    floor = step.floor;
    changes.push(...step.changes.map((change) => `${change.kind}:${'uniqueId' in change ? change.uniqueId : 'queue' in change ? change.queue : change.device}`));
  }
  return { floor, changes };
}

t.test('the recorded AMI session: two Local halves come and go', async (t) => {
  const events = new AmiParser().push(readFileSync('/work/shared/asterisk-fixtures/ami-events.raw', 'utf8')).filter((e) => e.event !== '' && e.actionId === '');
  const firstHangup = events.findIndex((e) => e.event === 'Hangup');
  const during = fold(events.slice(0, firstHangup)).floor;
  t.same(
    Object.values(during.channels).map((c) => [c.name, c.linkedId === Object.values(during.channels)[0]!.linkedId]),
    [
      ['Local/100@agi-test-00000010;1', true],
      ['Local/100@agi-test-00000010;2', true],
    ],
  );
  t.same(fold(events).floor.channels, {}, 'both hung up at the end');
});

const caller = { Queue: 'support', Uniqueid: 'c1', Channel: 'Local/support@t-callers-1;2', CallerIDNum: '5550100' };
const member = { Queue: 'support', Interface: 'Local/agent1@t-agents', MemberName: 'Agent One', Status: 1, Paused: 0, InCall: 0, CallsTaken: 0 };

const cases: { name: string; events: FloorEvent[]; expect: (floor: LiveFloor) => unknown; equals: unknown; changes?: string[] }[] = [
  {
    name: 'a duplicate Newchannel changes nothing the second time',
    events: [ev('Newchannel', { Uniqueid: 'u1', Channel: 'Local/a-1;1', ChannelStateDesc: 'Down' }), ev('Newchannel', { Uniqueid: 'u1', Channel: 'Local/a-1;1', ChannelStateDesc: 'Down' })],
    expect: (f) => Object.keys(f.channels),
    equals: ['u1'],
    changes: ['channel:u1'],
  },
  {
    name: 'a Newstate after the Hangup does not bring the channel back',
    events: [ev('Newchannel', { Uniqueid: 'u1', Channel: 'x' }), ev('Hangup', { Uniqueid: 'u1' }), ev('Newstate', { Uniqueid: 'u1', ChannelStateDesc: 'Up' }), ev('Hangup', { Uniqueid: 'u1' })],
    expect: (f) => f.channels,
    equals: {},
    changes: ['channel:u1', 'channel:u1'],
  },
  {
    name: 'a Hangup for an unknown channel is a no-op',
    events: [ev('Hangup', { Uniqueid: 'zz' })],
    expect: (f) => f.channels,
    equals: {},
    changes: [],
  },
  {
    name: 'a Newstate for a channel whose Newchannel was missed creates it',
    events: [ev('Newstate', { Uniqueid: 'u2', Linkedid: 'l2', Channel: 'Local/b-2;2', ChannelStateDesc: 'Up', CallerIDNum: '100' })],
    expect: (f) => [f.channels['u2']?.state, f.channels['u2']?.linkedId, f.channels['u2']?.callerIdNum],
    equals: ['Up', 'l2', '100'],
  },
  {
    name: 'a late BridgeLeave of the old bridge keeps the new bridge',
    events: [ev('Newchannel', { Uniqueid: 'u1' }), ev('BridgeEnter', { Uniqueid: 'u1', BridgeUniqueid: 'b1' }), ev('BridgeEnter', { Uniqueid: 'u1', BridgeUniqueid: 'b2' }), ev('BridgeLeave', { Uniqueid: 'u1', BridgeUniqueid: 'b1' })],
    expect: (f) => f.channels['u1']?.bridgeId,
    equals: 'b2',
  },
  {
    name: 'a caller joining twice waits once; leaving twice leaves once',
    events: [ev('QueueCallerJoin', caller), ev('QueueCallerJoin', caller), ev('QueueCallerLeave', caller), ev('QueueCallerLeave', caller)],
    expect: (f) => [Object.keys(f.queues['support']!.callers), f.queues['support']!.abandoned],
    equals: [[], 0],
    changes: ['queue:support', 'queue:support'],
  },
  {
    name: 'an abandon is counted once and a Hangup clears a caller whose leave was missed',
    events: [ev('QueueCallerJoin', caller), ev('QueueCallerAbandon', caller), ev('QueueCallerLeave', caller), ev('QueueCallerJoin', { ...caller, Uniqueid: 'c2' }), ev('Hangup', { Uniqueid: 'c2' })],
    expect: (f) => [Object.keys(f.queues['support']!.callers), f.queues['support']!.abandoned],
    equals: [[], 1],
  },
  {
    name: 'a member is added, paused with a reason, unpaused (the reason goes), set in call, removed',
    events: [
      ev('QueueMemberAdded', member),
      ev('QueueMemberPause', { Queue: 'support', Interface: member.Interface, Paused: 1, PausedReason: 'lunch' }),
      ev('QueueMemberStatus', { ...member, Paused: 1, PausedReason: 'lunch' }),
    ],
    expect: (f) => f.queues['support']!.members[member.Interface],
    equals: { queue: 'support', interface: member.Interface, name: 'Agent One', status: 1, paused: true, pausedReason: 'lunch', inCall: false, callsTaken: 0 },
    changes: ['queue:support', 'queue:support'],
  },
  {
    name: 'unpausing clears the reason; InCall and Status follow QueueMemberStatus',
    events: [ev('QueueMemberAdded', member), ev('QueueMemberPause', { Queue: 'support', Interface: member.Interface, Paused: 1, PausedReason: 'lunch' }), ev('QueueMemberPause', { Queue: 'support', Interface: member.Interface, Paused: 0 }), ev('QueueMemberStatus', { ...member, Status: 2, InCall: 1, CallsTaken: 1 })],
    expect: (f) => {
      const m = f.queues['support']!.members[member.Interface]!;
      return [m.paused, m.pausedReason, m.status, m.inCall, m.callsTaken];
    },
    equals: [false, '', 2, true, 1],
  },
  {
    name: 'AgentConnect puts the member in a call; AgentComplete ends it and counts a completed call',
    events: [ev('QueueMemberAdded', member), ev('AgentConnect', { Queue: 'support', Interface: member.Interface }), ev('AgentComplete', { Queue: 'support', Interface: member.Interface }), ev('AgentComplete', { Queue: 'nowhere', Interface: 'x' })],
    expect: (f) => [f.queues['support']!.members[member.Interface]!.inCall, f.queues['support']!.completed, f.queues['nowhere']],
    equals: [false, 1, undefined],
    changes: ['queue:support', 'queue:support', 'queue:support'],
  },
  {
    name: 'removing an unknown member is a no-op; removing a known one removes it',
    events: [ev('QueueMemberRemoved', { Queue: 'support', Interface: 'Local/nobody@x' }), ev('QueueMemberAdded', member), ev('QueueMemberRemoved', { Queue: 'support', Interface: member.Interface })],
    expect: (f) => f.queues['support']!.members,
    equals: {},
    changes: ['queue:support', 'queue:support'],
  },
  {
    name: 'QueueStatus names the interface Location and the member Name',
    events: [ev('QueueMember', { Queue: 'sales', Name: 'Agent Two', Location: 'Local/agent2@t-agents', Status: 5, Paused: 1, PausedReason: 'training' })],
    expect: (f) => [f.queues['sales']!.members['Local/agent2@t-agents']!.name, f.queues['sales']!.members['Local/agent2@t-agents']!.pausedReason],
    equals: ['Agent Two', 'training'],
  },
  {
    name: 'device states are kept and a repeat is not a change',
    events: [ev('DeviceStateChange', { Device: 'Local/agent1@t-agents', State: 'INUSE' }), ev('DeviceStateChange', { Device: 'Local/agent1@t-agents', State: 'INUSE' })],
    expect: (f) => f.devices,
    equals: { 'Local/agent1@t-agents': 'INUSE' },
    changes: ['device:Local/agent1@t-agents'],
  },
  {
    name: 'events without their key and unknown events change nothing',
    events: [ev('Newchannel', {}), ev('QueueMemberAdded', { Queue: 'support' }), ev('QueueCallerJoin', { Queue: 'support' }), ev('VarSet', { Uniqueid: 'u9' }), ev('DeviceStateChange', {})],
    expect: (f) => f,
    equals: EMPTY_FLOOR,
    changes: [],
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const { floor, changes } = fold(c.events);
    t.same(c.expect(floor), c.equals);
    if (c.changes) t.same(changes, c.changes);
  });
}

t.test('the longest wait counts from the earliest caller; a resync entry carries its wait', async (t) => {
  const { floor } = fold([ev('QueueEntry', { ...caller, Wait: 42 })], 100_000);
  const later = fold([ev('QueueCallerJoin', { ...caller, Uniqueid: 'c2' })], 130_000, floor).floor;
  t.equal(longestWaitSeconds(later.queues['support']!, 130_000), 72);
  t.equal(longestWaitSeconds({ ...later.queues['support']!, callers: {} }, 130_000), 0);
});

t.test('a snapshot builds a whole new floor; the difference names every changed part', async (t) => {
  const before = fold([ev('Newchannel', { Uniqueid: 'gone', Channel: 'x' }), ev('QueueMemberAdded', member)]).floor;
  const after = floorFromSnapshot(
    {
      channels: [ev('CoreShowChannel', { Uniqueid: 'u5', Channel: 'Local/agent1@t-agents-5;1', ChannelStateDesc: 'Up', Duration: '00:01:05', BridgeId: 'b9' })],
      queueStatus: [ev('QueueParams', { Queue: 'support', Completed: 3, Abandoned: 1, HoldTime: 7, TalkTime: 60 }), ev('QueueMember', { Queue: 'support', Name: 'Agent One', Location: member.Interface, Status: 2, InCall: 1 })],
      queueSummary: [ev('QueueSummary', { Queue: 'sales', HoldTime: 0, TalkTime: 0 })],
      deviceStates: [ev('DeviceStateChange', { Device: 'Local/agent1@t-agents', State: 'INUSE' })],
      extensionStates: [ev('ExtensionStatus', { Exten: '201', Context: 'hints', Hint: 'Local/agent1@t-agents', Status: 1, StatusText: 'InUse' })],
    },
    200_000,
  );
  t.same(Object.keys(after.channels), ['u5']);
  t.equal(after.channels['u5']!.startedAt, 200_000 - 65_000);
  t.equal(after.channels['u5']!.bridgeId, 'b9');
  t.same([after.queues['support']!.completed, after.queues['support']!.abandoned, after.queues['support']!.members[member.Interface]!.inCall], [3, 1, true]);
  t.same(
    floorDifference(before, after).map((c) => c.kind + ':' + ('uniqueId' in c ? c.uniqueId : 'queue' in c ? c.queue : c.device)),
    ['channel:gone', 'channel:u5', 'queue:support', 'queue:sales', 'device:Local/agent1@t-agents', 'device:201@hints'],
  );
  t.equal(after.devices['201@hints'], 'InUse');
  t.same(floorDifference(after, after), []);
});
