import { Type, type Static } from 'typebox';
import { Checkbox, CsrfField, TextField } from './common.js';

export const AgentBody = Type.Object({
  _csrf: CsrfField,
  /** Only read when an agent is created; an agent's extension stays. */
  extension: TextField(200),
  name: TextField(1000),
  defaultDid: TextField(64),
  // A single ticked box arrives as a string; Fastify's coercion makes it a one-item array.
  allowedPrefixes: Type.Optional(Type.Array(Type.String({ maxLength: 16 }), { maxItems: 1000 })),
  enabled: Checkbox,
});
export type AgentBody = Static<typeof AgentBody>;

export const ProfileBody = Type.Object({ _csrf: CsrfField, defaultDid: TextField(64) });
export type ProfileBody = Static<typeof ProfileBody>;
