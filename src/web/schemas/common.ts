import { Type } from 'typebox';

/** A numeric id in the URL. */
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/** Search and keyset paging shared by list pages. */
export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  after: Type.Optional(Type.String({ maxLength: 64 })),
  before: Type.Optional(Type.String({ maxLength: 64 })),
});

/** A checkbox: present (any value) when ticked, absent when not. */
export const Checkbox = Type.Optional(Type.String({ maxLength: 10 }));

/** A text field; missing is read as empty so the form can say what is wrong. */
export const TextField = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

export const CsrfField = Type.Optional(Type.String({ maxLength: 100 }));

export const PAGE_SIZE = 50;
