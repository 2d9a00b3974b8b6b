import { Type, type Static } from 'typebox';

/** The report's range of days, read loosely (the page says what is wrong). */
export const ReportsQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 32 })),
  to: Type.Optional(Type.String({ maxLength: 32 })),
  /** Service-level threshold in seconds. */
  within: Type.Optional(Type.String({ maxLength: 8 })),
});
export type ReportsQuery = Static<typeof ReportsQuery>;
