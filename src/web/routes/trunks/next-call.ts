import type { ConfigSnapshot } from '../../../domain/config/snapshot.js';
import { describeSampleCall, exampleNumber } from '../../simulation/sample-call.js';

/** The next call of the first enabled agent through the first route that dials via `trunk`; null when none does. */
export function sampleCallViaTrunk(snapshot: ConfigSnapshot, trunk: string): string | null {
  const route = snapshot.routes.find((candidate) => candidate.trunks.includes(trunk));
  const matcher = route?.matchers[0];
  const agent = [...snapshot.agents.values()].filter((candidate) => candidate.enabled).sort((a, b) => (a.extension < b.extension ? -1 : 1))[0];
  if (matcher === undefined || agent === undefined) return null;
  return describeSampleCall(snapshot, { agent: agent.extension, dialed: exampleNumber(matcher) });
}
