import type { FastifyPluginAsync } from 'fastify';
import type { WebDeps } from '../../deps.js';
import { ROUTING_EDITORS } from '../../access.js';
import { checkHealth } from './checks.js';

/** Seconds between two refreshes of the status table (htmx polling of the partial). */
export const HEALTH_REFRESH_SECONDS = 5;

/**
 * The operators' health page: MariaDB, Redis, the FastAGI listener, the config snapshot,
 * decision rate and p99, the decision-log buffer. Admins and managers (it is operations
 * data, like the reports; agents have nothing to act on here). It declares `showsOutages`
 * so an outage of Redis or MariaDB, which the session check itself needs, is shown as a
 * red row rather than an error page.
 */
const healthRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  app.get('/health', { config: { access: ROUTING_EDITORS, showsOutages: true } }, async (request, reply) => {
    const report = await checkHealth(deps);
    reply.header('cache-control', 'no-store');
    return reply.pageOrFragment('pages/health/index', 'partials/health/status', {
      title: 'Health',
      report,
      outage: request.outage,
      refreshSeconds: HEALTH_REFRESH_SECONDS,
    });
  });
};

export default healthRoutes;
