import { Type, type Static } from 'typebox';
import { Checkbox, CsrfField, TextField } from './common.js';

export const ScheduleBody = Type.Object({
  _csrf: CsrfField,
  name: TextField(1000),
  timeZone: TextField(200),
  /** Each day's open hours: `08:00-17:00`, several separated by commas; empty: closed. */
  mon: TextField(1000),
  tue: TextField(1000),
  wed: TextField(1000),
  thu: TextField(1000),
  fri: TextField(1000),
  sat: TextField(1000),
  sun: TextField(1000),
  /** One dated day a line: `2026-12-25 closed Christmas Day` or `2026-12-24 08:00-12:00 Christmas Eve`. */
  exceptions: TextField(20_000),
});

export type ScheduleBody = Static<typeof ScheduleBody>;

export const InboundRouteBody = Type.Object({
  _csrf: CsrfField,
  name: TextField(1000),
  did: TextField(200),
  caller: TextField(200),
  schedule: TextField(200),
  destination: TextField(1000),
  closed: TextField(1000),
  enabled: Checkbox,
});

export type InboundRouteBody = Static<typeof InboundRouteBody>;

export const MenuBody = Type.Object({
  _csrf: CsrfField,
  name: TextField(1000),
  language: TextField(100),
  greeting: TextField(2000),
  prompts: TextField(2000),
  digitTimeoutMs: TextField(100),
  interDigitTimeoutMs: TextField(100),
  maxRetries: TextField(100),
  invalidPrompt: TextField(1000),
  timeoutPrompt: TextField(1000),
  invalid: TextField(1000),
  timeout: TextField(1000),
  key1: TextField(1000),
  key2: TextField(1000),
  key3: TextField(1000),
  key4: TextField(1000),
  key5: TextField(1000),
  key6: TextField(1000),
  key7: TextField(1000),
  key8: TextField(1000),
  key9: TextField(1000),
  key0: TextField(1000),
  keyStar: TextField(1000),
  keyHash: TextField(1000),
  directDial: Checkbox,
  bargeIn: Checkbox,
});

export type MenuBody = Static<typeof MenuBody>;

export const InboundSimulatorQuery = Type.Object({
  did: Type.Optional(Type.String({ maxLength: 64 })),
  caller: Type.Optional(Type.String({ maxLength: 64 })),
  at: Type.Optional(Type.String({ maxLength: 40 })),
  keys: Type.Optional(Type.String({ maxLength: 64 })),
});
