import { Type, type Static } from 'typebox';
import { Checkbox, CsrfField, TextField } from './common.js';

export const PrefixBody = Type.Object({
  _csrf: CsrfField,
  prefix: TextField(100),
  did: TextField(64),
  // A single ticked box arrives as a string; Fastify's coercion makes it a one-item array.
  agents: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 10_000 })),
  enabled: Checkbox,
});
export type PrefixBody = Static<typeof PrefixBody>;
