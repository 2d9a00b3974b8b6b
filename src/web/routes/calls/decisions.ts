import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parseCursor, type CallPage } from '../../../data/repositories/calls.js';
import { accountOf, EVERY_ROLE } from '../../access.js';
import { hasErrors } from '../../form-errors.js';
import { PAGE_SIZE } from '../../schemas/common.js';
import { CallsQuery } from '../../schemas/calls.js';
import type { WebServices } from '../../services.js';
import { csvStream } from './csv.js';
import { readDecisionFilters } from './filters.js';

const EMPTY_PAGE: CallPage = { rows: [], olderThan: null };

/**
 * The decision log (every outbound routing decision, `/decisions`): admins and managers see
 * every decision, an agent only their own (the filter is forced on the server, for the page
 * and the export alike). The call history (`/calls`, ./index.ts) shows these beneath its calls.
 */
const decisionRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { calls }) => {
  const options = { config: { access: EVERY_ROLE }, schema: { querystring: CallsQuery } };

  app.get('/decisions', options, async (request, reply) => {
    const read = readDecisionFilters(request.query, accountOf(request));
    const cursor = parseCursor(request.query.before);
    const invalid = hasErrors(read.errors);
    const list = read.filter === null || invalid ? EMPTY_PAGE : await calls.page(read.filter, cursor, PAGE_SIZE);
    if (invalid) reply.code(422);
    return reply.pageOrFragment('pages/decisions/index', 'partials/decisions/results', {
      title: read.ownOnly ? 'My routing decisions' : 'Routing decisions',
      ...read,
      list,
      paged: cursor !== null,
      linked: read.filter !== null,
    });
  });

  app.get('/decisions.csv', options, async (request, reply) => {
    const read = readDecisionFilters(request.query, accountOf(request));
    if (hasErrors(read.errors)) {
      reply.code(422).type('text/plain; charset=utf-8');
      return Object.entries(read.errors.fields).map(([field, messages]) => `${field} ${messages.join('; ')}`).join('\n');
    }
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    const rows = read.filter === null ? emptyBatches() : calls.all(read.filter);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="mayday-decisions-${stamp}.csv"`)
      .header('cache-control', 'no-store')
      .send(csvStream(rows));
  });
};

async function* emptyBatches(): AsyncGenerator<never[]> {}

export default decisionRoutes;
