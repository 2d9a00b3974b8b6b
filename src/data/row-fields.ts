import { DEFAULT_SETTINGS } from '../domain/config/defaults.js';
import type { OutboundRoute, Settings, Trunk } from '../domain/config/types.js';

// Domain values to the columns that hold them and back, shared by the declarative import
// (config-writer.ts), the snapshot loader and the dashboard's repositories, so all of them
// read and write a row the same way.

/** The settings row as domain settings; no row yet reads as the defaults. */
export function settingsFromRow(row: (Omit<Settings, 'emergencyNumbers'> & { emergencyNumbers: unknown }) | null): Settings {
  if (row === null) return DEFAULT_SETTINGS;
  return {
    countryCode: row.countryCode,
    nationalPrefix: row.nationalPrefix,
    internationalPrefix: row.internationalPrefix,
    defaultDid: row.defaultDid,
    emergencyNumbers: stringArray(row.emergencyNumbers),
  };
}

/** A JSON column holding a list of strings; anything else in it is left out. */
export function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function settingsFields(settings: Settings) {
  return {
    countryCode: settings.countryCode,
    nationalPrefix: settings.nationalPrefix,
    internationalPrefix: settings.internationalPrefix,
    defaultDid: settings.defaultDid,
    emergencyNumbers: [...settings.emergencyNumbers],
  };
}

export function trunkFields(trunk: Trunk) {
  return { dialTemplate: trunk.dial, numberFormat: trunk.numberFormat, enabled: trunk.enabled };
}

/** The route's own columns; its trunks are rows of outbound_route_trunks. */
export function routeFields(route: OutboundRoute) {
  return {
    priority: route.priority,
    patterns: [...route.patterns],
    strip: route.strip,
    prepend: route.prepend,
    callerIdDid: route.callerIdDid,
    enabled: route.enabled,
  };
}
