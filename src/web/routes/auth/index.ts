import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { newToken, SessionsUnavailableError } from '../../../auth/session-store.js';
import { tokensMatch } from '../../plugins/access-control.js';
import { EVERY_ROLE } from '../../access.js';
import { homeFor } from '../../navigation.js';
import type { WebServices } from '../../services.js';
import { authenticate } from './authenticate.js';

// Login has no session to hold a CSRF token yet: a double-submit cookie guards the form.
const LOGIN_COOKIE = 'mayday_login';

const LoginQuery = Type.Object({
  next: Type.Optional(Type.String({ maxLength: 2000 })),
  /** Set by the redirect after Sign out, so the page can say so. */
  signed_out: Type.Optional(Type.String({ maxLength: 1 })),
});
const LoginBody = Type.Object({
  username: Type.String({ maxLength: 200 }),
  password: Type.String({ maxLength: 1000 }),
  _csrf: Type.String({ maxLength: 100 }),
  next: Type.Optional(Type.String({ maxLength: 2000 })),
});

interface LoginView {
  readonly status: number;
  readonly error: string | null;
  readonly notice?: string;
  readonly username: string;
  readonly next: string;
}

const authRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, services) => {
  const cookieOptions = { path: '/login', httpOnly: true, sameSite: 'strict', secure: services.cookieSecure } as const;

  async function showLogin(reply: FastifyReply, view: LoginView): Promise<FastifyReply> {
    const existing = reply.request.cookies[LOGIN_COOKIE];
    const loginToken = existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing) ? existing : newToken();
    reply.setCookie(LOGIN_COOKIE, loginToken, cookieOptions).code(view.status).header('cache-control', 'no-store');
    return reply.page('pages/login', { ...view, loginToken, title: 'Sign in' });
  }

  app.get('/login', { config: { access: 'public' }, schema: { querystring: LoginQuery } }, async (request, reply) => {
    const next = safeNext(request.query.next);
    if (request.account !== null) return reply.redirect(next ?? homeFor(request.account), 302);
    const notice = request.query.signed_out === undefined ? undefined : 'You are signed out. Sign in again to go on.';
    return showLogin(reply, { status: 200, error: null, username: '', next: next ?? '', ...(notice && { notice }) });
  });

  app.post('/login', { config: { access: 'public' }, schema: { body: LoginBody } }, async (request, reply) => {
    const { username, password, next } = request.body;
    const view = { username, next: safeNext(next) ?? '' };
    if (!tokensMatch(request.body._csrf, request.cookies[LOGIN_COOKIE] ?? '')) {
      return showLogin(reply, { ...view, status: 403, error: 'The sign-in form expired. Please try again.' });
    }
    try {
      const result = await authenticate(services, username.trim(), password, request.ip);
      if (result.kind === 'throttled') {
        return showLogin(reply, { ...view, status: 429, error: 'Too many failed attempts. Wait 15 minutes and try again.' });
      }
      if (result.kind === 'refused') return showLogin(reply, { ...view, status: 401, error: 'Wrong username or password.' });
      await reply.startSession(result.account);
      reply.clearCookie(LOGIN_COOKIE, cookieOptions);
      return reply.redirect(view.next || homeFor(result.account), 303);
    } catch (error) {
      if (!(error instanceof SessionsUnavailableError)) throw error;
      request.log.error({ err: error.cause }, 'login impossible: Redis unavailable');
      return showLogin(reply, {
        ...view,
        status: 503,
        error: 'Sessions are unavailable: the dashboard cannot reach Redis. Sign-in will work again once it is back.',
      });
    }
  });

  app.post('/logout', { config: { access: EVERY_ROLE } }, async (_request, reply) => {
    await reply.endSession();
    return reply.redirect('/login?signed_out=1', 303);
  });
};

export default authRoutes;

/** Only a path on this site: never an absolute or protocol-relative URL (open redirect). */
function safeNext(next: string | undefined): string | null {
  if (next === undefined || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next.startsWith('/login') || next.startsWith('/logout')) return null;
  return next;
}
