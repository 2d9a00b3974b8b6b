import { Type, type Static } from 'typebox';
import { CsrfField, TextField } from './common.js';

export const NewUserBody = Type.Object({
  _csrf: CsrfField,
  username: TextField(200),
  role: TextField(32),
  agentExtension: TextField(64),
  password: TextField(1000),
});
export type NewUserBody = Static<typeof NewUserBody>;

export const UserRoleBody = Type.Object({
  _csrf: CsrfField,
  role: TextField(32),
  agentExtension: TextField(64),
});
export type UserRoleBody = Static<typeof UserRoleBody>;

export const PasswordBody = Type.Object({ _csrf: CsrfField, password: TextField(1000) });
export type PasswordBody = Static<typeof PasswordBody>;

export const CsrfOnlyBody = Type.Object({ _csrf: CsrfField });
