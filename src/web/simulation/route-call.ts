import type { ConfigSnapshot } from '../../domain/config/snapshot.js';
import { decideOutbound } from '../../domain/outbound/decide.js';
import { describeDecision } from '../../domain/outbound/describe.js';
import { exampleNumber } from './sample-call.js';

/**
 * The next call through route `name`: an enabled agent (one with a default DID first)
 * dialing a number the route's first pattern accepts, decided on the live snapshot.
 * Null when the route takes no calls (disabled) or no agent could place one.
 */
export function sampleCallOnRoute(snapshot: ConfigSnapshot, name: string): string | null {
  const route = snapshot.routes.find((candidate) => candidate.name === name);
  const matcher = route?.matchers[0];
  if (matcher === undefined) return null;
  const agents = [...snapshot.agents.values()].filter((agent) => agent.enabled);
  const agent = agents.find((candidate) => candidate.defaultDid !== null) ?? agents[0];
  if (agent === undefined) return null;
  const request = { agent: agent.extension, dialed: exampleNumber(matcher) };
  const decision = decideOutbound(request, snapshot);
  const line = describeDecision(request, decision);
  // A route earlier in priority order can take the number first: say so.
  const rule = decision.rule;
  return rule !== null && rule !== `route ${name}` && rule.startsWith('route ') ? `${line}, by ${rule}, which comes first` : line;
}
