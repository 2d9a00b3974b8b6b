// The inbound decision run on every call to a DID: which route applies (most specific
// first), whether its schedule is open at `now`, and so where the call goes.

import type { ConfigSnapshot } from '../config/snapshot.js';
import type { Did } from '../config/types.js';
import { toInternational, writeNumber } from '../numbers/format.js';
import { decideForward, type OutboundDecision } from '../outbound/decide.js';
import { scheduleState, type ScheduleState } from '../schedule/schedule.js';
import { callerDigits, type CallerMatcher, type CompiledInboundRoute } from './compile.js';
import type { Destination } from './destination.js';

export const INBOUND_REJECT_REASONS = ['UNKNOWN_DID', 'DID_NOT_INBOUND', 'NO_ROUTE', 'FORWARD_REFUSED'] as const;
export type InboundRejectReason = (typeof INBOUND_REJECT_REASONS)[number];

export interface InboundRequest {
  /** The number dialed, as the trunk sends it (any form). */
  readonly did: string;
  /** The caller ID number; empty, `anonymous`, `unknown` and the like count as withheld. */
  readonly caller: string;
}

export type InboundDecision =
  | {
      readonly kind: 'route';
      readonly did: string;
      readonly route: string;
      /** International digits; null when withheld. */
      readonly caller: string | null;
      readonly schedule: ScheduleState | null;
      readonly destination: Destination;
      /** For an external destination: how it leaves. */
      readonly forward: Extract<OutboundDecision, { kind: 'dial' }> | null;
    }
  | { readonly kind: 'reject'; readonly reason: InboundRejectReason; readonly detail: string };

const WITHHELD = new Set(['', 'anonymous', 'unknown', 'unavailable', 'restricted', 'withheld', 'private']);

export function decideInbound(request: InboundRequest, now: Date, snapshot: ConfigSnapshot): InboundDecision {
  const did = findDid(request.did, snapshot);
  if (did === undefined) return reject('UNKNOWN_DID', `DID ${request.did} is not configured`);
  if (!did.allowInbound) return reject('DID_NOT_INBOUND', `DID ${did.number} does not allow inbound`);

  const caller = WITHHELD.has(request.caller.trim().toLowerCase()) ? null : callerDigits(request.caller, snapshot.settings);
  const callerForms = caller === null ? [] : [caller, writeNumber({ kind: 'international', digits: caller }, 'national', snapshot.settings)];
  const route = snapshot.inbound.routes.find(
    (candidate) => candidate.didMatcher.matches(did.number) && callerMatches(candidate.callerMatcher, caller, callerForms),
  );
  if (route === undefined) return reject('NO_ROUTE', `no inbound route for DID ${did.number} and caller ${caller ?? 'withheld'}`);

  const schedule = route.schedulePlan === null ? null : scheduleState(route.schedulePlan, now);
  const destination = chosenDestination(route, schedule);
  const forward = destination.kind === 'external' ? decideForward(destination, snapshot) : null;
  if (forward !== null && forward.kind === 'reject') {
    return reject('FORWARD_REFUSED', `route ${route.name}: forward to ${destination.kind === 'external' ? destination.number : ''} refused: ${forward.detail}`);
  }
  return { kind: 'route', did: did.number, route: route.name, caller, schedule, destination, forward };
}

/** A configured DID equal to the dialed number in any written form. */
function findDid(dialed: string, snapshot: ConfigSnapshot): Did | undefined {
  const exact = snapshot.dids.get(dialed);
  if (exact !== undefined) return exact;
  const wanted = toInternational(dialed, snapshot.settings);
  if (!wanted.ok) return undefined;
  return snapshot.inbound.didsByDigits.get(wanted.number.digits);
}

function callerMatches(matcher: CallerMatcher, caller: string | null, forms: readonly string[]): boolean {
  switch (matcher.kind) {
    case 'any':
      return true;
    case 'anonymous':
      return caller === null;
    case 'number':
      return caller === matcher.digits;
    case 'pattern':
      return forms.some((form) => matcher.matcher.matches(form));
  }
}

function chosenDestination(route: CompiledInboundRoute, schedule: ScheduleState | null): Destination {
  if (schedule?.kind === 'closed' && route.closedDestination !== null) return route.closedDestination;
  return route.destination;
}

function reject(reason: InboundRejectReason, detail: string): InboundDecision {
  return { kind: 'reject', reason, detail };
}
