import fastifyFormbody from '@fastify/formbody';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { LoginThrottle } from '../auth/login-throttle.js';
import { SessionStore } from '../auth/session-store.js';
import { exportConfigDocument, importConfigDocument } from '../data/config-import.js';
import { AgentRepository } from '../data/repositories/agents.js';
import { DashboardUserRepository } from '../data/repositories/dashboard-users.js';
import { DidRepository } from '../data/repositories/dids.js';
import { CallHistoryRepository } from '../data/repositories/calls.js';
import { CallReportQuery } from '../data/repositories/call-reports.js';
import { CallRecordHistory } from '../data/repositories/call-record-history.js';
import { PrefixRepository } from '../data/repositories/prefixes.js';
import { SettingsRepository } from '../data/repositories/settings.js';
import { TrunkRepository } from '../data/repositories/trunks.js';
import { RouteRepository } from '../data/repositories/routes.js';
import { HistoryRepository } from '../data/repositories/history.js';
import { inboundRepositories } from '../inbound/repositories.js';
import accessControl from './plugins/access-control.js';
import assets from './plugins/assets.js';
import changeContext from './plugins/change-context.js';
import errorPages from './plugins/error-pages.js';
import securityHeaders from './plugins/security-headers.js';
import sessions from './plugins/sessions.js';
import views from './plugins/views.js';
import accountRoutes from './routes/account/index.js';
import agentRoutes from './routes/agents/index.js';
import authRoutes from './routes/auth/index.js';
import configTransferRoutes from './routes/config-transfer/index.js';
import didRoutes from './routes/dids/index.js';
import callRoutes from './routes/calls/index.js';
import reportRoutes from './routes/reports/index.js';
import healthRoutes from './routes/health/index.js';
import historyRoutes from './routes/history/index.js';
import simulatorRoutes from './routes/simulator/index.js';
import userRoutes from './routes/users/index.js';
import healthzRoutes from './routes/healthz/index.js';
import homeRoutes from './routes/home/index.js';
import prefixRoutes from './routes/prefixes/index.js';
import profileRoutes from './routes/profile/index.js';
import settingsRoutes from './routes/settings/index.js';
import trunkRoutes from './routes/trunks/index.js';
import routeRoutes from './routes/routes/index.js';
import scheduleRoutes from './routes/schedules/index.js';
import inboundRouteRoutes from './routes/inbound-routes/index.js';
import inboundSimulatorRoutes from './routes/inbound-routes/simulator.js';
import menuRoutes from './routes/menus/index.js';
import conversationRoutes from '../sms/conversation-routes.js';
import webhookRoutes from '../sms/webhook-routes.js';
import liveRoutes from '../live/live-routes.js';
import type { WebDeps } from './deps.js';
import type { WebServices } from './services.js';

export interface WebAppOptions {
  /** Sees every route the dashboard registers (tests check each one's access rule). */
  readonly onRoute?: (route: RouteOptions) => void;
}

export async function buildWebApp(deps: WebDeps, options: WebAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.log.child({ component: 'http' }) as FastifyBaseLogger });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  await app.register(dashboard, deps);
  return app;
}

/**
 * The dashboard and the health probe: a composition of plugins, then one plugin per area
 * of routes. Registered unencapsulated, so its hooks and error pages cover every route.
 */
export const dashboard = fp<WebDeps>(
  async (app, deps) => {
    const changeDeps = { prisma: deps.prisma, bus: deps.bus, log: deps.log };
    const users = new DashboardUserRepository(deps.prisma);
    const services: WebServices = {
      users,
      loginThrottle: new LoginThrottle(deps.redis, deps.loginThrottle),
      cookieSecure: deps.config.cookieSecure,
      snapshots: deps.snapshots,
      dids: new DidRepository(changeDeps),
      agents: new AgentRepository(changeDeps),
      calls: new CallHistoryRepository(deps.prisma),
      callRecords: new CallRecordHistory(deps.prisma),
      reports: new CallReportQuery(deps.prisma),
      prefixes: new PrefixRepository(changeDeps),
      trunks: new TrunkRepository(changeDeps),
      settings: new SettingsRepository(changeDeps),
      routes: new RouteRepository(changeDeps),
      history: new HistoryRepository(changeDeps),
      ...inboundRepositories(changeDeps),
      configDocument: {
        export: () => exportConfigDocument(deps.prisma),
        import: (text) => importConfigDocument(changeDeps, text),
      },
    };

    await app.register(securityHeaders);
    await app.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
    await app.register(sessions, {
      store: new SessionStore(deps.redis, deps.config.sessionIdleMinutes * 60_000),
      users,
      cookieSecure: deps.config.cookieSecure,
    });
    await app.register(accessControl);
    await app.register(changeContext, { snapshots: deps.snapshots });
    await app.register(views);
    await app.register(errorPages);
    await app.register(assets);
    // The Live page's socket: nothing but small pushes, nothing large is read from a browser.
    await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });

    await app.register(webhookRoutes, { service: deps.sms.service, token: deps.sms.webhookToken, ratePerSecond: deps.config.smsWebhookRatePerSecond });
    await app.register(healthzRoutes, deps);
    await app.register(healthRoutes, deps);
    await app.register(homeRoutes);
    const areas = [
      authRoutes,
      accountRoutes,
      didRoutes,
      agentRoutes,
      prefixRoutes,
      trunkRoutes,
      settingsRoutes,
      routeRoutes,
      scheduleRoutes,
      menuRoutes,
      inboundSimulatorRoutes,
      inboundRouteRoutes,
      profileRoutes,
      configTransferRoutes,
      historyRoutes,
      simulatorRoutes,
      callRoutes,
      reportRoutes,
      userRoutes,
    ];
    for (const area of areas) await app.register(area, services);
    await app.register(conversationRoutes, { service: deps.sms.service });
    await app.register(liveRoutes, { live: deps.live, sessionCheckMs: deps.config.liveSocketSessionCheckMs });
  },
  { name: 'dashboard' },
);
