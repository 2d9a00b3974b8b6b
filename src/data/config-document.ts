import { parseDocument, stringify } from 'yaml';
import type { ConfigIssue } from '../domain/config/validate.js';
import { DEFAULT_ROUTE_PRIORITY, DEFAULT_SETTINGS } from '../domain/config/defaults.js';
import { NUMBER_FORMATS, type ConfigData, type NumberFormat } from '../domain/config/types.js';
import { formatDestination, parseDestination, type Destination } from '../domain/inbound/destination.js';
import type { InboundRoute } from '../domain/inbound/route.js';
import type { IvrMenu, MenuKey, OptionTarget } from '../domain/ivr/menu.js';
import type { Schedule, TimeRange, Weekday } from '../domain/schedule/schedule.js';
import { sortWeekly } from '../domain/schedule/weekly.js';

// The YAML (or JSON) configuration file of `mayday config import/export` and the dashboard's
// upload/download. Keys follow the file format; optional keys take the defaults below, and
// export leaves out what equals a default, so export → import is a fixed point.

export type ParsedDocument = { ok: true; data: ConfigData } | { ok: false; issues: ConfigIssue[] };

const MENU_DEFAULTS = { language: 'en', digitTimeoutMs: 5000, interDigitTimeoutMs: 2000, maxRetries: 2, directDial: false, bargeIn: true };
const REPEAT = 'repeat';

export function parseConfigDocument(text: string): ParsedDocument {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return { ok: false, issues: document.errors.map((error) => ({ path: '(file)', message: error.message.split('\n')[0] ?? error.message })) };
  }
  const reader = new ShapeReader();
  const data = reader.config(document.toJS() as unknown);
  return reader.issues.length > 0 ? { ok: false, issues: reader.issues } : { ok: true, data };
}

export function serializeConfigDocument(data: ConfigData): string {
  const { settings } = data;
  const document = {
    settings: {
      countryCode: settings.countryCode,
      nationalPrefix: settings.nationalPrefix,
      ...(settings.internationalPrefix !== DEFAULT_SETTINGS.internationalPrefix ? { internationalPrefix: settings.internationalPrefix } : {}),
      ...(settings.defaultDid !== null ? { defaultDid: settings.defaultDid } : {}),
      emergencyNumbers: [...settings.emergencyNumbers],
    },
    trunks: data.trunks.map((trunk) => ({
      name: trunk.name,
      dial: trunk.dial,
      numberFormat: trunk.numberFormat,
      ...(trunk.enabled ? {} : { enabled: false }),
    })),
    dids: data.dids.map((did) => ({
      number: did.number,
      label: did.label,
      ...(did.callerIdName !== null ? { callerIdName: did.callerIdName } : {}),
      outbound: did.allowOutbound,
      inbound: did.allowInbound,
    })),
    agents: data.agents.map((agent) => ({
      extension: agent.extension,
      name: agent.name,
      ...(agent.defaultDid !== null ? { defaultDid: agent.defaultDid } : {}),
      ...(agent.allowedPrefixes.length > 0 ? { prefixes: [...agent.allowedPrefixes] } : {}),
      ...(agent.enabled ? {} : { enabled: false }),
    })),
    prefixes: data.prefixes.map((rule) => ({
      prefix: rule.prefix,
      did: rule.did,
      ...(rule.agents.length > 0 ? { agents: [...rule.agents] } : {}),
      ...(rule.enabled ? {} : { enabled: false }),
    })),
    outboundRoutes: data.routes.map((route) => ({
      name: route.name,
      priority: route.priority,
      patterns: [...route.patterns],
      ...(route.strip !== 0 ? { strip: route.strip } : {}),
      ...(route.prepend !== '' ? { prepend: route.prepend } : {}),
      ...(route.callerIdDid !== null ? { callerId: route.callerIdDid } : {}),
      trunks: [...route.trunks],
      ...(route.enabled ? {} : { enabled: false }),
    })),
    ...(data.schedules.length > 0 ? { schedules: data.schedules.map(serializeSchedule) } : {}),
    ...(data.inboundRoutes.length > 0 ? { inboundRoutes: data.inboundRoutes.map(serializeInboundRoute) } : {}),
    ...(data.menus.length > 0 ? { menus: data.menus.map(serializeMenu) } : {}),
  };
  return stringify(document, { lineWidth: 0 });
}

function serializeSchedule(schedule: Schedule) {
  // Days sharing the same hours are written as one entry.
  const groups = new Map<string, { days: Weekday[]; from: string; to: string }>();
  for (const range of schedule.weekly) {
    const key = `${range.start}-${range.end}`;
    const group = groups.get(key) ?? { days: [], from: range.start, to: range.end };
    group.days.push(range.day);
    groups.set(key, group);
  }
  return {
    name: schedule.name,
    timeZone: schedule.timeZone,
    weekly: [...groups.values()],
    ...(schedule.exceptions.length > 0
      ? {
          exceptions: schedule.exceptions.map((exception) => ({
            date: exception.date,
            label: exception.label,
            ...(exception.ranges.length > 0 ? { ranges: exception.ranges.map(serializeRange) } : {}),
          })),
        }
      : {}),
  };
}

function serializeRange(range: TimeRange) {
  return { from: range.start, to: range.end };
}

function serializeInboundRoute(route: InboundRoute) {
  return {
    name: route.name,
    did: route.did,
    ...(route.caller !== null ? { caller: route.caller } : {}),
    ...(route.schedule !== null ? { schedule: route.schedule } : {}),
    destination: formatDestination(route.destination),
    ...(route.closedDestination !== null ? { closed: formatDestination(route.closedDestination) } : {}),
    ...(route.enabled ? {} : { enabled: false }),
  };
}

function serializeMenu(menu: IvrMenu) {
  const nonDefault = <K extends keyof typeof MENU_DEFAULTS>(key: K) => (menu[key] !== MENU_DEFAULTS[key] ? { [key]: menu[key] } : {});
  return {
    name: menu.name,
    ...nonDefault('language'),
    ...(menu.greeting.length > 0 ? { greeting: [...menu.greeting] } : {}),
    prompts: [...menu.prompts],
    ...nonDefault('digitTimeoutMs'),
    ...nonDefault('interDigitTimeoutMs'),
    ...nonDefault('maxRetries'),
    ...(menu.invalidPrompt !== null ? { invalidPrompt: menu.invalidPrompt } : {}),
    ...(menu.timeoutPrompt !== null ? { timeoutPrompt: menu.timeoutPrompt } : {}),
    invalid: formatDestination(menu.invalidDestination),
    timeout: formatDestination(menu.timeoutDestination),
    options: menu.options.map((option) => ({
      key: option.key,
      to: option.target.kind === 'repeat' ? REPEAT : formatDestination(option.target.destination),
    })),
    ...nonDefault('directDial'),
    ...nonDefault('bargeIn'),
  };
}

type Json = Record<string, unknown>;

const MENU_KEYS_IN_FILE = [
  'name',
  'language',
  'greeting',
  'prompts',
  'digitTimeoutMs',
  'interDigitTimeoutMs',
  'maxRetries',
  'invalidPrompt',
  'timeoutPrompt',
  'invalid',
  'timeout',
  'options',
  'directDial',
  'bargeIn',
];

/** Reads the untyped document into ConfigData, collecting every shape problem with its path. */
class ShapeReader {
  readonly issues: ConfigIssue[] = [];

  config(root: unknown): ConfigData {
    const top = this.object(root, '(file)') ?? {};
    this.noUnknownKeys(top, '', ['settings', 'trunks', 'dids', 'agents', 'prefixes', 'outboundRoutes', 'schedules', 'inboundRoutes', 'menus']);
    const settings = this.object(top.settings ?? {}, 'settings') ?? {};
    this.noUnknownKeys(settings, 'settings', ['countryCode', 'nationalPrefix', 'internationalPrefix', 'defaultDid', 'emergencyNumbers']);
    return {
      settings: {
        countryCode: this.text(settings.countryCode, 'settings.countryCode', DEFAULT_SETTINGS.countryCode),
        nationalPrefix: this.text(settings.nationalPrefix, 'settings.nationalPrefix', DEFAULT_SETTINGS.nationalPrefix),
        internationalPrefix: this.text(settings.internationalPrefix, 'settings.internationalPrefix', DEFAULT_SETTINGS.internationalPrefix),
        defaultDid: this.optionalText(settings.defaultDid, 'settings.defaultDid'),
        emergencyNumbers: this.texts(settings.emergencyNumbers, 'settings.emergencyNumbers'),
      },
      trunks: this.list(top.trunks, 'trunks', ['name', 'dial', 'numberFormat', 'enabled'], (item, path) => ({
        name: this.text(item.name, `${path}.name`),
        dial: this.text(item.dial, `${path}.dial`),
        numberFormat: this.numberFormat(item.numberFormat, `${path}.numberFormat`),
        enabled: this.flag(item.enabled, `${path}.enabled`, true),
      })),
      dids: this.list(top.dids, 'dids', ['number', 'label', 'callerIdName', 'outbound', 'inbound'], (item, path) => ({
        number: this.text(item.number, `${path}.number`),
        label: this.text(item.label, `${path}.label`),
        callerIdName: this.optionalText(item.callerIdName, `${path}.callerIdName`),
        allowOutbound: this.flag(item.outbound, `${path}.outbound`, true),
        allowInbound: this.flag(item.inbound, `${path}.inbound`, true),
      })),
      agents: this.list(top.agents, 'agents', ['extension', 'name', 'defaultDid', 'prefixes', 'enabled'], (item, path) => ({
        extension: this.text(item.extension, `${path}.extension`),
        name: this.text(item.name, `${path}.name`),
        defaultDid: this.optionalText(item.defaultDid, `${path}.defaultDid`),
        allowedPrefixes: this.texts(item.prefixes, `${path}.prefixes`),
        enabled: this.flag(item.enabled, `${path}.enabled`, true),
      })),
      prefixes: this.list(top.prefixes, 'prefixes', ['prefix', 'did', 'agents', 'enabled'], (item, path) => ({
        prefix: this.text(item.prefix, `${path}.prefix`),
        did: this.text(item.did, `${path}.did`),
        agents: this.texts(item.agents, `${path}.agents`),
        enabled: this.flag(item.enabled, `${path}.enabled`, true),
      })),
      routes: this.list(
        top.outboundRoutes,
        'outboundRoutes',
        ['name', 'priority', 'patterns', 'strip', 'prepend', 'callerId', 'trunks', 'enabled'],
        (item, path) => ({
          name: this.text(item.name, `${path}.name`),
          priority: this.integer(item.priority, `${path}.priority`, DEFAULT_ROUTE_PRIORITY),
          patterns: this.texts(item.patterns, `${path}.patterns`),
          strip: this.integer(item.strip, `${path}.strip`, 0),
          prepend: this.text(item.prepend, `${path}.prepend`, ''),
          callerIdDid: this.optionalText(item.callerId, `${path}.callerId`),
          trunks: this.texts(item.trunks, `${path}.trunks`),
          enabled: this.flag(item.enabled, `${path}.enabled`, true),
        }),
      ),
      schedules: this.list(top.schedules, 'schedules', ['name', 'timeZone', 'weekly', 'exceptions'], (item, path) => ({
        name: this.text(item.name, `${path}.name`),
        timeZone: this.text(item.timeZone, `${path}.timeZone`),
        weekly: sortWeekly(
          this.list(item.weekly, `${path}.weekly`, ['days', 'from', 'to'], (range, rangePath) => {
            const hours = this.range(range, rangePath);
            return this.texts(range.days, `${rangePath}.days`).map((day) => ({ day: day as Weekday, ...hours }));
          }).flat(),
        ),
        exceptions: this.list(item.exceptions, `${path}.exceptions`, ['date', 'label', 'ranges'], (exception, exceptionPath) => ({
          date: this.text(exception.date, `${exceptionPath}.date`),
          label: this.text(exception.label, `${exceptionPath}.label`, ''),
          ranges: this.list(exception.ranges, `${exceptionPath}.ranges`, ['from', 'to'], (range, rangePath) => this.range(range, rangePath)),
        })),
      })),
      inboundRoutes: this.list(
        top.inboundRoutes,
        'inboundRoutes',
        ['name', 'did', 'caller', 'schedule', 'destination', 'closed', 'enabled'],
        (item, path) => ({
          name: this.text(item.name, `${path}.name`),
          did: this.text(item.did, `${path}.did`),
          caller: this.optionalText(item.caller, `${path}.caller`),
          schedule: this.optionalText(item.schedule, `${path}.schedule`),
          destination: this.destination(item.destination, `${path}.destination`),
          closedDestination: item.closed === undefined || item.closed === null ? null : this.destination(item.closed, `${path}.closed`),
          enabled: this.flag(item.enabled, `${path}.enabled`, true),
        }),
      ),
      menus: this.list(top.menus, 'menus', MENU_KEYS_IN_FILE, (item, path) => ({
        name: this.text(item.name, `${path}.name`),
        language: this.text(item.language, `${path}.language`, MENU_DEFAULTS.language),
        greeting: this.texts(item.greeting, `${path}.greeting`),
        prompts: this.texts(item.prompts, `${path}.prompts`),
        digitTimeoutMs: this.integer(item.digitTimeoutMs, `${path}.digitTimeoutMs`, MENU_DEFAULTS.digitTimeoutMs),
        interDigitTimeoutMs: this.integer(item.interDigitTimeoutMs, `${path}.interDigitTimeoutMs`, MENU_DEFAULTS.interDigitTimeoutMs),
        maxRetries: this.integer(item.maxRetries, `${path}.maxRetries`, MENU_DEFAULTS.maxRetries),
        invalidPrompt: this.optionalText(item.invalidPrompt, `${path}.invalidPrompt`),
        timeoutPrompt: this.optionalText(item.timeoutPrompt, `${path}.timeoutPrompt`),
        invalidDestination: this.destination(item.invalid, `${path}.invalid`),
        timeoutDestination: this.destination(item.timeout, `${path}.timeout`),
        options: this.list(item.options, `${path}.options`, ['key', 'to'], (option, optionPath) => ({
          key: this.text(option.key, `${optionPath}.key`) as MenuKey,
          target: this.optionTarget(option.to, `${optionPath}.to`),
        })),
        directDial: this.flag(item.directDial, `${path}.directDial`, MENU_DEFAULTS.directDial),
        bargeIn: this.flag(item.bargeIn, `${path}.bargeIn`, MENU_DEFAULTS.bargeIn),
      })),
    };
  }

  private range(item: Json, path: string): TimeRange {
    return { start: this.text(item.from, `${path}.from`), end: this.text(item.to, `${path}.to`) };
  }

  private destination(value: unknown, path: string): Destination {
    const parsed = parseDestination(this.text(value, path));
    if (parsed.ok) return parsed.destination;
    this.problem(path, parsed.error);
    return { kind: 'hangup' };
  }

  private optionTarget(value: unknown, path: string): OptionTarget {
    if (value === REPEAT) return { kind: 'repeat' };
    return { kind: 'goto', destination: this.destination(value, path) };
  }

  private problem(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  private object(value: unknown, path: string): Json | null {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    this.problem(path, `expected a mapping, got ${describe(value)}`);
    return null;
  }

  private noUnknownKeys(item: Json, path: string, known: readonly string[]): void {
    for (const key of Object.keys(item)) {
      if (!known.includes(key)) this.problem(path === '' ? key : `${path}.${key}`, `unknown key (expected one of ${known.join(', ')})`);
    }
  }

  private list<T>(value: unknown, path: string, keys: readonly string[], read: (item: Json, path: string) => T): T[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.problem(path, `expected a list, got ${describe(value)}`);
      return [];
    }
    return value.flatMap((entry, index) => {
      const itemPath = `${path}[${index}]`;
      const item = this.object(entry, itemPath);
      if (item === null) return [];
      this.noUnknownKeys(item, itemPath, keys);
      return [read(item, itemPath)];
    });
  }

  // Unquoted YAML numbers lose leading zeros (0310000001 → 310000001): refused, not guessed at.
  private text(value: unknown, path: string, fallback?: string): string {
    if (value === undefined || value === null) {
      if (fallback !== undefined) return fallback;
      this.problem(path, 'is required');
      return '';
    }
    if (typeof value === 'string') return value.trim();
    const hint = typeof value === 'number' ? ' (write numbers in quotes, e.g. "0310000001")' : '';
    this.problem(path, `expected a quoted string, got ${describe(value)}${hint}`);
    return '';
  }

  private optionalText(value: unknown, path: string): string | null {
    if (value === undefined || value === null || value === '') return null;
    return this.text(value, path);
  }

  private texts(value: unknown, path: string): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.problem(path, `expected a list, got ${describe(value)}`);
      return [];
    }
    return value.map((item, index) => this.text(item, `${path}[${index}]`));
  }

  private flag(value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    this.problem(path, `expected true or false, got ${describe(value)}`);
    return fallback;
  }

  private integer(value: unknown, path: string, fallback: number): number {
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    this.problem(path, `expected a whole number, got ${describe(value)}`);
    return fallback;
  }

  private numberFormat(value: unknown, path: string): NumberFormat {
    if (typeof value === 'string' && (NUMBER_FORMATS as readonly string[]).includes(value)) return value as NumberFormat;
    this.problem(path, `expected one of ${NUMBER_FORMATS.join(', ')}, got ${describe(value)}`);
    return 'e164';
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}
