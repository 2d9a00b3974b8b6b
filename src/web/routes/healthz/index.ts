import type { FastifyPluginAsync } from 'fastify';
import type { WebDeps } from '../../deps.js';

/** The load balancer's probe: no session, no page, just whether this instance can decide calls. */
const healthzRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  app.get('/healthz', { config: { access: 'static' } }, async () => ({
    status: deps.snapshots.current() ? 'ok' : 'degraded',
    configVersion: deps.snapshots.current()?.version ?? null,
    snapshotAgeMs: deps.snapshots.ageMs(),
    agiListening: deps.agiListening(),
    liveCalls: deps.calls.size,
    decisionLog: deps.decisionLog.stats(),
  }));
};

export default healthzRoutes;
