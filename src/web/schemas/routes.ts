import { Type, type Static } from 'typebox';
import { Checkbox, CsrfField, TextField } from './common.js';

export const RouteBody = Type.Object({
  _csrf: CsrfField,
  name: TextField(1000),
  priority: TextField(100),
  /** One pattern a line. */
  patterns: TextField(10_000),
  strip: TextField(100),
  prepend: TextField(200),
  /** Empty: the agent's default DID. */
  callerIdDid: TextField(64),
  // The trunk list in failover order (hidden fields); a single one arrives as a string,
  // which Fastify's coercion makes a one-item array.
  trunks: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })),
  /** The trunk picked in "Add trunk". */
  addTrunk: TextField(200),
  /** A button that edits the trunk list instead of saving: `add`, `up:2`, `down:2`, `remove:2` (1-based). */
  move: TextField(32),
  enabled: Checkbox,
});

export type RouteBody = Static<typeof RouteBody>;
