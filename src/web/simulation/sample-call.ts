import type { ConfigSnapshot } from '../../domain/config/snapshot.js';
import type { Agent } from '../../domain/config/types.js';
import type { PatternMatcher } from '../../domain/numbers/pattern.js';
import { decideOutbound, type OutboundRequest } from '../../domain/outbound/decide.js';
import { describeDecision } from '../../domain/outbound/describe.js';

// After a save the dashboard shows what one affected agent's next call now does, decided
// by the same function the live server runs, on the freshly loaded snapshot.

/** A number the pattern accepts: the first allowed digit at each position, then a few more for `.`. */
export function exampleNumber(matcher: PatternMatcher): string {
  const fixed = matcher.positions.map((allowed, index) => allowed.charAt(Math.min(index, allowed.length - 1))).join('');
  return matcher.tail === 'oneOrMore' ? `${fixed}1234567` : fixed;
}

/** A number some enabled route takes with the agent's own caller ID (a route with a fixed one if none). */
function sampleDialed(snapshot: ConfigSnapshot): string | null {
  const route = snapshot.routes.find((candidate) => candidate.callerIdDid === null) ?? snapshot.routes[0];
  const matcher = route?.matchers[0];
  return matcher === undefined ? null : exampleNumber(matcher);
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
  const agents = [...snapshot.agents.values()].filter((agent) => agent.enabled);
  const owner = agents.find((agent) => agent.defaultDid === number);
  if (owner !== undefined) return describeSampleCall(snapshot, { agent: owner.extension, dialed });
  for (const rule of snapshot.prefixes.values()) {
    if (rule.did !== number || !rule.enabled) continue;
    const agent = agents.find((candidate) => mayUsePrefix(candidate, rule.prefix, rule.agents));
    if (agent !== undefined) return describeSampleCall(snapshot, { agent: agent.extension, dialed: `${rule.prefix}${dialed}` });
  }
  return null;
}

function mayUsePrefix(agent: Agent, prefix: string, ruleAgents: readonly string[]): boolean {
  const agentAllowed = agent.allowedPrefixes.length === 0 || agent.allowedPrefixes.includes(prefix);
  const ruleAllows = ruleAgents.length === 0 || ruleAgents.includes(agent.extension);
  return agentAllowed && ruleAllows;
}
