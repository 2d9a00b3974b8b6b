import { Type, type Static } from 'typebox';

/** The simulator's form, sent with GET so a result has a URL. */
export const SimulatorQuery = Type.Object({
  agent: Type.Optional(Type.String({ maxLength: 32 })),
  number: Type.Optional(Type.String({ maxLength: 64 })),
  at: Type.Optional(Type.String({ maxLength: 32 })),
});
export type SimulatorQuery = Static<typeof SimulatorQuery>;
