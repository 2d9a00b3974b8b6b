import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { generatePassword, hashPassword } from '../../../auth/password.js';
import type { DashboardAccount } from '../../../data/repositories/dashboard-users.js';
import { accountOf, ADMINS } from '../../access.js';
import { HttpError, notFound } from '../../errors.js';
import { FieldErrors, hasErrors, NO_ERRORS, type FormErrors } from '../../form-errors.js';
import { isHtmx } from '../../htmx.js';
import { IdParams } from '../../schemas/common.js';
import { CsrfOnlyBody, NewUserBody, PasswordBody, UserRoleBody } from '../../schemas/users.js';
import type { WebServices } from '../../services.js';
import { checkPassword, EMPTY_USER, readNewUser, readRole, ROLE_CHOICES, type UserFormValues, type UserFormView } from './form.js';

/**
 * Dashboard accounts, admins only. An admin cannot demote or disable their own account,
 * so there is always an enabled admin. Role and status are read on every request, so a
 * change applies to the user's open sessions at once.
 */
const userRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { users }) => {
  const access = { access: ADMINS };

  async function agentChoices() {
    return (await users.agentChoices()).map((agent) => ({ value: agent.extension, label: `${agent.extension} · ${agent.name}` }));
  }

  async function showForm(reply: FastifyReply, view: Omit<UserFormView, 'inline' | 'errors' | 'agents'> & { errors?: FormErrors }) {
    return reply.pageOrFragment('pages/users/edit', 'partials/users/form', {
      title: view.title,
      form: { errors: NO_ERRORS, ...view, inline: isHtmx(reply.request), agents: await agentChoices(), roles: ROLE_CHOICES },
    });
  }

  /** A password shown this once: never stored, never cached, never put in a flash. */
  function showPassword(reply: FastifyReply, username: string, password: string, message: string) {
    reply.header('cache-control', 'no-store');
    if (isHtmx(reply.request)) reply.header('HX-Trigger', 'users-changed');
    return reply.pageOrFragment('pages/users/password', 'partials/users/password', { title: `Password of ${username}`, username, password, message });
  }

  async function findUser(id: number): Promise<DashboardAccount> {
    const user = await users.findById(id);
    if (user === null) throw notFound('This user');
    return user;
  }

  async function checkAgent(extension: string | null, errors: FieldErrors): Promise<void> {
    if (extension !== null && !(await users.agentExists(extension))) errors.add('agentExtension', `must be an existing agent (none has extension ${extension})`);
  }

  app.get('/users', { config: access }, async (request, reply) => {
    const list = await users.list();
    return reply.pageOrFragment('pages/users/index', 'partials/users/table', { title: 'Users', list, self: accountOf(request).id });
  });

  app.get('/users/new', { config: access }, async (_request, reply) =>
    showForm(reply, { title: 'New user', action: '/users', creating: true, values: EMPTY_USER }),
  );

  app.post('/users', { config: access, schema: { body: NewUserBody } }, async (request, reply) => {
    const form = { title: 'New user', action: '/users', creating: true };
    const input = readNewUser(request.body);
    await checkAgent(input.role.agentExtension, input.errors);
    const errors = input.errors.result();
    if (hasErrors(errors) || input.role.role === null) return showForm(reply.code(422), { ...form, values: input.values, errors });
    const generated = input.password === '';
    const password = generated ? generatePassword() : input.password;
    const created = await users.create({
      username: input.values.username,
      role: input.role.role,
      agentExtension: input.role.agentExtension,
      passwordHash: await hashPassword(password),
    });
    if (!created) {
      return showForm(reply.code(422), { ...form, values: input.values, errors: { fields: { username: ['is taken'] }, form: [] } });
    }
    request.log.info({ username: input.values.username, role: input.role.role, by: accountOf(request).username }, 'dashboard user created');
    if (!generated) {
      return reply.changed({ flash: { kind: 'success', message: `User ${input.values.username} created.` }, redirectTo: '/users', trigger: 'users-changed' });
    }
    return showPassword(reply, input.values.username, password, `User ${input.values.username} created with this generated password.`);
  });

  app.get('/users/:id/edit', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const user = await findUser(request.params.id);
    const values: UserFormValues = { username: user.username, role: user.role, agentExtension: user.agentExtension ?? '' };
    return showForm(reply, { title: `Edit ${user.username}`, action: `/users/${user.id}`, creating: false, values });
  });

  app.post('/users/:id', { config: access, schema: { params: IdParams, body: UserRoleBody } }, async (request, reply) => {
    const user = await findUser(request.params.id);
    const errors = new FieldErrors();
    const role = readRole(request.body, errors);
    await checkAgent(role.agentExtension, errors);
    if (user.id === accountOf(request).id && role.role !== null && role.role !== user.role) errors.add('role', 'of your own account cannot be changed (another admin can)');
    const values: UserFormValues = { username: user.username, role: (request.body.role ?? '').trim(), agentExtension: (request.body.agentExtension ?? '').trim() };
    const form = { title: `Edit ${user.username}`, action: `/users/${user.id}`, creating: false, values };
    if (hasErrors(errors.result()) || role.role === null) return showForm(reply.code(422), { ...form, errors: errors.result() });
    if (!(await users.setRole(user.id, role.role, role.agentExtension))) throw notFound('This user');
    request.log.info({ username: user.username, role: role.role, by: accountOf(request).username }, 'dashboard user role changed');
    const linked = role.agentExtension === null ? '' : ` for agent ${role.agentExtension}`;
    return reply.changed({ flash: { kind: 'success', message: `${user.username} is now ${role.role}${linked}.` }, redirectTo: '/users', trigger: 'users-changed' });
  });

  for (const [action, enabled] of [['disable', false], ['enable', true]] as const) {
    app.post(`/users/:id/${action}`, { config: access, schema: { params: IdParams, body: CsrfOnlyBody } }, async (request, reply) => {
      const user = await findUser(request.params.id);
      if (!enabled && user.id === accountOf(request).id) throw new HttpError(409, 'You cannot disable your own account.');
      if (!(await users.setEnabled(user.id, enabled))) throw notFound('This user');
      request.log.info({ username: user.username, enabled, by: accountOf(request).username }, 'dashboard user status changed');
      return reply.changed({
        flash: { kind: 'success', message: enabled ? `${user.username} can sign in again.` : `${user.username} is disabled and signed out.` },
        redirectTo: '/users',
        trigger: 'users-changed',
      });
    });
  }

  app.get('/users/:id/password', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const user = await findUser(request.params.id);
    return reply.pageOrFragment('pages/users/reset', 'partials/users/reset', { title: `Reset password of ${user.username}`, user, errors: NO_ERRORS, inline: isHtmx(request) });
  });

  app.post('/users/:id/password', { config: access, schema: { params: IdParams, body: PasswordBody } }, async (request, reply) => {
    const user = await findUser(request.params.id);
    const given = request.body.password ?? '';
    const problem = checkPassword(given);
    if (problem !== null) {
      return reply.code(422).pageOrFragment('pages/users/reset', 'partials/users/reset', {
        title: `Reset password of ${user.username}`,
        user,
        errors: { fields: { password: [problem] }, form: [] },
        inline: isHtmx(request),
      });
    }
    const password = given === '' ? generatePassword() : given;
    if (!(await users.setPasswordById(user.id, await hashPassword(password)))) throw notFound('This user');
    const ended = await app.endSessionsOf(user.id, request);
    request.log.info({ username: user.username, by: accountOf(request).username, endedSessions: ended }, 'dashboard user password reset');
    if (given !== '') {
      return reply.changed({
        flash: { kind: 'success', message: `Password of ${user.username} changed; their other sessions are signed out. Give them the new password.` },
        redirectTo: '/users',
        trigger: 'users-changed',
      });
    }
    return showPassword(reply, user.username, password, `New password of ${user.username}.`);
  });
};

export default userRoutes;
