import type { ConfigIssue } from '../../../domain/config/validate.js';
import type { ConfigData, Did } from '../../../domain/config/types.js';
import { describeIssuePath, FieldErrors, issuesToErrors, type FormErrors } from '../../form-errors.js';
import type { DidBody } from '../../schemas/dids.js';

export interface DidFormValues {
  readonly number: string;
  readonly label: string;
  readonly callerIdName: string;
  readonly allowInbound: boolean;
  readonly allowOutbound: boolean;
}

export interface DidFormView {
  readonly title: string;
  readonly action: string;
  /** Inside the DIDs page (htmx), or a page of its own (no JavaScript). */
  readonly inline: boolean;
  readonly values: DidFormValues;
  readonly errors: FormErrors;
}

export const EMPTY_DID: DidFormValues = { number: '', label: '', callerIdName: '', allowInbound: true, allowOutbound: true };

/** The submitted form, and what is wrong with it on its own (before the whole configuration is checked). */
export function readDidForm(body: DidBody): { values: DidFormValues; entity: Did; errors: FormErrors } {
  const values: DidFormValues = {
    number: (body.number ?? '').replace(/[\s-]/g, ''),
    label: (body.label ?? '').trim(),
    callerIdName: (body.callerIdName ?? '').trim(),
    allowInbound: body.allowInbound !== undefined,
    allowOutbound: body.allowOutbound !== undefined,
  };
  const errors = new FieldErrors();
  if (values.number === '') errors.add('number', 'is required');
  else if (!/^[0-9]+$/.test(values.number)) errors.add('number', 'must be digits only');
  else if (values.number.length > 32) errors.add('number', 'must be at most 32 digits');
  if (values.label === '') errors.add('label', 'is required');
  else if (values.label.length > 120) errors.add('label', 'must be at most 120 characters');
  if (values.callerIdName.length > 80) errors.add('callerIdName', 'must be at most 80 characters');
  const did: Did = { ...values, callerIdName: values.callerIdName === '' ? null : values.callerIdName };
  return { values, entity: did, errors: errors.result() };
}

/** validateConfig() issues of a proposal that added or changed `did` (it is the last DID there). */
export function didIssuesToErrors(issues: readonly ConfigIssue[], proposed: ConfigData, did: Did): FormErrors {
  return issuesToErrors(issues, proposed, {
    entity: `dids[${proposed.dids.length - 1}]`,
    claim: (issue) =>
      outboundCallerIdAt(proposed, issue.path) === did.number && !did.allowOutbound
        ? { field: 'allowOutbound', message: `${describeIssuePath(proposed, issue.path)} uses this DID as outbound caller ID; change that first` }
        : null,
  });
}

/** The DID number an outbound caller-ID setting at `path` points at, if `path` is one. */
function outboundCallerIdAt(data: ConfigData, path: string): string | null {
  if (path === 'settings.defaultDid') return data.settings.defaultDid;
  const agent = /^agents\[(\d+)\]\.defaultDid$/.exec(path);
  if (agent) return data.agents[Number(agent[1])]?.defaultDid ?? null;
  const route = /^outboundRoutes\[(\d+)\]\.callerId$/.exec(path);
  if (route) return data.routes[Number(route[1])]?.callerIdDid ?? null;
  return null;
}
