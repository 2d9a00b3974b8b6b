import { parseDocument, stringify } from 'yaml';
import type { ConfigIssue } from '../domain/config/validate.js';
import { DEFAULT_ROUTE_PRIORITY, DEFAULT_SETTINGS } from '../domain/config/defaults.js';
import { NUMBER_FORMATS, type ConfigData, type NumberFormat } from '../domain/config/types.js';

// The YAML (or JSON) configuration file of `mayday config import/export` and the dashboard's
// upload/download. Keys follow the file format; optional keys take the defaults below, and
// export leaves out what equals a default, so export → import is a fixed point.

export type ParsedDocument = { ok: true; data: ConfigData } | { ok: false; issues: ConfigIssue[] };

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
  };
  return stringify(document, { lineWidth: 0 });
}

type Json = Record<string, unknown>;

/** Reads the untyped document into ConfigData, collecting every shape problem with its path. */
class ShapeReader {
  readonly issues: ConfigIssue[] = [];

  config(root: unknown): ConfigData {
    const top = this.object(root, '(file)') ?? {};
    this.noUnknownKeys(top, '', ['settings', 'trunks', 'dids', 'agents', 'prefixes', 'outboundRoutes']);
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
    };
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
