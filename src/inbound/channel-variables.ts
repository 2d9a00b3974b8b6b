import { formatDestination, type Destination } from '../domain/inbound/destination.js';
import { InboundResults, InboundVars, OutboundVars, callerIdNumberVar, dialStringVar } from '../telephony/channel-vars.js';
import type { TakenInboundDecision } from './inbound-service.js';

/** The channel variables that hand an inbound decision to the dialplan, in write order. */
export function inboundVariables({ decision, configVersion }: TakenInboundDecision): [string, string][] {
  const version: [string, string] = [OutboundVars.configVersion, String(configVersion)];
  if (decision.kind === 'reject') {
    return [version, [InboundVars.reason, decision.reason], [InboundVars.result, InboundResults.reject]];
  }
  const forward = decision.forward;
  const attempts: [string, string][] =
    forward === null
      ? []
      : [
          [OutboundVars.callerIdName, forward.callerIdName],
          [OutboundVars.dialCount, String(forward.attempts.length)],
          ...forward.attempts.flatMap((attempt, index): [string, string][] => [
            [dialStringVar(index + 1), attempt.dialString],
            [callerIdNumberVar(index + 1), attempt.callerIdNumber],
          ]),
        ];
  // MAYDAY_INBOUND_RESULT goes last: the dialplan trusts the other variables only once it is set.
  return [
    version,
    [InboundVars.route, decision.route],
    ...destinationVariables(decision.destination),
    ...attempts,
    [InboundVars.result, InboundResults.route],
  ];
}

/** What the destination contexts (mayday-dest-<kind>) read; also set by the IVR before it continues. */
export function destinationVariables(destination: Destination): [string, string][] {
  return [
    [InboundVars.destinationKind, destination.kind],
    [InboundVars.destination, destinationValue(destination)],
  ];
}

function destinationValue(destination: Destination): string {
  switch (destination.kind) {
    case 'external':
      return destination.number;
    case 'hangup':
      return '';
    default:
      return formatDestination(destination).slice(destination.kind.length + 1);
  }
}
