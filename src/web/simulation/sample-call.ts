import { mayUsePrefix } from '../../domain/config/permissions.js';
import type { ConfigSnapshot } from '../../domain/config/snapshot.js';
import type { Agent } from '../../domain/config/types.js';
import type { PatternMatcher } from '../../domain/numbers/pattern.js';
import { decideOutbound, type OutboundRequest } from '../../domain/outbound/decide.js';
import { describeDecision, ruleName } from '../../domain/outbound/describe.js';

// After a save the dashboard shows what one affected call now does, decided by the same
// function the live server runs, on the freshly loaded snapshot. Each function is null
// when no enabled agent could place such a call.

/** A number the pattern accepts: the first allowed digit at each position, then a few more for `.`. */
export function exampleNumber(matcher: PatternMatcher): string {
  const fixed = matcher.positions.map((allowed, index) => allowed.charAt(Math.min(index, allowed.length - 1))).join('');
  return matcher.tail === 'oneOrMore' ? `${fixed}1234567` : fixed;
}

export function describeSampleCall(snapshot: ConfigSnapshot, request: OutboundRequest): string {
  return describeDecision(request, decideOutbound(request, snapshot));
}

/** The next call of `extension`, dialing a sample number. */
export function sampleCallOfAgent(snapshot: ConfigSnapshot, extension: string): string | null {
  const dialed = sampleDialed(snapshot);
  return dialed === null ? null : describeSampleCall(snapshot, { agent: extension, dialed });
}

/** A call that presents `number`: an agent whose default it is, or a call through a prefix that uses it. */
export function sampleCallWithDid(snapshot: ConfigSnapshot, number: string): string | null {
  const dialed = sampleDialed(snapshot);
  if (dialed === null) return null;
  const agents = enabledAgents(snapshot);
  const owner = agents.find((agent) => agent.defaultDid === number);
  if (owner !== undefined) return describeSampleCall(snapshot, { agent: owner.extension, dialed });
  for (const rule of snapshot.prefixes.values()) {
    if (rule.did !== number || !rule.enabled) continue;
    const agent = agents.find((candidate) => mayUsePrefix(candidate, rule));
    if (agent !== undefined) return describeSampleCall(snapshot, { agent: agent.extension, dialed: `${rule.prefix}${dialed}` });
  }
  return null;
}

/**
 * The next call through `prefix` of the first enabled agent allowed it, dialing a number
 * the first route takes: `agent 1009 dialing 45 0723456789 leaves as ...`. Null also when
 * the rule is disabled.
 */
export function sampleCallThroughPrefix(snapshot: ConfigSnapshot, prefix: string): string | null {
  const rule = snapshot.prefixes.get(prefix);
  const matcher = snapshot.routes[0]?.matchers[0];
  if (rule === undefined || !rule.enabled || matcher === undefined) return null;
  const agent = enabledAgents(snapshot).find((candidate) => mayUsePrefix(candidate, rule));
  if (agent === undefined) return null;
  return describeSampleCall(snapshot, { agent: agent.extension, dialed: `${prefix} ${exampleNumber(matcher)}` });
}

/** The next call of the first enabled agent through the first route that dials via `trunk`. */
export function sampleCallViaTrunk(snapshot: ConfigSnapshot, trunk: string): string | null {
  const route = snapshot.routes.find((candidate) => candidate.trunks.includes(trunk));
  const matcher = route?.matchers[0];
  const agent = enabledAgents(snapshot)[0];
  if (matcher === undefined || agent === undefined) return null;
  return describeSampleCall(snapshot, { agent: agent.extension, dialed: exampleNumber(matcher) });
}

/**
 * The next call through route `name`: an enabled agent (one with a default DID first)
 * dialing a number the route's first pattern accepts. Null also when the route is disabled.
 */
export function sampleCallOnRoute(snapshot: ConfigSnapshot, name: string): string | null {
  const route = snapshot.routes.find((candidate) => candidate.name === name);
  const matcher = route?.matchers[0];
  if (matcher === undefined) return null;
  const agents = enabledAgents(snapshot);
  const agent = agents.find((candidate) => candidate.defaultDid !== null) ?? agents[0];
  if (agent === undefined) return null;
  const request = { agent: agent.extension, dialed: exampleNumber(matcher) };
  const decision = decideOutbound(request, snapshot);
  const line = describeDecision(request, decision);
  // A route earlier in priority order can take the number first: say so.
  const { rule } = decision;
  return rule?.kind === 'route' && rule.route !== name ? `${line}, by ${ruleName(rule)}, which comes first` : line;
}

/** A number some enabled route takes with the agent's own caller ID (a route with a fixed one if none). */
function sampleDialed(snapshot: ConfigSnapshot): string | null {
  const route = snapshot.routes.find((candidate) => candidate.callerIdDid === null) ?? snapshot.routes[0];
  const matcher = route?.matchers[0];
  return matcher === undefined ? null : exampleNumber(matcher);
}

function enabledAgents(snapshot: ConfigSnapshot): Agent[] {
  return [...snapshot.agents.values()].filter((agent) => agent.enabled).sort((a, b) => (a.extension < b.extension ? -1 : 1));
}
