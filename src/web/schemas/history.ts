import { Type, type Static } from 'typebox';
import { CsrfField } from './common.js';

/** A version number in the URL. */
export const VersionParams = Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/** The history list's filters and keyset cursor, read loosely (the page says what is wrong). */
export const HistoryQuery = Type.Object({
  author: Type.Optional(Type.String({ maxLength: 64 })),
  kind: Type.Optional(Type.String({ maxLength: 16 })),
  name: Type.Optional(Type.String({ maxLength: 64 })),
  after: Type.Optional(Type.String({ maxLength: 12 })),
  before: Type.Optional(Type.String({ maxLength: 12 })),
});
export type HistoryQuery = Static<typeof HistoryQuery>;

/** The version a detail view compares against (default: the one before). */
export const CompareQuery = Type.Object({ against: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })) });

/** One entity to restore (`kind=did&name=0310000045`); none: the whole configuration. */
export const RollbackQuery = Type.Object({
  kind: Type.Optional(Type.String({ maxLength: 16 })),
  name: Type.Optional(Type.String({ maxLength: 64 })),
});

export const RollbackBody = Type.Object({
  _csrf: CsrfField,
  kind: Type.Optional(Type.String({ maxLength: 16 })),
  name: Type.Optional(Type.String({ maxLength: 64 })),
  /** The live version the confirm page showed its preview for. */
  _version: Type.Optional(Type.String({ maxLength: 12 })),
});
