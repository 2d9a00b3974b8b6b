// Every channel variable the inbound feature hands to the dialplan, defined once and documented
// beside the include in dialplan/README.md. An external destination also sets the outbound
// attempt variables (MAYDAY_CALLERID_NAME, MAYDAY_DIAL_COUNT, MAYDAY_DIAL_<n>, MAYDAY_CID_NUM_<n>),
// exactly as an outbound DIAL does.
import { formatDestination, type Destination } from '../domain/inbound/destination.js';
import { OutboundVars, callerIdNumberVar, dialStringVar } from '../outbound/channel-vars.js';
import type { OutboundDecision } from '../domain/outbound/decide.js';
import type { TakenInboundDecision } from './inbound-service.js';

type ForwardDial = Extract<OutboundDecision, { kind: 'dial' }>;

export const InboundVars = {
  /** ROUTE, REJECT or FAILURE; empty when Mayday was unreachable. Anything but ROUTE/REJECT takes the inbound fallback. */
  result: 'MAYDAY_INBOUND_RESULT',
  /** Machine-readable reject reason, e.g. NO_ROUTE. */
  reason: 'MAYDAY_INBOUND_REASON',
  /** The inbound route that decided. */
  route: 'MAYDAY_INBOUND_ROUTE',
  /** The destination kind: the dialplan continues in context mayday-dest-<kind>. */
  destinationKind: 'MAYDAY_DEST_KIND',
  /** The destination's value: menu, queue, extension, sound or voicemail box; for external, the number. */
  destination: 'MAYDAY_DEST',
} as const;

export const InboundResults = { route: 'ROUTE', reject: 'REJECT', failure: 'FAILURE' } as const;

/** What the dialplan is told when Mayday could not decide: it takes the inbound fallback. */
export const inboundFailureVariables: readonly [string, string][] = [[InboundVars.result, InboundResults.failure]];

/** The channel variables that hand an inbound decision to the dialplan, in write order. */
export function inboundVariables({ decision, configVersion }: TakenInboundDecision): [string, string][] {
  const version: [string, string] = [OutboundVars.configVersion, String(configVersion)];
  if (decision.kind === 'reject') {
    return [version, [InboundVars.reason, decision.reason], [InboundVars.result, InboundResults.reject]];
  }
  // MAYDAY_INBOUND_RESULT goes last: the dialplan trusts the other variables only once it is set.
  return [
    version,
    [InboundVars.route, decision.route],
    ...destinationVariables(decision.destination, decision.forward),
    [InboundVars.result, InboundResults.route],
  ];
}

/** What the destination contexts (mayday-dest-<kind>) read; also set by the IVR before it continues. */
export function destinationVariables(destination: Destination, forward: ForwardDial | null): [string, string][] {
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
  return [[InboundVars.destinationKind, destination.kind], [InboundVars.destination, destinationValue(destination)], ...attempts];
}

/** The dialplan context a destination continues in. */
export function destinationContext(destination: Destination): string {
  return `mayday-dest-${destination.kind}`;
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
