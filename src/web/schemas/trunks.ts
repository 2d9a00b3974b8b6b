import { Type, type Static } from 'typebox';
import { Checkbox, CsrfField, TextField } from './common.js';

export const TrunkBody = Type.Object({
  _csrf: CsrfField,
  name: TextField(1000),
  dial: TextField(1000),
  numberFormat: TextField(32),
  enabled: Checkbox,
});
export type TrunkBody = Static<typeof TrunkBody>;
