// What a pending configuration would have done to calls the center actually made: each
// logged outbound call is decided again with the live snapshot and with the pending one,
// and the two decisions are compared. Pure: no call is placed, nothing is read or written.

import type { ConfigSnapshot } from '../config/snapshot.js';
import { decideOutbound, type OutboundDecision } from './decide.js';

/** What the replay needs of a decision-log row. */
export interface LoggedCall {
  readonly uniqueId: string;
  readonly createdAt: Date;
  readonly agent: string;
  readonly dialed: string;
}

export const CALL_CHANGE_KINDS = ['callerId', 'trunkOrder', 'dialStrings', 'nowRejected', 'nowDialed', 'otherReason'] as const;
export type CallChangeKind = (typeof CALL_CHANGE_KINDS)[number];

export const CALL_CHANGE_WORDS: { readonly [K in CallChangeKind]: string } = {
  callerId: 'other caller ID',
  trunkOrder: 'other trunks or trunk order',
  dialStrings: 'same trunks, other number written',
  nowRejected: 'rejected instead of dialed',
  nowDialed: 'dialed instead of rejected',
  otherReason: 'rejected for another reason',
};

export interface ChangedCall {
  readonly call: LoggedCall;
  readonly kinds: readonly CallChangeKind[];
  /** The decision in words with the live configuration, and with the pending one. */
  readonly before: string;
  readonly after: string;
}

export interface WhatIfReport {
  readonly replayed: number;
  readonly changed: number;
  /** Calls per kind of change (a call can count under two kinds: caller ID and trunks). */
  readonly counts: { readonly [K in CallChangeKind]: number };
  /** A few calls of each kind, in log order. */
  readonly examples: readonly ChangedCall[];
}

export function replayCalls(
  calls: readonly LoggedCall[],
  live: ConfigSnapshot,
  pending: ConfigSnapshot,
  examplesPerKind = 3,
): WhatIfReport {
  const counts = Object.fromEntries(CALL_CHANGE_KINDS.map((kind) => [kind, 0])) as Record<CallChangeKind, number>;
  const examples: ChangedCall[] = [];
  // A center's calls repeat the same agent and number many times; each pair is decided once.
  // The cache holds only the kinds of change (one shared array per combination), so 100,000
  // distinct calls keep 100,000 small entries, not two decisions and two sentences each; the
  // words of a call are worked out again only for the few kept as examples.
  const compared = new Map<string, readonly CallChangeKind[]>();
  const interned = new Map<string, readonly CallChangeKind[]>();
  let changed = 0;
  for (const call of calls) {
    const key = `${call.agent}\u0000${call.dialed}`;
    let kinds = compared.get(key);
    if (kinds === undefined) {
      const request = { agent: call.agent, dialed: call.dialed };
      const found = differences(decideOutbound(request, live), decideOutbound(request, pending));
      const name = found.join(',');
      kinds = interned.get(name) ?? found;
      interned.set(name, kinds);
      compared.set(key, kinds);
    }
    if (kinds.length === 0) continue;
    changed += 1;
    for (const kind of kinds) counts[kind] += 1;
    if (kinds.some((kind) => counts[kind] <= examplesPerKind)) {
      const request = { agent: call.agent, dialed: call.dialed };
      examples.push({ call, kinds, before: outcome(decideOutbound(request, live)), after: outcome(decideOutbound(request, pending)) });
    }
  }
  return { replayed: calls.length, changed, counts, examples };
}

function differences(before: OutboundDecision, after: OutboundDecision): CallChangeKind[] {
  if (before.kind === 'reject' && after.kind === 'reject') return before.reason === after.reason ? [] : ['otherReason'];
  if (before.kind === 'reject') return ['nowDialed'];
  if (after.kind === 'reject') return ['nowRejected'];
  const kinds: CallChangeKind[] = [];
  if (before.did !== after.did || before.callerIdName !== after.callerIdName) kinds.push('callerId');
  const trunks = (decision: typeof before) => decision.attempts.map((attempt) => attempt.trunk).join('\u0000');
  const dialStrings = (decision: typeof before) => decision.attempts.map((attempt) => attempt.dialString).join('\u0000');
  if (trunks(before) !== trunks(after)) kinds.push('trunkOrder');
  else if (dialStrings(before) !== dialStrings(after)) kinds.push('dialStrings');
  return kinds;
}

/** `dial 256712345678 as 0310000046 via main_trunk, backup_trunk` (the caller-ID name in brackets when it is not the number) or `reject NO_ROUTE`. */
function outcome(decision: OutboundDecision): string {
  if (decision.kind === 'reject') return `reject ${decision.reason}`;
  const name = decision.callerIdName === '' || decision.callerIdName === decision.did ? '' : ` (${decision.callerIdName})`;
  return `dial ${decision.attempts[0].number} as ${decision.did}${name} via ${decision.attempts.map((attempt) => attempt.trunk).join(', ')}`;
}
