import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CallRecordPage } from '../../../data/repositories/call-record-history.js';
import { parseCursor } from '../../../data/repositories/calls.js';
import { accountOf, EVERY_ROLE } from '../../access.js';
import { hasErrors } from '../../form-errors.js';
import { PAGE_SIZE } from '../../schemas/common.js';
import { CallRecordsQuery } from '../../schemas/calls.js';
import type { WebServices } from '../../services.js';
import decisionRoutes from './decisions.js';
import { OUTCOME_CHOICES, readRecordFilters } from './filters.js';

const EMPTY_PAGE: CallRecordPage = { rows: [], olderThan: null };

/**
 * The call history: call records (one per call, from Asterisk), newest first, each with the
 * routing decision beneath it. Admins and managers see every call, an agent only their own.
 */
const callRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, services) => {
  const { callRecords } = services;
  const options = { config: { access: EVERY_ROLE }, schema: { querystring: CallRecordsQuery } };

  app.get('/calls', options, async (request, reply) => {
    const read = readRecordFilters(request.query, accountOf(request));
    const cursor = parseCursor(request.query.before);
    const invalid = hasErrors(read.errors);
    const list = read.filter === null || invalid ? EMPTY_PAGE : await callRecords.page(read.filter, cursor, PAGE_SIZE);
    if (invalid) reply.code(422);
    return reply.pageOrFragment('pages/calls/index', 'partials/calls/results', {
      title: read.ownOnly ? 'My calls' : 'Call history',
      ...read,
      outcomes: OUTCOME_CHOICES,
      list,
      paged: cursor !== null,
      linked: read.filter !== null,
    });
  });

  await app.register(decisionRoutes, services);
};

export default callRoutes;
