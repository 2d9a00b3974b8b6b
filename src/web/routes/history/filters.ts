import type { VersionFilter } from '../../../data/config-history.js';
import { ENTITY_KINDS, entityTitle, type EntityChange, type EntityKind } from '../../../domain/config/diff.js';
import { CALL_CHANGE_KINDS, CALL_CHANGE_WORDS, type WhatIfReport } from '../../../domain/outbound/what-if.js';
import { FieldErrors, hasErrors, type FormErrors } from '../../form-errors.js';
import type { HistoryQuery } from '../../schemas/history.js';

const KIND_LABELS: { readonly [K in EntityKind]: string } = {
  settings: 'Settings',
  trunk: 'Trunks',
  did: 'DIDs',
  agent: 'Agents',
  prefix: 'Prefix rules',
  route: 'Outbound routes',
  schedule: 'Schedules',
  inboundRoute: 'Inbound routes',
  menu: 'IVR menus',
};

export const KIND_CHOICES = ENTITY_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] }));

export interface HistoryFilterValues {
  readonly author: string;
  readonly kind: string;
  readonly name: string;
}

export interface ReadHistoryFilters {
  readonly values: HistoryFilterValues;
  readonly filter: VersionFilter;
  readonly cursor: { readonly after?: string; readonly before?: string };
  readonly errors: FormErrors;
  readonly invalid: boolean;
  /** The filters as a query string (no cursor), for links. */
  readonly query: string;
  /** Whether this is a page other than the newest. */
  readonly paged: boolean;
}

const CURSOR = /^[1-9][0-9]{0,9}$/;

/** The history list's filters: author (exact), entity kind, and with a kind an entity's name. */
export function readHistoryFilters(query: HistoryQuery): ReadHistoryFilters {
  const values: HistoryFilterValues = {
    author: (query.author ?? '').trim(),
    kind: (query.kind ?? '').trim(),
    name: (query.name ?? '').trim(),
  };
  const errors = new FieldErrors();
  const kind = (ENTITY_KINDS as readonly string[]).includes(values.kind) ? (values.kind as EntityKind) : undefined;
  if (values.kind !== '' && kind === undefined) errors.add('kind', `must be one of ${ENTITY_KINDS.join(', ')}`);
  if (values.name !== '' && values.kind === '') errors.add('name', 'needs an entity kind');
  const cursor = {
    ...(query.after !== undefined && CURSOR.test(query.after) && { after: query.after }),
    ...(query.before !== undefined && CURSOR.test(query.before) && { before: query.before }),
  };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== '') params.set(name, value);
  const result = errors.result();
  return {
    values,
    filter: {
      ...(values.author !== '' && { author: values.author }),
      ...(kind !== undefined && { kind }),
      ...(kind !== undefined && values.name !== '' && { name: values.name }),
    },
    cursor,
    errors: result,
    invalid: hasErrors(result),
    query: params.toString(),
    paged: cursor.after !== undefined || cursor.before !== undefined,
  };
}

/** `route mobile`, `DID 0310000045`: for templates. */
export function entityWords(change: Pick<EntityChange, 'kind' | 'name'>): string {
  return entityTitle(change);
}

/** The what-if's counts in words, largest kinds first: `3 calls: other caller ID`. */
export function describeCounts(report: WhatIfReport): string[] {
  return CALL_CHANGE_KINDS.filter((kind) => report.counts[kind] > 0)
    .sort((a, b) => report.counts[b] - report.counts[a])
    .map((kind) => `${report.counts[kind]} call${report.counts[kind] === 1 ? '' : 's'}: ${CALL_CHANGE_WORDS[kind]}`);
}
