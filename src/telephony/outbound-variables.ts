import type { TakenDecision } from '../calls/outbound-service.js';
import { ruleName } from '../domain/outbound/describe.js';
import { OutboundResults, OutboundVars, callerIdNumberVar, dialStringVar } from './channel-vars.js';

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
