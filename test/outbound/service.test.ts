import t from 'tap';
import { createSnapshot, type ConfigSnapshot } from '../../src/domain/config/snapshot.js';
import type { DecisionRecord } from '../../src/outbound/decision-log.js';
import { DecisionStats } from '../../src/outbound/decision-stats.js';
import { NoSnapshotError, OutboundService } from '../../src/outbound/service.js';
import { fixtureConfig } from '../fixtures/config.js';

const now = new Date('2026-11-22T09:00:00Z');
const call = { agent: '1009', dialed: '450712345678', uniqueId: '1795304775.27', channel: 'PJSIP/1009-0000001b' };

function service(snapshot: ConfigSnapshot | null) {
  const records: DecisionRecord[] = [];
  const stats = new DecisionStats(() => now.getTime());
  return { records, stats, outbound: new OutboundService({ snapshot: () => snapshot, record: (entry) => records.push(entry), stats, now: () => now }) };
}

t.test('a dial decision is returned with its config version and recorded once, with its timing', async (t) => {
  const { outbound, records, stats } = service(createSnapshot(fixtureConfig, 12));
  const taken = outbound.decide(call);
  t.equal(taken.decision.kind, 'dial');
  t.equal(taken.configVersion, 12);
  t.ok(Number.isInteger(taken.decisionMicros) && taken.decisionMicros >= 0);
  t.strictSame(records, [
    {
      createdAt: now,
      uniqueId: '1795304775.27',
      channel: 'PJSIP/1009-0000001b',
      agent: '1009',
      dialed: '450712345678',
      result: 'dial',
      did: '0310000045',
      dialStrings: ['PJSIP/256712345678@main_trunk', 'PJSIP/0712345678@backup_trunk'],
      rule: 'prefix 45 + route mobile',
      reason: null,
      configVersion: 12,
      decisionMicros: taken.decisionMicros,
    },
  ]);
  t.equal(stats.lastMinute().count, 1);
});

t.test('a reject is recorded with its reason and no DID or dial strings', async (t) => {
  const { outbound, records } = service(createSnapshot(fixtureConfig, 3));
  const taken = outbound.decide({ ...call, agent: '2000' });
  t.match(taken.decision, { kind: 'reject', reason: 'UNKNOWN_AGENT' });
  t.match(records, [{ agent: '2000', result: 'reject', reason: 'UNKNOWN_AGENT', did: null, dialStrings: [], configVersion: 3 }]);
});

t.test('without a snapshot it throws NoSnapshotError and records nothing', async (t) => {
  const { outbound, records, stats } = service(null);
  t.throws(() => outbound.decide(call), NoSnapshotError);
  t.strictSame(records, []);
  t.equal(stats.lastMinute().count, 0);
});

t.test('each call reads the snapshot current at that moment', async (t) => {
  let current = createSnapshot(fixtureConfig, 1);
  const records: DecisionRecord[] = [];
  const outbound = new OutboundService({ snapshot: () => current, record: (entry) => records.push(entry), stats: new DecisionStats() });
  t.equal(outbound.decide(call).configVersion, 1);
  current = createSnapshot({ ...fixtureConfig, agents: fixtureConfig.agents.map((agent) => ({ ...agent, enabled: false })) }, 2);
  t.match(outbound.decide(call), { configVersion: 2, decision: { kind: 'reject', reason: 'AGENT_DISABLED' } });
});
