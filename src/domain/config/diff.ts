// What changed between two configurations, per entity and field, in the words and key names
// of the configuration file: the history page's side-by-side diff, a version's summary
// ("route mobile: trunks main_trunk, backup_trunk → backup_trunk, main_trunk"), the import
// preview and the conflict message of a form saved against an older version.

import { formatDestination } from '../inbound/destination.js';
import type { InboundRoute } from '../inbound/route.js';
import type { IvrMenu } from '../ivr/menu.js';
import type { Schedule } from '../schedule/schedule.js';
import type { Agent, ConfigData, Did, OutboundRoute, PrefixRule, Settings, Trunk } from './types.js';

export const ENTITY_KINDS = ['settings', 'trunk', 'did', 'agent', 'prefix', 'route', 'schedule', 'inboundRoute', 'menu'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** A field's value as text (lists joined with ", ", nothing as ""). */
export interface FieldChange {
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

export interface EntityChange {
  readonly kind: EntityKind;
  /** What identifies the entity to people: a DID's number, a route's name; `settings` for the settings. */
  readonly name: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** Every field of an added or removed entity; only the differing ones of a changed entity. */
  readonly fields: readonly FieldChange[];
}

type Fields<T> = Readonly<Record<string, (item: T) => string>>;

interface EntityTable<T> {
  readonly items: (data: ConfigData) => readonly T[];
  readonly key: (item: T) => string;
  readonly fields: Fields<T>;
}

const list = (values: readonly string[]): string => values.join(', ');
const sorted = (values: readonly string[]): string => [...values].sort().join(', ');
const optional = (value: string | null): string => value ?? '';
const flag = (value: boolean): string => (value ? 'yes' : 'no');

const SETTINGS: EntityTable<Settings> = {
  items: (data) => [data.settings],
  key: () => 'settings',
  fields: {
    countryCode: (s) => s.countryCode,
    nationalPrefix: (s) => s.nationalPrefix,
    internationalPrefix: (s) => s.internationalPrefix,
    defaultDid: (s) => optional(s.defaultDid),
    emergencyNumbers: (s) => list(s.emergencyNumbers),
  },
};

const TRUNKS: EntityTable<Trunk> = {
  items: (data) => data.trunks,
  key: (trunk) => trunk.name,
  fields: { dial: (t) => t.dial, numberFormat: (t) => t.numberFormat, enabled: (t) => flag(t.enabled) },
};

const DIDS: EntityTable<Did> = {
  items: (data) => data.dids,
  key: (did) => did.number,
  fields: {
    label: (d) => d.label,
    callerIdName: (d) => optional(d.callerIdName),
    outbound: (d) => flag(d.allowOutbound),
    inbound: (d) => flag(d.allowInbound),
  },
};

const AGENTS: EntityTable<Agent> = {
  items: (data) => data.agents,
  key: (agent) => agent.extension,
  fields: {
    name: (a) => a.name,
    defaultDid: (a) => optional(a.defaultDid),
    prefixes: (a) => sorted(a.allowedPrefixes),
    enabled: (a) => flag(a.enabled),
  },
};

const PREFIXES: EntityTable<PrefixRule> = {
  items: (data) => data.prefixes,
  key: (rule) => rule.prefix,
  fields: { did: (p) => p.did, agents: (p) => sorted(p.agents), enabled: (p) => flag(p.enabled) },
};

const ROUTES: EntityTable<OutboundRoute> = {
  items: (data) => data.routes,
  key: (route) => route.name,
  fields: {
    priority: (r) => String(r.priority),
    patterns: (r) => list(r.patterns),
    strip: (r) => String(r.strip),
    prepend: (r) => r.prepend,
    callerId: (r) => optional(r.callerIdDid),
    trunks: (r) => list(r.trunks),
    enabled: (r) => flag(r.enabled),
  },
};

const SCHEDULES: EntityTable<Schedule> = {
  items: (data) => data.schedules,
  key: (schedule) => schedule.name,
  fields: {
    timeZone: (s) => s.timeZone,
    weekly: (s) => list(s.weekly.map((range) => `${range.day} ${range.start}-${range.end}`)),
    exceptions: (s) =>
      list(
        s.exceptions.map((exception) => {
          const hours = exception.ranges.length === 0 ? 'closed' : exception.ranges.map((range) => `${range.start}-${range.end}`).join(' ');
          return `${exception.date} ${hours}${exception.label === '' ? '' : ` (${exception.label})`}`;
        }),
      ),
  },
};

const INBOUND_ROUTES: EntityTable<InboundRoute> = {
  items: (data) => data.inboundRoutes,
  key: (route) => route.name,
  fields: {
    did: (r) => r.did,
    caller: (r) => optional(r.caller),
    schedule: (r) => optional(r.schedule),
    destination: (r) => formatDestination(r.destination),
    closed: (r) => (r.closedDestination === null ? '' : formatDestination(r.closedDestination)),
    enabled: (r) => flag(r.enabled),
  },
};

const MENUS: EntityTable<IvrMenu> = {
  items: (data) => data.menus,
  key: (menu) => menu.name,
  fields: {
    language: (m) => m.language,
    greeting: (m) => list(m.greeting),
    prompts: (m) => list(m.prompts),
    digitTimeoutMs: (m) => String(m.digitTimeoutMs),
    interDigitTimeoutMs: (m) => String(m.interDigitTimeoutMs),
    maxRetries: (m) => String(m.maxRetries),
    invalidPrompt: (m) => optional(m.invalidPrompt),
    timeoutPrompt: (m) => optional(m.timeoutPrompt),
    invalid: (m) => formatDestination(m.invalidDestination),
    timeout: (m) => formatDestination(m.timeoutDestination),
    options: (m) =>
      list(m.options.map((option) => `${option.key} ${option.target.kind === 'repeat' ? 'repeat' : formatDestination(option.target.destination)}`)),
    directDial: (m) => flag(m.directDial),
    bargeIn: (m) => flag(m.bargeIn),
  },
};

// In the order the file lists them, so a diff reads like the document.
interface EntityOf {
  settings: Settings;
  trunk: Trunk;
  did: Did;
  agent: Agent;
  prefix: PrefixRule;
  route: OutboundRoute;
  schedule: Schedule;
  inboundRoute: InboundRoute;
  menu: IvrMenu;
}

const TABLES: { readonly [K in EntityKind]: EntityTable<EntityOf[K]> } = {
  settings: SETTINGS,
  trunk: TRUNKS,
  did: DIDS,
  agent: AGENTS,
  prefix: PREFIXES,
  route: ROUTES,
  schedule: SCHEDULES,
  inboundRoute: INBOUND_ROUTES,
  menu: MENUS,
};

/** Every entity that differs between `before` and `after`, in file order, entities by name. */
export function diffConfig(before: ConfigData, after: ConfigData): EntityChange[] {
  return ENTITY_KINDS.flatMap(<K extends EntityKind>(kind: K) => diffEntities(kind, TABLES[kind], before, after));
}

function diffEntities<T>(kind: EntityKind, table: EntityTable<T>, before: ConfigData, after: ConfigData): EntityChange[] {
  const old = new Map(table.items(before).map((item) => [table.key(item), item]));
  const now = new Map(table.items(after).map((item) => [table.key(item), item]));
  const names = [...new Set([...old.keys(), ...now.keys()])].sort();
  const fields = Object.entries(table.fields);
  return names.flatMap((name): EntityChange[] => {
    const a = old.get(name);
    const b = now.get(name);
    const values = fields.map(([field, read]) => ({ field, before: a === undefined ? '' : read(a), after: b === undefined ? '' : read(b) }));
    if (a === undefined) return [{ kind, name, change: 'added', fields: values }];
    if (b === undefined) return [{ kind, name, change: 'removed', fields: values }];
    const differing = values.filter((value) => value.before !== value.after);
    return differing.length === 0 ? [] : [{ kind, name, change: 'changed', fields: differing }];
  });
}

const KIND_WORDS: { readonly [K in EntityKind]: string } = {
  settings: 'settings',
  trunk: 'trunk',
  did: 'DID',
  agent: 'agent',
  prefix: 'prefix',
  route: 'route',
  schedule: 'schedule',
  inboundRoute: 'inbound route',
  menu: 'menu',
};

/** `route mobile`, `DID 0310000001`, `settings`. */
export function entityTitle(change: Pick<EntityChange, 'kind' | 'name'>): string {
  return change.kind === 'settings' ? 'settings' : `${KIND_WORDS[change.kind]} ${change.name}`;
}

/** One line per entity: `route mobile: trunks a, b → b, a; strip 0 → 1`, `trunk spare added`. */
export function describeChange(change: EntityChange): string {
  if (change.change !== 'changed') return `${entityTitle(change)} ${change.change}`;
  const fields = change.fields.map((field) => `${field.field} ${shown(field.before)} → ${shown(field.after)}`);
  return `${entityTitle(change)}: ${fields.join('; ')}`;
}

/** A version's summary: every change, or the first few and how many more. */
export function summarizeChanges(changes: readonly EntityChange[], maxEntities = 5): string {
  if (changes.length === 0) return 'no change';
  const listed = changes.slice(0, maxEntities).map(describeChange);
  const more = changes.length - listed.length;
  return more > 0 ? `${listed.join('. ')}. And ${more} more change${more === 1 ? '' : 's'}.` : listed.join('. ');
}

function shown(value: string): string {
  return value === '' ? '(none)' : value;
}

/** Do two lists of changes touch a common entity? (A form saved against an older version.) */
export function overlappingEntities(a: readonly EntityChange[], b: readonly EntityChange[]): EntityChange[] {
  const touched = new Set(b.map((change) => `${change.kind}\u0000${change.name}`));
  return a.filter((change) => touched.has(`${change.kind}\u0000${change.name}`));
}
