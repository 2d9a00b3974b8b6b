import type { ConfigIssue } from '../domain/config/validate.js';
import type { ConfigData } from '../domain/config/types.js';

/** Errors shown in a form: under each field, and above the form for the rest. */
export interface FormErrors {
  readonly fields: Readonly<Record<string, readonly string[]>>;
  readonly form: readonly string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, form: [] };

export function hasErrors(errors: FormErrors): boolean {
  return errors.form.length > 0 || Object.values(errors.fields).some((messages) => messages.length > 0);
}

export function mergeErrors(...all: FormErrors[]): FormErrors {
  const fields: Record<string, string[]> = {};
  for (const errors of all) {
    for (const [field, messages] of Object.entries(errors.fields)) fields[field] = [...(fields[field] ?? []), ...messages];
  }
  return { fields, form: all.flatMap((errors) => errors.form) };
}

/** Collects field errors while a form is read. */
export class FieldErrors {
  private readonly fields: Record<string, string[]> = {};

  add(field: string, message: string): void {
    (this.fields[field] ??= []).push(message);
  }

  result(): FormErrors {
    return { fields: this.fields, form: [] };
  }
}

export interface IssueMapping {
  /** The edited entity's path in the proposed configuration, e.g. `dids[12]`. */
  readonly entity: string;
  /** Form field names where they differ from the validation path's key, e.g. `{ callerId: 'callerIdDid' }`. */
  readonly fieldNames?: Readonly<Record<string, string>>;
  /** Claims an issue elsewhere in the configuration for one of this form's fields. */
  readonly claim?: (issue: ConfigIssue) => { field: string; message: string } | null;
}

/**
 * Turns validateConfig() issues into form errors: an issue on the edited entity goes under
 * its field; anything else is shown above the form, naming what it is about.
 */
export function issuesToErrors(issues: readonly ConfigIssue[], proposed: ConfigData, mapping: IssueMapping): FormErrors {
  const fields = new FieldErrors();
  const form: string[] = [];
  const own = `${mapping.entity}.`;
  for (const issue of issues) {
    if (issue.path.startsWith(own)) {
      const key = /^[A-Za-z]+/.exec(issue.path.slice(own.length))?.[0] ?? '';
      fields.add(mapping.fieldNames?.[key] ?? key, issue.message);
      continue;
    }
    const claimed = mapping.claim?.(issue) ?? null;
    if (claimed !== null) fields.add(claimed.field, claimed.message);
    else form.push(`${describeIssuePath(proposed, issue.path)}: ${issue.message}`);
  }
  return { fields: fields.result().fields, form: unique(form) };
}

const COLLECTION = /^(dids|agents|prefixes|trunks|outboundRoutes|schedules|inboundRoutes|menus)\[(\d+)\]\.?(.*)$/;

/** `agents[1].defaultDid` → `agent 1010 (Agent 1010), default DID`: what an issue is about, in words. */
export function describeIssuePath(data: ConfigData, path: string): string {
  const match = COLLECTION.exec(path);
  if (match === null) return path.startsWith('settings.') ? `settings, ${fieldWords(path.slice('settings.'.length))}` : path;
  const [, collection, index, rest] = match;
  const subject = describeEntity(data, collection!, Number(index));
  return rest === '' ? subject : `${subject}, ${fieldWords(rest!)}`;
}

const FIELD_WORDS: Readonly<Record<string, string>> = {
  defaultDid: 'default DID',
  callerId: 'caller ID',
  did: 'DID',
  prefixes: 'allowed prefixes',
  numberFormat: 'number format',
  countryCode: 'country code',
  nationalPrefix: 'national prefix',
  internationalPrefix: 'international prefix',
  emergencyNumbers: 'emergency numbers',
  closed: 'closed destination',
  invalid: 'wrong-key destination',
  timeout: 'timeout destination',
  options: 'keys',
};

/** `defaultDid` → `default DID`, `trunks[0]` → `trunks`: a field as the form names it. */
function fieldWords(rest: string): string {
  const key = /^[A-Za-z]+/.exec(rest)?.[0] ?? rest;
  return FIELD_WORDS[key] ?? key;
}

function describeEntity(data: ConfigData, collection: string, index: number): string {
  switch (collection) {
    case 'dids':
      return `DID ${data.dids[index]?.number ?? index}`;
    case 'agents': {
      const agent = data.agents[index];
      return agent === undefined ? `agent #${index}` : `agent ${agent.extension} (${agent.name})`;
    }
    case 'prefixes':
      return `prefix ${data.prefixes[index]?.prefix ?? index}`;
    case 'trunks':
      return `trunk ${data.trunks[index]?.name ?? index}`;
    case 'schedules':
      return `schedule ${data.schedules[index]?.name ?? index}`;
    case 'inboundRoutes':
      return `inbound route ${data.inboundRoutes[index]?.name ?? index}`;
    case 'menus':
      return `menu ${data.menus[index]?.name ?? index}`;
    default:
      return `route ${data.routes[index]?.name ?? index}`;
  }
}

function unique(messages: string[]): string[] {
  return [...new Set(messages)];
}
