import type { Settings } from './types.js';

// What a configuration holds where nothing was said: an empty settings row, a YAML
// document that leaves a key out, a new route on the dashboard. One place, so the
// database, the import and the forms cannot disagree.

export const DEFAULT_SETTINGS: Settings = {
  countryCode: '',
  nationalPrefix: '0',
  internationalPrefix: '00',
  defaultDid: null,
  emergencyNumbers: [],
};

export const DEFAULT_ROUTE_PRIORITY = 100;
