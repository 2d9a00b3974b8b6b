import { prefixCollision, type ConfigIssue } from '../../../domain/config/validate.js';
import type { ConfigData, Did, PrefixRule } from '../../../domain/config/types.js';
import type { PrefixUsage } from '../../../domain/config/usages.js';
import { FieldErrors, issuesToErrors, type FormErrors } from '../../form-errors.js';
import type { PrefixBody } from '../../schemas/prefixes.js';

export interface PrefixFormValues {
  readonly prefix: string;
  readonly did: string;
  readonly enabled: boolean;
  readonly agents: readonly string[];
}

export interface PrefixFormView {
  readonly title: string;
  readonly action: string;
  /** Inside the prefixes page (htmx), or a page of its own (no JavaScript). */
  readonly inline: boolean;
  readonly values: PrefixFormValues;
  readonly errors: FormErrors;
}

export interface Choice {
  readonly value: string;
  readonly label: string;
}

export const EMPTY_PREFIX: PrefixFormValues = { prefix: '', did: '', enabled: true, agents: [] };

/** The column is VARCHAR(8). */
const MAX_PREFIX_DIGITS = 8;

/** Every DID as `Outlet 45 (0310000045)`; one that does not allow outbound says so, and a chosen one that is gone is kept. */
export function prefixDidChoices(dids: readonly Pick<Did, 'number' | 'label' | 'allowOutbound'>[], current: string): Choice[] {
  const choices = dids.map((did) => ({
    value: did.number,
    label: `${did.label} (${did.number})${did.allowOutbound ? '' : ' — does not allow outbound'}`,
  }));
  if (current !== '' && !dids.some((did) => did.number === current)) choices.unshift({ value: current, label: `${current} (no such DID)` });
  return choices;
}

/** Why a prefix that is the only one some agents are allowed was not deleted. */
export function prefixInUseMessage(rule: PrefixRule, usages: readonly PrefixUsage[]): string {
  const agents = usages.map((usage) => `agent ${usage.extension} (${usage.name})`).join(', ');
  return `Prefix ${rule.prefix} was not deleted: it is the only prefix allowed to ${agents}, who would then be allowed every prefix. Change ${usages.length === 1 ? 'that agent' : 'those agents'} first.`;
}

/** The submitted form, and what is wrong with it on its own (before the whole configuration is checked). */
export function readPrefixForm(body: PrefixBody): { values: PrefixFormValues; entity: PrefixRule; errors: FormErrors } {
  const values: PrefixFormValues = {
    prefix: (body.prefix ?? '').replace(/\s/g, ''),
    did: (body.did ?? '').trim(),
    enabled: body.enabled !== undefined,
    agents: [...new Set(body.agents ?? [])].sort(),
  };
  const errors = new FieldErrors();
  if (values.prefix === '') errors.add('prefix', 'is required');
  else if (!/^[0-9]+$/.test(values.prefix)) errors.add('prefix', 'must be digits only');
  else if (values.prefix.length > MAX_PREFIX_DIGITS) errors.add('prefix', `must be at most ${MAX_PREFIX_DIGITS} digits`);
  if (values.did === '') errors.add('did', 'is required: choose the DID calls through this prefix present');
  return { values, entity: { prefix: values.prefix, did: values.did, enabled: values.enabled, agents: values.agents }, errors: errors.result() };
}

/** validateConfig() issues (and route shadows) of a proposal that added or changed a rule (it is the last prefix there). */
export function prefixIssuesToErrors(issues: readonly ConfigIssue[], proposed: ConfigData): FormErrors {
  const last = proposed.prefixes.length - 1;
  const own = `prefixes[${last}].prefix`;
  return issuesToErrors(issues, proposed, {
    entity: `prefixes[${last}]`,
    // A collision is reported at the shorter prefix: when that is the other one, the clash is this one's too.
    claim: (issue) => {
      const shorter = /^prefixes\[(\d+)\]\.prefix$/.exec(issue.path);
      const other = shorter === null ? undefined : proposed.prefixes[Number(shorter[1])];
      return issue.related === own && other !== undefined ? { field: 'prefix', message: prefixCollision(other.prefix) } : null;
    },
  });
}
