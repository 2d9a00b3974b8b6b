import { performance } from 'node:perf_hooks';
import type { ConfigSnapshot } from '../domain/config/snapshot.js';
import { decideInbound, type InboundDecision } from '../domain/inbound/decide.js';
import { NoSnapshotError } from '../outbound/service.js';

export interface InboundCall {
  readonly did: string;
  readonly caller: string;
}

export interface TakenInboundDecision {
  readonly decision: InboundDecision;
  readonly configVersion: number;
  readonly decisionMicros: number;
}

export interface InboundServiceDeps {
  readonly snapshot: () => ConfigSnapshot | null;
  readonly now?: () => Date;
}

/** Takes a live call's inbound decision from the current snapshot at the current time. */
export class InboundService {
  constructor(private readonly deps: InboundServiceDeps) {}

  decide(call: InboundCall): TakenInboundDecision {
    const snapshot = this.deps.snapshot();
    if (snapshot === null) throw new NoSnapshotError();
    const started = performance.now();
    const decision = decideInbound(call, this.deps.now?.() ?? new Date(), snapshot);
    return { decision, configVersion: snapshot.version, decisionMicros: Math.round((performance.now() - started) * 1000) };
  }
}
