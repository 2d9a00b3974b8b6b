import { Type, type Static } from 'typebox';
import { Checkbox, CsrfField, TextField } from './common.js';

export const DidBody = Type.Object({
  _csrf: CsrfField,
  number: TextField(200),
  label: TextField(1000),
  callerIdName: TextField(1000),
  allowInbound: Checkbox,
  allowOutbound: Checkbox,
});

export type DidBody = Static<typeof DidBody>;
