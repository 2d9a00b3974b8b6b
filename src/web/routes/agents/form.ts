import type { AgentChanges } from '../../../data/repositories/agents.js';
import type { ConfigIssue } from '../../../domain/config/validate.js';
import type { Agent, ConfigData, Did } from '../../../domain/config/types.js';
import { FieldErrors, issuesToErrors, mergeErrors, type FormErrors } from '../../form-errors.js';
import type { AgentBody } from '../../schemas/agents.js';

export interface DidChoice {
  readonly value: string;
  readonly label: string;
}

/** The outbound DIDs as `Outlet 45 (0310000045)`, plus the current value if it is no longer one of them. */
export function didChoices(outbound: readonly Pick<Did, 'number' | 'label'>[], current: string | null): DidChoice[] {
  const choices = outbound.map((did) => ({ value: did.number, label: `${did.label} (${did.number})` }));
  if (current !== null && !outbound.some((did) => did.number === current)) {
    choices.unshift({ value: current, label: `${current} (not an outbound DID)` });
  }
  return choices;
}

function readAgentChanges(body: AgentBody): { changes: AgentChanges; errors: FormErrors } {
  const name = (body.name ?? '').trim();
  const defaultDid = (body.defaultDid ?? '').trim();
  const errors = new FieldErrors();
  if (name === '') errors.add('name', 'is required');
  else if (name.length > 120) errors.add('name', 'must be at most 120 characters');
  return {
    changes: {
      name,
      defaultDid: defaultDid === '' ? null : defaultDid,
      enabled: body.enabled !== undefined,
      allowedPrefixes: [...new Set(body.allowedPrefixes ?? [])].sort(),
    },
    errors: errors.result(),
  };
}

export const EMPTY_AGENT: Agent = { extension: '', name: '', defaultDid: null, enabled: true, allowedPrefixes: [] };

/**
 * The agent form: a new agent (no `row`) gives its extension as well. Only its length is
 * checked here; digits-only and uniqueness come from validateConfig(), as for the import.
 */
export function readAgentForm(body: AgentBody, row: Agent | null): { values: Agent; entity: Agent; errors: FormErrors } {
  const rest = readAgentChanges(body);
  const errors = new FieldErrors();
  const extension = row?.extension ?? (body.extension ?? '').trim();
  if (row === null && extension === '') errors.add('extension', 'is required');
  else if (row === null && extension.length > 32) errors.add('extension', 'must be at most 32 characters');
  const agent = { extension, ...rest.changes };
  return { values: agent, entity: agent, errors: mergeErrors(errors.result(), rest.errors) };
}

/** Why an agent that some prefix rules are restricted to alone was not deleted. */
export function soleAgentMessage(agent: Agent, prefixes: readonly string[]): string {
  const rules = prefixes.map((prefix) => `prefix rule ${prefix}`).join(', ');
  return (
    `Agent ${agent.extension} is the only agent ${rules} ${prefixes.length === 1 ? 'is' : 'are'} restricted to, and was not deleted: ` +
    'without it the restriction would be empty, which lets every agent use the prefix. Change the prefix rule first.'
  );
}

/** validateConfig() issues of a proposal that changed one agent (it is the last agent there). */
export function agentIssuesToErrors(issues: readonly ConfigIssue[], proposed: ConfigData): FormErrors {
  return issuesToErrors(issues, proposed, {
    entity: `agents[${proposed.agents.length - 1}]`,
    fieldNames: { prefixes: 'allowedPrefixes' },
  });
}
