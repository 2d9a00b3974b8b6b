// Every channel variable the outbound feature hands to the dialplan, defined once.
// Documented beside the include in dialplan/README.md; dialplan/extensions_mayday.conf uses
// exactly these names (a test keeps the two in step).
import { ruleName } from '../domain/outbound/describe.js';
import type { TakenDecision } from './service.js';

export const OutboundVars = {
  /** DIAL, REJECT, or FAILURE (Mayday could not decide: the dialplan takes its fallback path). */
  result: 'MAYDAY_RESULT',
  /** Machine-readable reject reason, e.g. NO_ROUTE. Empty on DIAL. */
  reason: 'MAYDAY_REASON',
  /** The rule that decided, e.g. "prefix 45 + route mobile". */
  rule: 'MAYDAY_RULE',
  /** The DID used as caller ID, as stored. */
  did: 'MAYDAY_DID',
  callerIdName: 'MAYDAY_CALLERID_NAME',
  /** How many dial attempts follow (MAYDAY_DIAL_1 .. MAYDAY_DIAL_<n>). */
  dialCount: 'MAYDAY_DIAL_COUNT',
  /** The config version the decision was taken from. */
  configVersion: 'MAYDAY_CONFIG_VERSION',
} as const;

/** The dial string of attempt n (1-based), in failover order. */
export const dialStringVar = (attempt: number): string => `MAYDAY_DIAL_${attempt}`;

/** The caller-ID number for attempt n, written in that trunk's number format. */
export const callerIdNumberVar = (attempt: number): string => `MAYDAY_CID_NUM_${attempt}`;

export const OutboundResults = { dial: 'DIAL', reject: 'REJECT', failure: 'FAILURE' } as const;

/** The channel variables that hand an outbound decision to the dialplan, in write order. */
export function outboundVariables({ decision, configVersion }: TakenDecision): [string, string][] {
  const common: [string, string][] = [
    [OutboundVars.rule, ruleName(decision.rule) ?? ''],
    [OutboundVars.configVersion, String(configVersion)],
  ];
  if (decision.kind === 'reject') {
    return [...common, [OutboundVars.reason, decision.reason], [OutboundVars.result, OutboundResults.reject]];
  }
  const attempts = decision.attempts.flatMap((attempt, index): [string, string][] => [
    [dialStringVar(index + 1), attempt.dialString],
    [callerIdNumberVar(index + 1), attempt.callerIdNumber],
  ]);
  // MAYDAY_RESULT goes last: the dialplan trusts the other variables only once it is set.
  return [
    ...common,
    [OutboundVars.did, decision.did],
    [OutboundVars.callerIdName, decision.callerIdName],
    [OutboundVars.dialCount, String(decision.attempts.length)],
    ...attempts,
    [OutboundVars.result, OutboundResults.dial],
  ];
}

/** What the dialplan is told when Mayday could not decide: it takes its fallback path. */
export const outboundFailureVariables: readonly [string, string][] = [[OutboundVars.result, OutboundResults.failure]];
