import t from 'tap';
import { CallRecordFold, EARLY_EVENT_WINDOW_MS, extensionOf, outcomeOf, type CallEvent } from '../../../src/domain/calls/records.js';

const VARIABLES = { outbound: 'MAYDAY_RESULT', inbound: 'MAYDAY_INBOUND_RESULT', did: 'MAYDAY_DID' };
const T0 = 1_796_185_083;

function ev(fields: Record<string, string>): CallEvent {
  const lower = new Map(Object.entries(fields).map(([key, value]) => [key.toLowerCase(), value]));
  return { event: fields.Event ?? '', get: (key) => lower.get(key.toLowerCase()) ?? '' };
}

/** A CEL event of channel `uniqueId` in call `linkedId`, `at` seconds after T0. */
function cel(name: string, at: number, uniqueId: string, extra: Record<string, string> = {}, linkedId = 'call-1'): CallEvent {
  return ev({ Event: 'CEL', EventName: name, Timestamp: String(T0 + at), UniqueID: uniqueId, LinkedID: linkedId, ...extra });
}

function other(event: string, at: number, fields: Record<string, string>, linkedId = 'call-1'): CallEvent {
  return ev({ Event: event, Timestamp: String(T0 + at), Linkedid: linkedId, ...fields });
}

function run(events: CallEvent[]) {
  const fold = new CallRecordFold(VARIABLES, { maxOpenCalls: 10 });
  const records = events.map((event) => fold.apply(event, 0)).filter((record) => record !== null);
  return { fold, records };
}

const outboundStart = [
  cel('CHAN_START', 0, 'call-1', { Channel: 'PJSIP/1009-00000001', Exten: '450712345678' }),
  other('VarSet', 0.1, { Uniqueid: 'call-1', Variable: 'MAYDAY_DID', Value: '0310000045' }),
  other('VarSet', 0.1, { Uniqueid: 'call-1', Variable: 'MAYDAY_RESULT', Value: 'DIAL' }),
  cel('APP_START', 1, 'call-1', { Application: 'Dial', CallerIDnum: '1009' }),
  cel('CHAN_START', 1, 'leg-2', { Channel: 'PJSIP/main_trunk-00000002' }),
];

const cases: { name: string; events: CallEvent[]; expect: Record<string, unknown> }[] = [
  {
    name: 'outbound answered: ring from the dial to the bridge, talk until the bridge ends',
    events: [
      ...outboundStart,
      cel('ANSWER', 5, 'leg-2'),
      cel('BRIDGE_ENTER', 5, 'call-1', { Peer: 'PJSIP/main_trunk-00000002' }),
      cel('BRIDGE_EXIT', 65, 'call-1'),
      cel('HANGUP', 65, 'call-1', { Extra: '{"hangupcause":16,"hangupsource":"","dialstatus":"ANSWER"}' }),
      cel('LINKEDID_END', 66, 'call-1'),
    ],
    expect: { outcome: 'answered', direction: 'outbound', routingUniqueId: 'call-1', did: '0310000045', agent: '1009', caller: '1009', dialed: '450712345678', answeredBy: 'PJSIP/main_trunk-00000002', ringSeconds: 4, talkSeconds: 60, hangupCause: 16, queue: null, waitSeconds: null },
  },
  {
    name: 'outbound busy from the last Dial',
    events: [...outboundStart, cel('HANGUP', 2, 'call-1', { Extra: '{"hangupcause":17,"dialstatus":"BUSY"}' }), cel('LINKEDID_END', 2, 'call-1')],
    expect: { outcome: 'busy', answeredAt: null, ringSeconds: 1, talkSeconds: 0 },
  },
  {
    name: 'outbound not answered',
    events: [...outboundStart, cel('HANGUP', 31, 'call-1', { Extra: '{"hangupcause":16,"dialstatus":"NOANSWER"}' }), cel('LINKEDID_END', 31, 'call-1')],
    expect: { outcome: 'no_answer', ringSeconds: 30 },
  },
  {
    name: 'a channel other than the caller hanging up does not decide the outcome',
    events: [...outboundStart, cel('HANGUP', 3, 'leg-2', { Extra: '{"hangupcause":17,"dialstatus":"BUSY"}' }), cel('HANGUP', 3, 'call-1', { Extra: '{"hangupcause":34,"dialstatus":"CONGESTION"}' }), cel('LINKEDID_END', 3, 'call-1')],
    expect: { outcome: 'failed', hangupCause: 34 },
  },
  {
    name: 'inbound through a queue: the member who answered is the agent, the wait is the hold time',
    events: [
      cel('CHAN_START', 0, 'call-1', { Channel: 'PJSIP/trunk-00000001', Exten: '0310000001' }),
      other('VarSet', 0, { Uniqueid: 'call-1', Variable: 'MAYDAY_INBOUND_RESULT', Value: 'ROUTE' }),
      other('QueueCallerJoin', 2, { Queue: 'sales' }),
      cel('CHAN_START', 2, 'member-1'),
      other('AgentConnect', 10, { Queue: 'sales', MemberName: 'Agent 1010', Interface: 'PJSIP/1010', HoldTime: '8' }),
      cel('BRIDGE_ENTER', 10, 'call-1', { Peer: 'PJSIP/1010-00000003', CallerIDnum: '0712345678' }),
      cel('BRIDGE_EXIT', 40, 'call-1'),
      cel('LINKEDID_END', 41, 'call-1'),
    ],
    expect: { outcome: 'answered', direction: 'inbound', queue: 'sales', agent: '1010', answeredBy: 'Agent 1010', waitSeconds: 8, ringSeconds: 8, talkSeconds: 30, abandoned: false, caller: '0712345678' },
  },
  {
    name: 'a queue caller hanging up before an answer is abandoned, waited until leaving',
    events: [
      cel('CHAN_START', 0, 'call-1'),
      other('VarSet', 0, { Uniqueid: 'call-1', Variable: 'MAYDAY_INBOUND_RESULT', Value: 'ROUTE' }),
      other('QueueCallerJoin', 1, { Queue: 'support' }),
      other('QueueCallerAbandon', 21, { Queue: 'support' }),
      cel('HANGUP', 21, 'call-1', { Extra: '{"hangupcause":16,"dialstatus":""}' }),
      cel('LINKEDID_END', 21, 'call-1'),
    ],
    expect: { outcome: 'no_answer', abandoned: true, waitSeconds: 20, agent: null, queue: 'support' },
  },
  {
    name: 'no Mayday variable: internal, routed on its first channel',
    events: [cel('CHAN_START', 0, 'call-1', { CallerIDnum: '1009' }), cel('BRIDGE_ENTER', 3, 'call-1', { Peer: 'PJSIP/1010-1' }), cel('LINKEDID_END', 9, 'call-1')],
    expect: { direction: 'internal', routingUniqueId: 'call-1', agent: '1009', outcome: 'answered', talkSeconds: 6 },
  },
  {
    name: 'an inbound call forwarded out stays inbound, routed where the inbound decision was taken',
    events: [
      cel('CHAN_START', 0, 'call-1'),
      other('VarSet', 0, { Uniqueid: 'call-1', Variable: 'MAYDAY_INBOUND_RESULT', Value: 'ROUTE' }),
      other('VarSet', 1, { Uniqueid: 'leg-9', Variable: 'MAYDAY_RESULT', Value: 'DIAL' }),
      cel('LINKEDID_END', 2, 'call-1'),
    ],
    expect: { direction: 'inbound', routingUniqueId: 'call-1' },
  },
  {
    name: 'a VarSet that overtakes the CEL CHAN_START (another stasis topic) still sets the direction',
    events: [
      other('VarSet', 0, { Uniqueid: 'call-1', Variable: 'MAYDAY_RESULT', Value: 'DIAL' }),
      other('VarSet', 0, { Uniqueid: 'call-1', Variable: 'MAYDAY_DID', Value: '0310000045' }),
      cel('CHAN_START', 0, 'call-1', { Channel: 'Local/1009@t-1', Exten: '0712345678' }),
      cel('HANGUP', 2, 'call-1', { Extra: '{"hangupcause":17,"dialstatus":"BUSY"}' }),
      cel('LINKEDID_END', 2, 'call-1'),
    ],
    expect: { direction: 'outbound', routingUniqueId: 'call-1', did: '0310000045', outcome: 'busy' },
  },
];

for (const { name, events, expect } of cases) {
  t.test(name, async (t) => {
    const { records, fold } = run(events);
    t.equal(records.length, 1, 'one record at LINKEDID_END');
    t.match(records[0], expect);
    t.equal(fold.openCalls, 0);
  });
}

t.test('events of a call never seen starting, or after its end, start nothing', async (t) => {
  const { records, fold } = run([
    cel('ANSWER', 0, 'x', {}, 'unknown'),
    other('QueueCallerJoin', 0, { Queue: 'sales' }, 'unknown'),
    cel('LINKEDID_END', 1, 'x', {}, 'unknown'),
  ]);
  t.equal(records.length, 0);
  t.equal(fold.openCalls, 0);
});

t.test('an early event older than the window is not applied to a call starting later', async (t) => {
  const late = EARLY_EVENT_WINDOW_MS / 1000 + 1;
  const { records } = run([
    other('VarSet', 0, { Uniqueid: 'call-1', Variable: 'MAYDAY_RESULT', Value: 'DIAL' }),
    other('VarSet', late, { Uniqueid: 'call-2', Variable: 'MAYDAY_RESULT', Value: 'DIAL' }, 'call-2'),
    cel('CHAN_START', late, 'call-1'),
    cel('LINKEDID_END', late + 1, 'call-1'),
  ]);
  t.match(records, [{ linkedId: 'call-1', direction: 'internal' }]);
});

t.test('open calls are bounded: the oldest is given up and counted', async (t) => {
  const fold = new CallRecordFold(VARIABLES, { maxOpenCalls: 2 });
  for (const id of ['a', 'b', 'c']) fold.apply(cel('CHAN_START', 0, id, {}, id), 0);
  t.equal(fold.openCalls, 2);
  t.equal(fold.givenUp, 1);
  t.equal(fold.apply(cel('LINKEDID_END', 1, 'a', {}, 'a'), 0), null, 'the given-up call ends nothing');
  t.ok(fold.apply(cel('LINKEDID_END', 1, 'c', {}, 'c'), 0));
});

t.test('calls silent past the expiry are given up', async (t) => {
  const fold = new CallRecordFold(VARIABLES, { maxOpenCalls: 10 });
  fold.apply(cel('CHAN_START', 0, 'a', {}, 'a'), 0);
  fold.apply(cel('CHAN_START', 100, 'b', {}, 'b'), 0);
  t.equal(fold.expire((T0 + 150) * 1000, 60_000), 1);
  t.equal(fold.openCalls, 1);
});

t.test('without a Timestamp header the time passed in is used; bad Extra is ignored', async (t) => {
  const fold = new CallRecordFold(VARIABLES, { maxOpenCalls: 10 });
  fold.apply(ev({ Event: 'CEL', EventName: 'CHAN_START', UniqueID: 'a', LinkedID: 'a' }), 1000);
  fold.apply(ev({ Event: 'CEL', EventName: 'HANGUP', UniqueID: 'a', LinkedID: 'a', Extra: '{not json' }), 2000);
  const record = fold.apply(ev({ Event: 'CEL', EventName: 'LINKEDID_END', UniqueID: 'a', LinkedID: 'a' }), 4000);
  t.match(record, { startedAt: new Date(1000), endedAt: new Date(4000), outcome: 'failed', hangupCause: null });
});

const outcomes: [boolean, string, number | null, string][] = [
  [true, 'BUSY', 17, 'answered'],
  [false, 'BUSY', null, 'busy'],
  [false, 'NOANSWER', null, 'no_answer'],
  [false, 'CANCEL', null, 'no_answer'],
  [false, 'CHANUNAVAIL', null, 'failed'],
  [false, 'CONGESTION', null, 'failed'],
  [false, '', 17, 'busy'],
  [false, '', 19, 'no_answer'],
  [false, '', 16, 'failed'],
];
t.test('outcome from answer, DIALSTATUS and hangup cause', async (t) => {
  for (const [answered, status, cause, expected] of outcomes) t.equal(outcomeOf(answered, status, cause), expected, `${answered} ${status} ${cause}`);
});

t.test('extension of a queue member interface', async (t) => {
  t.equal(extensionOf('PJSIP/1009'), '1009');
  t.equal(extensionOf('Local/1010@agents'), '1010');
  t.equal(extensionOf('SIP/2001-0000abcd'), '2001');
  t.equal(extensionOf('nonsense'), null);
});
