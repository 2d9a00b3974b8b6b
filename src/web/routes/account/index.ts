import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../../../auth/password.js';
import { accountOf, EVERY_ROLE } from '../../access.js';
import { FieldErrors, hasErrors, NO_ERRORS, type FormErrors } from '../../form-errors.js';
import type { WebServices } from '../../services.js';

const OwnPasswordBody = Type.Object({
  _csrf: Type.String({ maxLength: 100 }),
  current: Type.String({ maxLength: 1000 }),
  password: Type.String({ maxLength: 1000 }),
  repeat: Type.String({ maxLength: 1000 }),
});

/**
 * A signed-in user changes their own password: the current one is asked for (and wrong
 * guesses count toward the sign-in limit), and every other session of theirs ends.
 */
const accountRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { users, loginThrottle }) => {
  const showForm = (reply: FastifyReply, errors: FormErrors = NO_ERRORS) => reply.page('pages/account/password', { title: 'Change my password', errors });

  app.get('/account/password', { config: { access: EVERY_ROLE } }, async (_request, reply) => showForm(reply));

  app.post('/account/password', { config: { access: EVERY_ROLE }, schema: { body: OwnPasswordBody } }, async (request, reply) => {
    const { username, id } = accountOf(request);
    const { current, password, repeat } = request.body;
    const errors = new FieldErrors();
    if (await loginThrottle.isBlocked(username, request.ip)) {
      return showForm(reply.code(429), { fields: {}, form: ['Too many wrong passwords. Wait 15 minutes and try again.'] });
    }
    const user = await users.findForLogin(username);
    if (user === null || !(await verifyPassword(current, user.passwordHash))) {
      await loginThrottle.recordFailure(username, request.ip);
      errors.add('current', 'is not right: type the password you signed in with');
    }
    if (password.length < MIN_PASSWORD_LENGTH) errors.add('password', `needs at least ${MIN_PASSWORD_LENGTH} characters`);
    else if (password !== repeat) errors.add('repeat', 'is not the same as the new password: type it again');
    if (hasErrors(errors.result())) return showForm(reply.code(422), errors.result());
    await users.setPasswordById(id, await hashPassword(password));
    const ended = await app.endSessionsOf(id, request);
    request.log.info({ username, endedSessions: ended }, 'dashboard user changed their own password');
    const others = ended === 0 ? '' : ` Your ${ended === 1 ? 'other session is' : `${ended} other sessions are`} signed out.`;
    await reply.keepFlash({ kind: 'success', message: `Your password is changed: use it the next time you sign in.${others}` });
    return reply.redirect('/account/password', 303);
  });
};

export default accountRoutes;
