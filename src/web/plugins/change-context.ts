import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { runAsChange } from '../../data/change-context.js';
import type { SnapshotStore } from '../../data/snapshot-store.js';

export const VERSION_FIELD = '_version';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The config version a form on this page carries: the one a submitted form was loaded
     * from, else the snapshot's version when the request began (never newer than the data
     * the page then reads, so a form never claims changes it did not show).
     */
    formVersion: number | null;
  }
}

/**
 * Runs every signed-in request inside a change context: a configuration change it makes
 * is recorded with the user's name, and checked against the version its form was loaded
 * from (src/data/repositories/validated-change.ts).
 */
export default fp<{ snapshots: SnapshotStore }>(
  async (app, { snapshots }) => {
    app.decorateRequest('formVersion', null);
    // A callback hook: the handler runs inside done(), so inside the context.
    app.addHook('preHandler', (request, _reply, done) => {
      if (request.account === null) return done();
      const submitted = submittedVersion(request);
      request.formVersion = submitted ?? snapshots.current()?.version ?? null;
      runAsChange({ author: request.account.username, baseVersion: submitted }, done);
    });
  },
  { name: 'change-context', dependencies: ['sessions'] },
);

function submittedVersion(request: FastifyRequest): number | null {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return null;
  const value = (body as Record<string, unknown>)[VERSION_FIELD];
  return typeof value === 'string' && /^[0-9]{1,9}$/.test(value) ? Number(value) : null;
}
