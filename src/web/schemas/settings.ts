import { Type, type Static } from 'typebox';
import { CsrfField, TextField } from './common.js';

export const SettingsBody = Type.Object({
  _csrf: CsrfField,
  countryCode: TextField(100),
  nationalPrefix: TextField(100),
  internationalPrefix: TextField(100),
  defaultDid: TextField(64),
  emergencyNumbers: TextField(10_000),
});
export type SettingsBody = Static<typeof SettingsBody>;
