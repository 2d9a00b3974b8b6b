import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { RollbackOutcome } from '../../../data/config-rollback.js';
import { ENTITY_KINDS, type EntityKind } from '../../../domain/config/diff.js';
import type { EntityRef } from '../../../domain/config/restore.js';
import type { ConfigData } from '../../../domain/config/types.js';
import type { ConfigIssue } from '../../../domain/config/validate.js';
import { accountOf, ADMINS, ROUTING_EDITORS } from '../../access.js';
import { conflictMessages } from '../../conflict.js';
import { HttpError, notFound } from '../../errors.js';
import { describeIssuePath } from '../../form-errors.js';
import { PAGE_SIZE } from '../../schemas/common.js';
import { CompareQuery, HistoryQuery, RollbackBody, RollbackQuery, VersionParams } from '../../schemas/history.js';
import type { WebServices } from '../../services.js';
import { describeCounts, entityWords, KIND_CHOICES, readHistoryFilters } from './filters.js';

/**
 * The configuration history: every version newest first (filter by author and entity), one
 * version's per-field diff against the one before (or any other), its document, and rollback
 * to it in one confirmed step. Admins and managers read; only admins roll back.
 */
const historyRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { history, snapshots }) => {
  const readers = { access: ROUTING_EDITORS };
  const admins = { access: ADMINS };
  const missing = () => notFound('This configuration version');

  app.get('/history', { config: readers, schema: { querystring: HistoryQuery } }, async (request, reply) => {
    const read = readHistoryFilters(request.query);
    if (read.invalid) reply.code(422);
    const list = read.invalid ? { rows: [], nextAfter: null, previousBefore: null } : await history.page(read.filter, { ...read.cursor, limit: PAGE_SIZE });
    return reply.pageOrFragment('pages/history/index', 'partials/history/results', {
      title: 'Configuration history',
      ...read,
      list,
      authors: await history.authors(),
      kinds: KIND_CHOICES,
    });
  });

  app.get('/history/:version', { config: readers, schema: { params: VersionParams, querystring: CompareQuery } }, async (request, reply) => {
    const comparison = await history.compare(request.params.version, request.query.against);
    if (comparison === null) throw missing();
    return reply.page('pages/history/show', {
      title: `Configuration version ${comparison.entry.version}`,
      ...comparison,
      entityWords,
      // The same rule as the rollback routes' access: only they show the links.
      canRollback: ADMINS.includes(accountOf(request).role),
    });
  });

  app.get('/history/:version/export', { config: readers, schema: { params: VersionParams } }, async (request, reply) => {
    const document = await history.document(request.params.version);
    if (document === null) throw missing();
    return reply
      .type('application/yaml; charset=utf-8')
      .header('content-disposition', `attachment; filename="mayday-config-v${request.params.version}.yaml"`)
      .send(document);
  });

  async function confirmPage(reply: FastifyReply, version: number, entity: EntityRef | undefined, refusal: readonly string[] = []) {
    const preview = await history.preview(version, entity);
    if (preview === null) throw missing();
    // The form carries the live version its preview was worked out on.
    reply.request.formVersion = preview.liveVersion;
    return reply.page('pages/history/rollback', {
      title: actionTitle(version, entity),
      preview,
      refusal,
      entityWords,
      issueLines: issueLines(preview.data, preview.issues),
      whatIfLines: describeCounts(preview.whatIf),
    });
  }

  app.get('/history/:version/rollback', { config: admins, schema: { params: VersionParams, querystring: RollbackQuery } }, async (request, reply) =>
    confirmPage(reply, request.params.version, readEntity(request.query.kind, request.query.name)),
  );

  app.post('/history/:version/rollback', { config: admins, schema: { params: VersionParams, body: RollbackBody } }, async (request, reply) => {
    const { version } = request.params;
    const entity = readEntity(request.body.kind, request.body.name);
    const outcome = await history.rollback(version, entity);
    if (outcome.kind === 'missing') throw missing();
    if (outcome.kind === 'rolled-back') {
      await snapshots.refresh();
      const done = entity === undefined ? `Rolled back to version ${version}` : `Restored ${entityWords(entity)} as in version ${version}`;
      return reply.changed({
        flash: { kind: 'success', message: `${done}: the configuration is now version ${outcome.version}.` },
        redirectTo: `/history/${outcome.version}`,
      });
    }
    const refusal = refusalMessages(version, entity, outcome);
    return confirmPage(reply.code(outcome.kind === 'invalid' ? 422 : 409), version, entity, refusal);
  });
};

/** The entity a rollback is limited to, from the query or the form; none: the whole configuration. */
function readEntity(kind: string | undefined, name: string | undefined): EntityRef | undefined {
  if (kind === undefined || kind === '') return undefined;
  if (!(ENTITY_KINDS as readonly string[]).includes(kind)) throw new HttpError(422, `kind must be one of ${ENTITY_KINDS.join(', ')}.`);
  return { kind: kind as EntityKind, name: kind === 'settings' ? 'settings' : (name ?? '').trim() };
}

function actionTitle(version: number, entity: EntityRef | undefined): string {
  return entity === undefined ? `Roll back to version ${version}` : `Restore ${entityWords(entity)} as in version ${version}`;
}

function refusalMessages(version: number, entity: EntityRef | undefined, outcome: Exclude<RollbackOutcome, { kind: 'rolled-back' | 'missing' }>): string[] {
  switch (outcome.kind) {
    case 'unchanged':
      return entity === undefined
        ? [`The live configuration (version ${outcome.version}) already matches version ${version}; nothing was changed.`]
        : [`${entityWords(entity)} is already as in version ${version}; nothing was changed.`];
    case 'invalid':
      return [
        entity === undefined
          ? `Version ${version} is not valid under today's rules, so it was not restored. Fix these first, or roll back to another version:`
          : `Restoring ${entityWords(entity)} as in version ${version} would leave the live configuration invalid, so it was not restored:`,
        ...issueLines(outcome.proposed, outcome.issues),
      ];
    case 'conflict':
      return conflictMessages(outcome).map((message, index) =>
        index === 0 ? `The configuration changed from version ${outcome.since} to ${outcome.version} since this preview was shown; nothing was rolled back. Check the preview below and confirm again.` : message,
      );
  }
}

/** `route mobile, trunks: ghost_trunk is not a trunk; ...`: each issue named by what it is about. */
function issueLines(data: ConfigData, issues: readonly ConfigIssue[]): string[] {
  return [...new Set(issues.map((issue) => `${describeIssuePath(data, issue.path)}: ${issue.message}`))];
}

export default historyRoutes;
