import { RECORD_OUTCOME_FILTERS, type CallRecordFilter, type RecordOutcomeFilter } from '../../../data/repositories/call-record-history.js';
import type { CallFilter } from '../../../data/repositories/calls.js';
import type { DashboardAccount } from '../../../data/repositories/dashboard-users.js';
import { parseLocalUtc } from '../../datetime.js';
import { FieldErrors, type FormErrors } from '../../form-errors.js';
import type { CallRecordsQuery, CallsQuery } from '../../schemas/calls.js';

export interface CallFilterValues {
  readonly agent: string;
  readonly did: string;
  readonly result: string;
  readonly from: string;
  readonly to: string;
}

export interface ReadFilters {
  readonly values: CallFilterValues;
  /** null: this account may see no row at all (an agent account without an agent). */
  readonly filter: CallFilter | null;
  readonly errors: FormErrors;
  /** The filters as a query string (no cursor), for links: `agent=1009&result=dial`. */
  readonly query: string;
  /** Whether the agent filter is fixed to the account's own extension. */
  readonly ownOnly: boolean;
}

/**
 * The filters of a decision-log request, for this account. An agent account sees only its
 * own agent's rows whatever the request says: the agent filter is replaced, not checked.
 */
export function readDecisionFilters(query: CallsQuery, account: DashboardAccount): ReadFilters {
  const ownOnly = account.role === 'agent';
  const values: CallFilterValues = {
    agent: ownOnly ? (account.agentExtension ?? '') : (query.agent ?? '').trim(),
    did: (query.did ?? '').replace(/[\s-]/g, ''),
    result: (query.result ?? '').trim(),
    from: (query.from ?? '').trim(),
    to: (query.to ?? '').trim(),
  };
  const errors = new FieldErrors();
  const result = values.result === 'dial' || values.result === 'reject' ? values.result : undefined;
  if (values.result !== '' && result === undefined) errors.add('result', 'must be dial or reject');
  const { from, to } = readTimeRange(values, errors);
  const filter: CallFilter | null =
    ownOnly && account.agentExtension === null
      ? null
      : {
          ...(values.agent !== '' && { agent: values.agent }),
          ...(values.did !== '' && { did: values.did }),
          ...(result !== undefined && { result }),
          ...(from !== undefined && { from }),
          ...(to !== undefined && { to }),
        };
  return { values, filter, errors: errors.result(), query: filterQuery(values, ownOnly), ownOnly };
}

export interface RecordFilterValues {
  readonly agent: string;
  readonly queue: string;
  readonly outcome: string;
  readonly from: string;
  readonly to: string;
}

export interface ReadRecordFilters {
  readonly values: RecordFilterValues;
  /** null: this account may see no call at all (an agent account without an agent). */
  readonly filter: CallRecordFilter | null;
  readonly errors: FormErrors;
  /** The filters as a query string (no cursor), for links. */
  readonly query: string;
  readonly ownOnly: boolean;
}

export const OUTCOME_CHOICES: readonly { value: RecordOutcomeFilter; label: string }[] = [
  { value: 'answered', label: 'Answered' },
  { value: 'no_answer', label: 'No answer' },
  { value: 'abandoned', label: 'Abandoned' },
  { value: 'busy', label: 'Busy' },
  { value: 'failed', label: 'Failed' },
];

/**
 * The filters of a call-history request (call records), for this account: agent, queue,
 * outcome and a start-time range. An agent account sees only its own calls whatever the
 * request says (the agent filter is replaced, not checked).
 */
export function readRecordFilters(query: CallRecordsQuery, account: DashboardAccount): ReadRecordFilters {
  const ownOnly = account.role === 'agent';
  const values: RecordFilterValues = {
    agent: ownOnly ? (account.agentExtension ?? '') : (query.agent ?? '').trim(),
    queue: (query.queue ?? '').trim(),
    outcome: (query.outcome ?? '').trim(),
    from: (query.from ?? '').trim(),
    to: (query.to ?? '').trim(),
  };
  const errors = new FieldErrors();
  const outcome = RECORD_OUTCOME_FILTERS.find((candidate) => candidate === values.outcome);
  if (values.outcome !== '' && outcome === undefined) errors.add('outcome', 'must be one of answered, no answer, abandoned, busy, failed');
  const { from, to } = readTimeRange(values, errors);
  const filter: CallRecordFilter | null =
    ownOnly && account.agentExtension === null
      ? null
      : {
          ...(values.agent !== '' && { agent: values.agent }),
          ...(values.queue !== '' && { queue: values.queue }),
          ...(outcome !== undefined && { outcome }),
          ...(from !== undefined && { from }),
          ...(to !== undefined && { to }),
        };
  return { values, filter, errors: errors.result(), query: filterQuery(values, ownOnly), ownOnly };
}

/** From and To (UTC, `YYYY-MM-DDTHH:MM`), each optional; To must come after From. */
function readTimeRange(values: { readonly from: string; readonly to: string }, errors: FieldErrors): { from?: Date; to?: Date } {
  const from = values.from === '' ? undefined : parseLocalUtc(values.from);
  const to = values.to === '' ? undefined : parseLocalUtc(values.to);
  if (values.from !== '' && from === undefined) errors.add('from', 'must be a date and time');
  if (values.to !== '' && to === undefined) errors.add('to', 'must be a date and time');
  if (from !== undefined && to !== undefined && from >= to) errors.add('to', 'must be after From');
  return { ...(from !== undefined && { from }), ...(to !== undefined && { to }) };
}

/** The filters given, as a query string for links; an agent's own extension is implied, not carried. */
function filterQuery(values: object, ownOnly: boolean): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== '' && !(ownOnly && name === 'agent')) params.set(name, String(value));
  return params.toString();
}
