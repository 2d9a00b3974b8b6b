import type { OutboundRoute, Settings, Trunk } from '../domain/config/types.js';

// Domain values to the columns that hold them, shared by the declarative import
// (config-writer.ts) and the dashboard's repositories, so both write a row the same way.

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
