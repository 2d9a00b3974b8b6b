// The outbound decision run on every call: which caller ID an agent's call presents and
// which trunks it leaves by. Routes match the number (after a configured prefix is removed)
// as dialed, or in its canonical form (international digits, see canonicalNumber), so a
// route for `_2567XXXXXXXX` takes `0712345678`, `+256712345678` and `00256712345678` alike.

import { mayUsePrefix } from '../config/permissions.js';
import type { CompiledRoute, ConfigSnapshot } from '../config/snapshot.js';
import type { Agent, Did, Trunk } from '../config/types.js';
import { canonicalNumber, stripSeparators, toInternational, writeNumber, type ParsedNumber } from '../numbers/format.js';

export const REJECT_REASONS = [
  'UNKNOWN_AGENT',
  'AGENT_DISABLED',
  'INVALID_NUMBER',
  'NO_ROUTE',
  'NO_CALLER_ID',
  'UNKNOWN_DID',
  'DID_NOT_OUTBOUND',
  'PREFIX_NOT_ALLOWED',
  'NO_TRUNK',
] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];

export interface OutboundRequest {
  readonly agent: string;
  readonly dialed: string;
}

export interface DialAttempt {
  readonly trunk: string;
  readonly dialString: string;
  /** The number in the trunk's format. */
  readonly number: string;
  /** The caller ID DID in the trunk's format; empty when an emergency call has none. */
  readonly callerIdNumber: string;
}

/** What decided the call; describe.ts ruleName() gives the name the dialplan and the call history show. */
export type MatchedRule =
  | { readonly kind: 'emergency' }
  | { readonly kind: 'route'; readonly route: string }
  | { readonly kind: 'prefix'; readonly prefix: string; readonly route: string };

export type OutboundDecision =
  | {
      readonly kind: 'dial';
      readonly callerIdName: string;
      readonly did: string;
      readonly rule: MatchedRule;
      /** After the prefix is removed and the route's strip/prepend applied, before trunk formatting. */
      readonly number: string;
      /** In failover order. */
      readonly attempts: readonly [DialAttempt, ...DialAttempt[]];
    }
  | RejectDecision;

export interface RejectDecision {
  readonly kind: 'reject';
  readonly reason: RejectReason;
  readonly rule: MatchedRule | null;
  readonly detail: string;
}

interface RouteMatch {
  readonly route: CompiledRoute;
  /** The form of the number that matched (as dialed, or canonical): strip and prepend apply to it. */
  readonly number: string;
}

interface RouteChoice extends RouteMatch {
  readonly kind: 'route';
  readonly did: string;
  readonly rule: MatchedRule;
}

type NonEmpty<T> = readonly [T, ...T[]];

/**
 * Digits, `*` and `#`, at least two, beginning with a digit (feature codes such as `*72` are the
 * PBX's, never Mayday's), optionally after `+` or after a prefix and `+` (`45+256712345678`).
 * The include's `_[+0-9].` accepts every such number.
 */
const DIALABLE = /^(?:[0-9]*\+)?[0-9][0-9*#]+$/;
const EMERGENCY_RULE: MatchedRule = { kind: 'emergency' };
const EMPTY_CALLER_ID: ParsedNumber = { kind: 'short', digits: '' };

export function decideOutbound(request: OutboundRequest, snapshot: ConfigSnapshot): OutboundDecision {
  const number = stripSeparators(request.dialed);
  if (!DIALABLE.test(number)) {
    return reject('INVALID_NUMBER', null, `"${request.dialed}" is not a dialable number`);
  }

  const emergencyNumber = findEmergencyNumber(number, snapshot);
  if (emergencyNumber !== null) return decideEmergency(request.agent, emergencyNumber, snapshot);

  const agent = snapshot.agents.get(request.agent);
  if (agent === undefined) return reject('UNKNOWN_AGENT', null, `agent ${request.agent} does not exist`);
  if (!agent.enabled) return reject('AGENT_DISABLED', null, `agent ${agent.extension} is disabled`);

  const choice = choosePrefixRoute(number, agent, snapshot) ?? chooseDirectRoute(number, agent, snapshot);
  if (choice.kind === 'reject') return choice;
  const { route, rule } = choice;

  const did = snapshot.dids.get(choice.did);
  if (did === undefined) return reject('UNKNOWN_DID', rule, `DID ${choice.did} does not exist`);
  if (!did.allowOutbound) return reject('DID_NOT_OUTBOUND', rule, `DID ${did.number} does not allow outbound`);

  const trunks = route.enabledTrunks;
  if (!isNonEmpty(trunks)) return reject('NO_TRUNK', rule, `route ${route.name} has no enabled trunk`);

  const outgoing = route.prepend + (route.strip > 0 ? choice.number.slice(route.strip) : choice.number);
  const parsed = toInternational(outgoing, snapshot.settings);
  if (!parsed.ok) return reject('INVALID_NUMBER', rule, `"${outgoing}" cannot be written for a trunk`);

  return {
    kind: 'dial',
    callerIdName: callerIdNameOf(did),
    did: did.number,
    rule,
    number: outgoing,
    attempts: buildAttempts(trunks, parsed.number, readDid(did, snapshot), snapshot),
  };
}

/** The emergency number dialed, on its own or behind any configured prefix (even a disabled one); null when none. */
function findEmergencyNumber(number: string, snapshot: ConfigSnapshot): string | null {
  if (snapshot.emergencyNumbers.has(number)) return number;
  for (const length of snapshot.prefixLengths) {
    if (number.length <= length || !snapshot.prefixes.has(number.slice(0, length))) continue;
    const rest = number.slice(length);
    if (snapshot.emergencyNumbers.has(rest)) return rest;
  }
  return null;
}

/** Emergency calls always leave: no agent, DID or permission check can stop them. */
function decideEmergency(extension: string, number: string, snapshot: ConfigSnapshot): OutboundDecision {
  const did =
    outboundDid(snapshot.agents.get(extension)?.defaultDid, snapshot) ??
    outboundDid(snapshot.settings.defaultDid, snapshot);
  const routeTrunks = firstMatchingRoute(number, snapshot)?.route.enabledTrunks;
  const trunks = routeTrunks !== undefined && isNonEmpty(routeTrunks) ? routeTrunks : snapshot.enabledTrunks;
  if (!isNonEmpty(trunks)) return reject('NO_TRUNK', EMERGENCY_RULE, `no enabled trunk for emergency number ${number}`);

  // Short codes are sent exactly as dialed, never rewritten into a trunk format.
  const unchanged: ParsedNumber = { kind: 'short', digits: number };
  return {
    kind: 'dial',
    callerIdName: did === undefined ? '' : callerIdNameOf(did),
    did: did?.number ?? '',
    rule: EMERGENCY_RULE,
    number,
    attempts: buildAttempts(trunks, unchanged, did === undefined ? EMPTY_CALLER_ID : readDid(did, snapshot), snapshot),
  };
}

/** A prefix applies only when the rest of the number is something a route dials; null when none does. */
function choosePrefixRoute(number: string, agent: Agent, snapshot: ConfigSnapshot): RouteChoice | RejectDecision | null {
  for (const length of snapshot.prefixLengths) {
    if (number.length <= length) continue;
    const prefixRule = snapshot.prefixes.get(number.slice(0, length));
    if (prefixRule === undefined || !prefixRule.enabled) continue;
    const match = firstMatchingRoute(number.slice(length), snapshot);
    if (match === undefined) continue;
    const { route } = match;

    const rule: MatchedRule = { kind: 'prefix', prefix: prefixRule.prefix, route: route.name };
    if (!mayUsePrefix(agent, prefixRule)) {
      return reject('PREFIX_NOT_ALLOWED', rule, `prefix ${prefixRule.prefix} is not allowed for agent ${agent.extension}`);
    }
    // The prefix names the caller ID explicitly, so a route's fixed caller ID does not override it.
    return { kind: 'route', ...match, did: prefixRule.did, rule };
  }
  return null;
}

function chooseDirectRoute(number: string, agent: Agent, snapshot: ConfigSnapshot): RouteChoice | RejectDecision {
  const match = firstMatchingRoute(number, snapshot);
  if (match === undefined) return reject('NO_ROUTE', null, `no route matches ${number}`);
  const { route } = match;
  const rule: MatchedRule = { kind: 'route', route: route.name };
  const did = route.callerIdDid ?? agent.defaultDid ?? snapshot.settings.defaultDid;
  if (did === null) {
    return reject('NO_CALLER_ID', rule, `no caller ID: route ${route.name}, agent ${agent.extension} and settings name no DID`);
  }
  return { kind: 'route', ...match, did, rule };
}

/** The first route by priority with a pattern matching the number as dialed or, failing that, its canonical form. */
function firstMatchingRoute(number: string, snapshot: ConfigSnapshot): RouteMatch | undefined {
  const canonical = canonicalNumber(number, snapshot.settings);
  for (const route of snapshot.routes) {
    for (const matcher of route.matchers) {
      if (matcher.matches(number)) return { route, number };
      if (canonical !== null && matcher.matches(canonical)) return { route, number: canonical };
    }
  }
  return undefined;
}

function outboundDid(number: string | null | undefined, snapshot: ConfigSnapshot): Did | undefined {
  if (number === null || number === undefined) return undefined;
  const did = snapshot.dids.get(number);
  return did?.allowOutbound === true ? did : undefined;
}

/** A DID that cannot be read as a number is presented exactly as stored. */
function readDid(did: Did, snapshot: ConfigSnapshot): ParsedNumber {
  const parsed = toInternational(did.number, snapshot.settings);
  return parsed.ok ? parsed.number : { kind: 'short', digits: did.number };
}

function callerIdNameOf(did: Did): string {
  // An empty name is as useless on a phone display as a missing one.
  return did.callerIdName || did.number;
}

function buildAttempts(
  trunks: NonEmpty<Trunk>,
  number: ParsedNumber,
  callerId: ParsedNumber,
  snapshot: ConfigSnapshot,
): NonEmpty<DialAttempt> {
  const attemptOn = (trunk: Trunk): DialAttempt => {
    const written = writeNumber(number, trunk.numberFormat, snapshot.settings);
    return {
      trunk: trunk.name,
      dialString: trunk.dial.replaceAll('{number}', () => written),
      number: written,
      callerIdNumber: writeNumber(callerId, trunk.numberFormat, snapshot.settings),
    };
  };
  const [first, ...rest] = trunks;
  return [attemptOn(first), ...rest.map(attemptOn)];
}

function isNonEmpty<T>(items: readonly T[]): items is NonEmpty<T> {
  return items.length > 0;
}

function reject(reason: RejectReason, rule: MatchedRule | null, detail: string): RejectDecision {
  return { kind: 'reject', reason, rule, detail };
}
