import { Type, type Static } from 'typebox';

/** Call-history filters and the keyset cursor, all optional and read loosely (the page says what is wrong). */
export const CallsQuery = Type.Object({
  agent: Type.Optional(Type.String({ maxLength: 32 })),
  did: Type.Optional(Type.String({ maxLength: 32 })),
  result: Type.Optional(Type.String({ maxLength: 16 })),
  from: Type.Optional(Type.String({ maxLength: 32 })),
  to: Type.Optional(Type.String({ maxLength: 32 })),
  /** The id of the last row already shown: the page of older rows. */
  before: Type.Optional(Type.String({ maxLength: 20 })),
});
export type CallsQuery = Static<typeof CallsQuery>;

/** Call-history (call records) filters and the keyset cursor, read loosely like CallsQuery. */
export const CallRecordsQuery = Type.Object({
  agent: Type.Optional(Type.String({ maxLength: 32 })),
  queue: Type.Optional(Type.String({ maxLength: 64 })),
  outcome: Type.Optional(Type.String({ maxLength: 16 })),
  from: Type.Optional(Type.String({ maxLength: 32 })),
  to: Type.Optional(Type.String({ maxLength: 32 })),
  before: Type.Optional(Type.String({ maxLength: 20 })),
});
export type CallRecordsQuery = Static<typeof CallRecordsQuery>;
