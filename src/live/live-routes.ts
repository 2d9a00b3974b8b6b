import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { boardOf } from '../domain/live/board.js';
import { PAUSE_REASONS, SUPERVISOR_ROLES, type LiveAction, type PauseReason } from '../domain/live/actions.js';
import type { DashboardAccount } from '../data/repositories/dashboard-users.js';
import { accountOf, EVERY_ROLE } from '../web/access.js';
import { HttpError } from '../web/errors.js';
import { BoardHub } from './board-hub.js';
import { AGENTS_EMPTY, bannerOf } from './board-view.js';
import type { LiveFeature } from './feature.js';

export interface LiveRoutesOptions {
  readonly live: Pick<LiveFeature, 'mirror' | 'act' | 'interfaceOf'>;
  /** How often an open socket checks that its session still exists (LIVE_SOCKET_SESSION_CHECK_MS). */
  readonly sessionCheckMs: number;
}

const PauseBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 100 })),
  interface: Type.String({ maxLength: 128 }),
  paused: Type.Union([Type.Literal('true'), Type.Literal('false')]),
  reason: Type.Optional(Type.String({ maxLength: 32 })),
});
const AddMemberBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 100 })),
  queue: Type.String({ maxLength: 64 }),
  extension: Type.String({ maxLength: 32 }),
  memberName: Type.Optional(Type.String({ maxLength: 80 })),
});
const RemoveMemberBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 100 })),
  queue: Type.String({ maxLength: 64 }),
  interface: Type.String({ maxLength: 128 }),
});
const HangupBody = Type.Object({
  _csrf: Type.Optional(Type.String({ maxLength: 100 })),
  channel: Type.String({ maxLength: 160 }),
});

/** The last message of a socket whose session ended: the page stops updating, and says so. */
export const SIGNED_OUT_BANNER =
  '<div id="live-banner" aria-live="polite"><div class="flash flash-error live-unavailable" role="alert"><p class="flash-message">Your session has ended: this page no longer updates. <a href="/login?next=%2Flive">Sign in again</a>.</p></div></div>';

/** An agent account's own phone; null for supervisors (they see the whole floor). */
const NO_PHONE = '(none)';

/**
 * The Live page: the floor as the mirror has it, server-rendered, then kept current over a
 * WebSocket (`/live/ws`) that pushes the parts that changed as out-of-band swaps for
 * htmx-ext-ws. Supervisors (admin, manager) see agents, queues and calls and act on them;
 * an agent sees and pauses only their own phone. The socket needs a session (checked by
 * the access hook on the upgrade request, like any route) and this dashboard's Origin.
 */
const liveRoutes: FastifyPluginAsyncTypebox<LiveRoutesOptions> = async (app, { live, sessionCheckMs }) => {
  const hub = new BoardHub(live.mirror, app.log);
  app.addHook('onClose', async () => hub.close());

  /** null for a supervisor; an agent's own interface (or one that matches nothing). */
  const onlyAgentOf = (account: DashboardAccount): string | undefined =>
    SUPERVISOR_ROLES.includes(account.role) ? undefined : account.agentExtension === null ? NO_PHONE : live.interfaceOf(account.agentExtension);

  app.get('/live', { config: { access: EVERY_ROLE } }, async (request, reply) => {
    const onlyAgent = onlyAgentOf(accountOf(request));
    const supervisor = onlyAgent === undefined;
    return reply.page('pages/live/index', {
      title: 'Live floor',
      scripts: ['/assets/htmx-ext-ws/ws.min.js', '/assets/live.js'],
      supervisor,
      board: boardOf(live.mirror.state, onlyAgent),
      banner: bannerOf(live.mirror),
      reasons: PAUSE_REASONS,
      agentsEmpty: supervisor ? AGENTS_EMPTY.supervisor : AGENTS_EMPTY.agent,
    });
  });

  app.get(
    '/live/ws',
    {
      websocket: true,
      config: { access: EVERY_ROLE },
      // Browsers send cookies with a cross-site WebSocket too: only this dashboard's pages may open one.
      onRequest: async (request) => {
        if (!sameOrigin(request)) throw new HttpError(403, 'This socket only serves the dashboard\'s own pages.');
      },
    },
    (socket, request) => {
      // Nothing is read from the browser; a message is ignored.
      socket.on('message', () => undefined);
      hub.add(socket, onlyAgentOf(accountOf(request)));
      // Signed out or expired: the socket closes with 1008, which htmx-ext-ws does not retry.
      // Redis unreachable: the socket stays (the banner already tells), checked again later.
      const sessionId = request.session!.id;
      const check = setInterval(() => {
        app.sessionExists(sessionId).then(
          (exists) => {
            if (exists) return;
            socket.send(SIGNED_OUT_BANNER);
            socket.close(1008, 'signed out');
          },
          () => undefined,
        );
      }, sessionCheckMs);
      socket.on('close', () => clearInterval(check));
    },
  );

  app.post('/live/pause', { config: { access: EVERY_ROLE }, schema: { body: PauseBody } }, async (request, reply) => {
    const { interface: agentInterface, paused, reason } = request.body;
    if (paused === 'true' && !(PAUSE_REASONS as readonly string[]).includes(reason ?? '')) {
      throw new HttpError(400, `The reason must be one of ${PAUSE_REASONS.join(', ')}.`);
    }
    const action: LiveAction =
      paused === 'true' ? { kind: 'pause', interface: agentInterface, paused: true, reason: reason as PauseReason } : { kind: 'pause', interface: agentInterface, paused: false };
    return act(request, reply, action);
  });

  app.post('/live/members', { config: { access: SUPERVISOR_ROLES }, schema: { body: AddMemberBody } }, async (request, reply) => {
    const { queue, extension, memberName } = request.body;
    if (!/^[0-9A-Za-z_-]{1,32}$/.test(extension)) throw new HttpError(400, 'The agent extension may hold letters, digits, _ and - only.');
    return act(request, reply, { kind: 'add-member', queue: queue.trim(), interface: live.interfaceOf(extension), memberName: (memberName ?? '').trim() });
  });

  app.post('/live/members/remove', { config: { access: SUPERVISOR_ROLES }, schema: { body: RemoveMemberBody } }, async (request, reply) =>
    act(request, reply, { kind: 'remove-member', queue: request.body.queue, interface: request.body.interface }),
  );

  app.post('/live/hangup', { config: { access: SUPERVISOR_ROLES }, schema: { body: HangupBody } }, async (request, reply) =>
    act(request, reply, { kind: 'hangup', channel: request.body.channel }),
  );

  /** Runs the action (permission, holder, audit); its outcome is the flash. */
  async function act(request: FastifyRequest, reply: FastifyReply, action: LiveAction): Promise<FastifyReply> {
    const { username, role, agentExtension } = accountOf(request);
    const outcome = await live.act({ username, role, agentExtension }, action);
    if (!outcome.permitted) throw new HttpError(403, outcome.message);
    return reply.changed({ flash: { kind: outcome.ok ? 'success' : 'error', message: outcome.message }, redirectTo: '/live' });
  }
};

/** The Origin header names the host the request came to (scheme aside: TLS may end at a proxy). */
function sameOrigin(request: FastifyRequest): boolean {
  const { origin, host } = request.headers;
  if (typeof origin !== 'string' || typeof host !== 'string') return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export default liveRoutes;
