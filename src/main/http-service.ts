import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/env.js';
import { DashboardUserRepository } from '../data/repositories/dashboard-users.js';
import { buildWebApp, type WebAppOptions } from '../web/app.js';
import type { WebDeps } from '../web/deps.js';
import type { Core } from './core.js';
import { ensureFirstAdmin } from './first-admin.js';

export interface HttpServiceOptions extends WebAppOptions, Pick<WebDeps, 'agiListening' | 'loginThrottle'> {
  /** false: the app is made ready but does not listen (tests drive it with app.inject). */
  readonly listen?: boolean;
}

export interface HttpService {
  readonly app: FastifyInstance;
  /** Where it listens; null when started with `listen: false`. */
  readonly address: string | null;
}

/** The dashboard and health probe on HTTP_HOST:HTTP_PORT, with a first admin user to sign in with. */
export async function startHttpService(config: AppConfig, log: Logger, core: Core, options: HttpServiceOptions): Promise<HttpService> {
  await ensureFirstAdmin(new DashboardUserRepository(core.prisma), config.adminPassword, log);
  const { agiListening, loginThrottle, onRoute, listen = true } = options;
  const app = await buildWebApp(
    { ...core, config, log, agiListening, ...(loginThrottle && { loginThrottle }) },
    onRoute ? { onRoute } : {},
  );
  if (!listen) {
    await app.ready();
    return { app, address: null };
  }
  const address = await app.listen({ host: config.httpHost, port: config.httpPort });
  log.info({ address }, 'HTTP server listening');
  return { app, address };
}
