import { Type, type Static } from 'typebox';
import { CsrfField } from './common.js';

export const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;

export const ImportBody = Type.Object({ _csrf: CsrfField, document: Type.Optional(Type.String({ maxLength: MAX_DOCUMENT_BYTES })) });
export type ImportBody = Static<typeof ImportBody>;
