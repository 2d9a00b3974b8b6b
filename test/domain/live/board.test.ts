import t from 'tap';
import { agentRows, boardOf, callRows, domId, queueRows } from '../../../src/domain/live/board.js';
import { EMPTY_FLOOR, type LiveFloor } from '../../../src/domain/live/floor.js';
import { channel, member, queue } from '../../support/floor-publisher.js';

const floorOf = (parts: Partial<LiveFloor>): LiveFloor => ({ ...EMPTY_FLOOR, ...parts });

t.test('DOM ids: distinct names give distinct ids made of safe characters', async (t) => {
  const names = ['PJSIP/1001', 'PJSIP_1001', 'Local/agent1@t-phones', 'SIP/a b', 'x"><script>'];
  const ids = names.map((name) => domId('agent', name));
  t.equal(new Set(ids).size, names.length);
  for (const id of ids) t.match(id, /^agent-[A-Za-z0-9_-]+$/);
});

t.test('an agent\'s state: paused first, then talking, ringing, unavailable, available', async (t) => {
  const cases: [string, Parameters<typeof member>[3], string][] = [
    ['paused while in a call', { paused: true, pausedReason: 'lunch', inCall: true }, 'paused'],
    ['in a queue call', { inCall: true }, 'talking'],
    ['device in use', { status: 2 }, 'talking'],
    ['ringing', { status: 6 }, 'ringing'],
    ['unavailable', { status: 5 }, 'unavailable'],
    ['not in use', { status: 1 }, 'available'],
  ];
  for (const [what, fields, state] of cases) {
    const rows = agentRows(floorOf({ queues: { q: queue('q', [member('q', 'PJSIP/1', 'One', fields)]) } }));
    t.equal(rows[0]?.state, state, what);
  }
});

t.test('one row per agent across queues, paused if paused in any, sorted by name', async (t) => {
  const floor = floorOf({
    queues: {
      sales: queue('sales', [member('sales', 'PJSIP/2', 'Zed'), member('sales', 'PJSIP/1', 'Ann', { paused: true, pausedReason: 'break', callsTaken: 2 })]),
      support: queue('support', [member('support', 'PJSIP/1', 'Ann', { callsTaken: 3 })]),
    },
  });
  const rows = agentRows(floor);
  t.same(rows.map((row) => [row.name, row.queues, row.state, row.pausedReason, row.callsTaken]), [
    ['Ann', ['sales', 'support'], 'paused', 'break', 5],
    ['Zed', ['sales'], 'available', '', 0],
  ]);
  t.same(agentRows(floor, 'PJSIP/2').map((row) => row.name), ['Zed'], 'an agent\'s own row only');
  t.same(boardOf(floor, 'PJSIP/2').queues, [], 'an agent sees no queues');
});

t.test('talking with whom: the other channel of the agent\'s bridge; not a longer interface\'s channel', async (t) => {
  const floor = floorOf({
    queues: { q: queue('q', [member('q', 'PJSIP/100', 'Short'), member('q', 'Local/agent1@t-phones', 'Local one')]) },
    channels: {
      a: channel('a', 'PJSIP/trunk-00000001', { callerIdNum: '0712345678', bridgeId: 'b1', startedAt: 10 }),
      b: channel('b', 'Local/agent1@t-phones-00000002;1', { linkedId: 'a', bridgeId: 'b1', startedAt: 20 }),
      c: channel('c', 'PJSIP/1000-00000003', { bridgeId: 'b2' }),
    },
  });
  const rows = Object.fromEntries(agentRows(floor).map((row) => [row.name, row]));
  t.equal(rows['Local one']?.state, 'talking');
  t.equal(rows['Local one']?.talkingWith, '0712345678');
  t.equal(rows['Local one']?.since, 20);
  t.equal(rows['Short']?.state, 'available', 'PJSIP/1000\'s channel is not PJSIP/100\'s');
});

t.test('calls: one row per linkedid, the originating channel first; queues count waiting callers', async (t) => {
  const floor = floorOf({
    channels: {
      x2: channel('x2', 'PJSIP/1001-00000002', { linkedId: 'x1', startedAt: 5, bridgeId: 'b' }),
      x1: channel('x1', 'PJSIP/trunk-00000001', { callerIdNum: '0700000001', exten: '100', startedAt: 4, bridgeId: 'b' }),
      w1: channel('w1', 'PJSIP/trunk-00000003', { callerIdNum: '0700000002', startedAt: 1, state: 'Up' }),
    },
    queues: { support: queue('support', [member('support', 'PJSIP/1001', 'A', { paused: true })], { callers: { w1: { queue: 'support', uniqueId: 'w1', channel: 'PJSIP/trunk-00000003', callerIdNum: '0700000002', joinedAt: 1000 } } }) },
  });
  t.same(callRows(floor).map((row) => [row.linkedId, row.from, row.state, row.waitingIn, row.channels]), [
    ['w1', '0700000002', 'waiting', 'support', ['PJSIP/trunk-00000003']],
    ['x1', '0700000001', 'talking', null, ['PJSIP/trunk-00000001', 'PJSIP/1001-00000002']],
  ]);
  t.same(queueRows(floor).map((row) => [row.name, row.waiting, row.longestWaitSince, row.members, row.available, row.paused]), [['support', 1, 1000, 1, 0, 1]]);
});
