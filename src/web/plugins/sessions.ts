import fastifyCookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { SessionStore, type Flash, type Session } from '../../auth/session-store.js';
import type { DashboardAccount, DashboardUserRepository } from '../../data/repositories/dashboard-users.js';

export const SESSION_COOKIE = 'mayday_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session, loaded before any handler runs; null when signed out. */
    session: Session | null;
    /** The session's user as the database has it now. */
    account: DashboardAccount | null;
    /**
     * The session could not be read (Redis or MariaDB unreachable) on a route that declared
     * `config.showsOutages`: it answers without an account instead of an error page.
     */
    outage: boolean;
    /** The session's flash message, removed from the session: the caller is about to show it. */
    takeFlash(): Promise<Flash | null>;
  }
  interface FastifyContextConfig {
    /**
     * The health page: when the session store or the user table cannot be reached, a request
     * that carries a session cookie is still answered (marked `request.outage`, no account),
     * so the outage shows on the page. It shows no more than the public /healthz probe.
     */
    showsOutages?: boolean;
  }
  interface FastifyInstance {
    /**
     * Ends every session of a dashboard user (after a password change or reset), except
     * the request's own when `keep` is given. Returns how many were ended.
     */
    endSessionsOf(userId: number, keep?: FastifyRequest): Promise<number>;
    /** Whether a session still exists (not signed out, not expired), without renewing it. */
    sessionExists(id: string): Promise<boolean>;
  }
  interface FastifyReply {
    /** Signs `account` in with a new session id (any previous session is ended). */
    startSession(account: DashboardAccount): Promise<Session>;
    endSession(): Promise<void>;
    /** Keeps a flash message for the next page this session renders. */
    keepFlash(flash: Flash): Promise<void>;
  }
}

export interface SessionsOptions {
  readonly store: SessionStore;
  readonly users: DashboardUserRepository;
  readonly cookieSecure: boolean;
}

export default fp<SessionsOptions>(
  async (app, { store, users, cookieSecure }) => {
    await app.register(fastifyCookie);
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax', secure: cookieSecure } as const;

    app.decorateRequest('session', null);
    app.decorateRequest('account', null);
    app.decorateRequest('outage', false);

    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config.access === 'static') return;
      const id = request.cookies[SESSION_COOKIE];
      if (id === undefined || id === '') return;
      let session: Session | null;
      let account: DashboardAccount | null;
      try {
        session = await store.touch(id);
        account = session === null ? null : await users.findById(session.userId);
      } catch (error) {
        if (request.routeOptions.config.showsOutages !== true) throw error;
        request.outage = true;
        return;
      }
      if (session === null || account === null || !account.enabled) {
        if (session !== null) await store.destroy(session);
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return;
      }
      request.session = session;
      request.account = account;
    });

    app.decorate('sessionExists', (id: string) => store.exists(id));

    app.decorate('endSessionsOf', (userId: number, keep?: FastifyRequest) => store.destroyAllOf(userId, keep?.session?.id ?? null));

    app.decorateRequest('takeFlash', async function (this: FastifyRequest) {
      const { session } = this;
      if (session?.flash == null) return null;
      const updated = { ...session, flash: null };
      await store.save(updated);
      this.session = updated;
      return session.flash;
    });

    app.decorateReply('startSession', async function (this: FastifyReply, account: DashboardAccount) {
      const previous = this.request.session;
      if (previous !== null) await store.destroy(previous);
      const session = await store.create(account.id);
      this.request.session = session;
      this.request.account = account;
      this.setCookie(SESSION_COOKIE, session.id, cookieOptions);
      return session;
    });

    app.decorateReply('endSession', async function (this: FastifyReply) {
      const { session } = this.request;
      if (session !== null) await store.destroy(session);
      this.request.session = null;
      this.request.account = null;
      this.clearCookie(SESSION_COOKIE, cookieOptions);
    });

    app.decorateReply('keepFlash', async function (this: FastifyReply, flash: Flash) {
      const { session } = this.request;
      if (session === null) return;
      const updated = { ...session, flash };
      await store.save(updated);
      this.request.session = updated;
    });
  },
  { name: 'sessions' },
);
