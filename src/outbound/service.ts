import { performance } from 'node:perf_hooks';
import type { ConfigSnapshot } from '../domain/config/snapshot.js';
import { decideOutbound, type OutboundDecision } from '../domain/outbound/decide.js';
import { ruleName } from '../domain/outbound/describe.js';
import type { DecisionRecord } from './decision-log.js';
import type { DecisionStats } from './decision-stats.js';

export interface OutboundCall {
  readonly agent: string;
  readonly dialed: string;
  readonly uniqueId: string;
  readonly channel: string;
}

export interface TakenDecision {
  readonly decision: OutboundDecision;
  readonly configVersion: number;
  readonly decisionMicros: number;
}

export class NoSnapshotError extends Error {
  override name = 'NoSnapshotError';
  constructor() {
    super('no config snapshot has been loaded yet (is MariaDB reachable?)');
  }
}

export interface OutboundServiceDeps {
  readonly snapshot: () => ConfigSnapshot | null;
  readonly record: (entry: DecisionRecord) => void;
  readonly stats: DecisionStats;
  readonly now?: () => Date;
}

/** Takes a live call's outbound decision from the current snapshot and records it. */
export class OutboundService {
  constructor(private readonly deps: OutboundServiceDeps) {}

  decide(call: OutboundCall): TakenDecision {
    const snapshot = this.deps.snapshot();
    if (snapshot === null) throw new NoSnapshotError();
    const started = performance.now();
    const decision = decideOutbound({ agent: call.agent, dialed: call.dialed }, snapshot);
    const decisionMicros = Math.round((performance.now() - started) * 1000);
    this.deps.stats.add(decisionMicros);
    this.deps.record(toRecord(call, decision, snapshot.version, decisionMicros, this.deps.now?.() ?? new Date()));
    return { decision, configVersion: snapshot.version, decisionMicros };
  }
}

function toRecord(
  call: OutboundCall,
  decision: OutboundDecision,
  configVersion: number,
  decisionMicros: number,
  createdAt: Date,
): DecisionRecord {
  const dial = decision.kind === 'dial';
  return {
    createdAt,
    uniqueId: call.uniqueId,
    channel: call.channel,
    agent: call.agent,
    dialed: call.dialed,
    result: decision.kind,
    did: dial ? decision.did : null,
    dialStrings: dial ? decision.attempts.map((attempt) => attempt.dialString) : [],
    rule: ruleName(decision.rule),
    reason: dial ? null : decision.reason,
    configVersion,
    decisionMicros,
  };
}
