import t from 'tap';
import { createSnapshot } from '../../src/domain/config/snapshot.js';
import type { ConfigData } from '../../src/domain/config/types.js';
import { replayCalls, type CallChangeKind, type LoggedCall } from '../../src/domain/outbound/what-if.js';
import { fixtureConfig } from '../fixtures/config.js';

const base = fixtureConfig;
const live = createSnapshot(base, 1);
const at = new Date('2026-12-01T10:00:00Z');
const call = (uniqueId: string, agent: string, dialed: string): LoggedCall => ({ uniqueId, createdAt: at, agent, dialed });

const mobileCall = call('1.1', '1009', '0712345678');
const rejectedCall = call('1.2', '1009', '0812345678');
const otherAgentCall = call('1.3', '1010', '0712345678');

const mapRoutes = (edit: (route: ConfigData['routes'][number]) => ConfigData['routes'][number]): ConfigData => ({ ...base, routes: base.routes.map(edit) });

// Each pending configuration against the live one: the kinds of change each call shows.
const cases: [string, ConfigData, LoggedCall[], Partial<Record<CallChangeKind, number>>][] = [
  ['nothing changed', base, [mobileCall, rejectedCall], {}],
  ['trunk order swapped', mapRoutes((r) => (r.name === 'mobile' ? { ...r, trunks: ['backup_trunk', 'main_trunk'] } : r)), [mobileCall, mobileCall], { trunkOrder: 2 }],
  [
    'agent caller ID changed',
    { ...base, agents: base.agents.map((a) => (a.extension === '1009' ? { ...a, defaultDid: '0310000045' } : a)) },
    [mobileCall],
    { callerId: 1 },
  ],
  ['route removed', { ...base, routes: base.routes.filter((r) => r.name !== 'mobile') }, [mobileCall], { nowRejected: 1 }],
  ['route widened', mapRoutes((r) => (r.name === 'mobile' ? { ...r, patterns: ['_07XXXXXXXX', '_08XXXXXXXX'] } : r)), [rejectedCall, mobileCall], { nowDialed: 1 }],
  [
    'trunk format changed, same order',
    { ...base, trunks: base.trunks.map((x) => (x.name === 'backup_trunk' ? { ...x, numberFormat: 'e164plus' } : x)) },
    [mobileCall],
    { dialStrings: 1 },
  ],
  [
    'rejection reason changed',
    { ...base, agents: base.agents.map((a) => (a.extension === '1009' ? { ...a, enabled: false } : a)) },
    [rejectedCall],
    { otherReason: 1 },
  ],
  [
    'caller ID and trunks together',
    mapRoutes((r) => (r.name === 'mobile' ? { ...r, trunks: ['backup_trunk'], callerIdDid: '0310000001' } : r)),
    [mobileCall],
    { callerId: 1, trunkOrder: 1 },
  ],
];

for (const [name, pendingData, calls, expected] of cases) {
  t.test(name, async (t) => {
    const report = replayCalls(calls, live, createSnapshot(pendingData, 2));
    t.equal(report.replayed, calls.length);
    for (const [kind, count] of Object.entries(report.counts)) t.equal(count, expected[kind as CallChangeKind] ?? 0, kind);
    const changedCalls = calls.filter((c) => report.examples.some((e) => e.call === c)).length;
    t.equal(report.changed > 0, Object.keys(expected).length > 0);
    t.ok(changedCalls <= report.changed);
  });
}

t.test('examples say what the call did and would do', async (t) => {
  const pending = createSnapshot({ ...base, routes: base.routes.filter((r) => r.name !== 'mobile') }, 2);
  const report = replayCalls([mobileCall, otherAgentCall], live, pending);
  t.equal(report.changed, 2);
  t.same(
    report.examples.map((e) => [e.call.uniqueId, e.before, e.after]),
    [
      ['1.1', 'dial 256712345678 as 0310000046 via main_trunk, backup_trunk', 'reject NO_ROUTE'],
      ['1.3', 'dial 256712345678 as 0310000001 via main_trunk, backup_trunk', 'reject NO_ROUTE'],
    ],
  );
});

t.test('examples are capped per kind while every call is counted', async (t) => {
  const pending = createSnapshot(mapRoutes((r) => (r.name === 'mobile' ? { ...r, trunks: ['backup_trunk', 'main_trunk'] } : r)), 2);
  const calls = Array.from({ length: 50 }, (_, i) => call(`2.${i}`, '1009', `07123456${String(i).padStart(2, '0')}`));
  const report = replayCalls(calls, live, pending, 4);
  t.equal(report.changed, 50);
  t.equal(report.counts.trunkOrder, 50);
  t.equal(report.examples.length, 4);
});

t.test('a caller-ID name change counts as other caller ID, and the examples say the names', async (t) => {
  const pending = createSnapshot({ ...base, dids: base.dids.map((d) => (d.number === '0310000046' ? { ...d, callerIdName: 'Acme' } : d)) }, 2);
  const report = replayCalls([mobileCall, mobileCall, otherAgentCall], live, pending);
  t.equal(report.changed, 2, 'both calls of agent 1009; agent 1010 presents another DID');
  t.equal(report.counts.callerId, 2);
  t.same(
    report.examples.map((e) => [e.call.uniqueId, e.before, e.after]),
    [
      ['1.1', 'dial 256712345678 as 0310000046 via main_trunk, backup_trunk', 'dial 256712345678 as 0310000046 (Acme) via main_trunk, backup_trunk'],
      ['1.1', 'dial 256712345678 as 0310000046 via main_trunk, backup_trunk', 'dial 256712345678 as 0310000046 (Acme) via main_trunk, backup_trunk'],
    ],
  );
});
