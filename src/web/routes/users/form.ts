import { MIN_PASSWORD_LENGTH } from '../../../auth/password.js';
import { isRole, ROLES, type Role } from '../../../domain/users/roles.js';
import { FieldErrors, type FormErrors } from '../../form-errors.js';
import type { NewUserBody, UserRoleBody } from '../../schemas/users.js';

export const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

export interface UserFormValues {
  readonly username: string;
  readonly role: string;
  readonly agentExtension: string;
}

export interface UserFormView {
  readonly title: string;
  readonly action: string;
  /** Creating (username and password asked) or editing (role and agent only). */
  readonly creating: boolean;
  readonly inline: boolean;
  readonly values: UserFormValues;
  readonly errors: FormErrors;
  readonly agents: readonly { value: string; label: string }[];
}

export const EMPTY_USER: UserFormValues = { username: '', role: 'manager', agentExtension: '' };

export const ROLE_CHOICES = ROLES.map((role) => ({
  value: role,
  label: role === 'admin' ? 'admin: everything' : role === 'manager' ? 'manager: routing data and reports' : 'agent: own profile and calls',
}));

export interface ReadRole {
  readonly role: Role | null;
  readonly agentExtension: string | null;
}

/** Role and linked agent: an `agent` account needs one, other roles have none. */
export function readRole(body: UserRoleBody, errors: FieldErrors): ReadRole {
  const role = (body.role ?? '').trim();
  const extension = (body.agentExtension ?? '').trim();
  if (!isRole(role)) {
    errors.add('role', `must be one of ${ROLES.join(', ')}`);
    return { role: null, agentExtension: null };
  }
  if (role === 'agent' && extension === '') errors.add('agentExtension', 'is required for an agent account');
  return { role, agentExtension: role === 'agent' && extension !== '' ? extension : null };
}

export function readNewUser(body: NewUserBody): { values: UserFormValues; role: ReadRole; password: string; errors: FieldErrors } {
  const errors = new FieldErrors();
  const username = (body.username ?? '').trim();
  if (username === '') errors.add('username', 'is required');
  else if (!USERNAME.test(username)) errors.add('username', 'may use letters, digits and . _ @ - (at most 64)');
  const role = readRole(body, errors);
  const password = body.password ?? '';
  const passwordError = checkPassword(password);
  if (passwordError !== null) errors.add('password', passwordError);
  return { values: { username, role: (body.role ?? '').trim(), agentExtension: (body.agentExtension ?? '').trim() }, role, password, errors };
}

/** Empty is fine (one is generated); otherwise long enough. */
export function checkPassword(password: string): string | null {
  if (password === '') return null;
  return password.length < MIN_PASSWORD_LENGTH ? `must have at least ${MIN_PASSWORD_LENGTH} characters (or leave it empty to generate one)` : null;
}
