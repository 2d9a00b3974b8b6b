import type { Agent, PrefixRule } from './types.js';

/** Both lists must allow it; an empty list on either side allows everything. */
export function mayUsePrefix(agent: Agent, rule: PrefixRule): boolean {
  const agentAllows = agent.allowedPrefixes.length === 0 || agent.allowedPrefixes.includes(rule.prefix);
  const ruleAllows = rule.agents.length === 0 || rule.agents.includes(agent.extension);
  return agentAllows && ruleAllows;
}
