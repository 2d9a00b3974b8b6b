import type { ConfigSnapshot } from '../../../domain/config/snapshot.js';
import { describeSampleCall, exampleNumber } from '../../simulation/sample-call.js';

/**
 * The next call through `prefix` of the first enabled agent allowed it, dialing a number
 * the first route takes: `agent 1009 dialing 45 0723456789 leaves as ...`. Null when the
 * rule is disabled or no agent may use it.
 */
export function sampleCallThroughPrefix(snapshot: ConfigSnapshot, prefix: string): string | null {
  const rule = snapshot.prefixes.get(prefix);
  const matcher = snapshot.routes[0]?.matchers[0];
  if (rule === undefined || !rule.enabled || matcher === undefined) return null;
  const agent = [...snapshot.agents.values()]
    .filter((candidate) => candidate.enabled)
    .sort((a, b) => (a.extension < b.extension ? -1 : 1))
    .find(
      (candidate) =>
        (candidate.allowedPrefixes.length === 0 || candidate.allowedPrefixes.includes(prefix)) &&
        (rule.agents.length === 0 || rule.agents.includes(candidate.extension)),
    );
  if (agent === undefined) return null;
  return describeSampleCall(snapshot, { agent: agent.extension, dialed: `${prefix} ${exampleNumber(matcher)}` });
}
