import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { DidRow } from '../../../data/repositories/dids.js';
import type { ChangeOutcome } from '../../../data/repositories/validated-change.js';
import { ROUTING_EDITORS } from '../../access.js';
import { HttpError, notFound } from '../../errors.js';
import { hasErrors, NO_ERRORS } from '../../form-errors.js';
import { isHtmx } from '../../htmx.js';
import { IdParams, ListQuery, PAGE_SIZE } from '../../schemas/common.js';
import { DidBody } from '../../schemas/dids.js';
import type { WebServices } from '../../services.js';
import { nextCallAfterSave } from '../../simulation/next-call.js';
import { sampleCallWithDid } from '../../simulation/sample-call.js';
import { didIssuesToErrors, EMPTY_DID, readDidForm, type DidFormValues, type DidFormView } from './form.js';
import { inUseMessage } from './usages.js';

const didRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { dids, snapshots }) => {
  const access = { access: ROUTING_EDITORS };

  function showForm(reply: FastifyReply, view: Omit<DidFormView, 'inline' | 'errors'> & Partial<DidFormView>): Promise<FastifyReply> {
    const inline = isHtmx(reply.request);
    return reply.pageOrFragment('pages/dids/edit', 'partials/dids/form', {
      title: view.title,
      form: { errors: NO_ERRORS, ...view, inline },
    });
  }

  async function answerSave(reply: FastifyReply, outcome: ChangeOutcome<DidRow>, form: Omit<DidFormView, 'inline' | 'errors' | 'values'>, values: DidFormValues) {
    if (outcome.kind === 'missing') throw notFound('This DID');
    if (outcome.kind === 'invalid') {
      const errors = didIssuesToErrors(outcome.issues, outcome.proposed, outcome.proposed.dids.at(-1)!);
      return showForm(reply.code(422), { ...form, values, errors });
    }
    const { number } = outcome.value;
    const detail = await nextCallAfterSave(snapshots, (snapshot) => sampleCallWithDid(snapshot, number));
    return reply.changed({
      flash: { kind: 'success', message: `DID ${number} saved (config version ${outcome.version}).`, ...(detail && { detail }) },
      redirectTo: '/dids',
      trigger: 'dids-changed',
    });
  }

  app.get('/dids', { config: access, schema: { querystring: ListQuery } }, async (request, reply) => {
    const { q = '', after, before } = request.query;
    const list = await dids.page({ search: q.trim(), after, before, limit: PAGE_SIZE });
    return reply.pageOrFragment('pages/dids/index', 'partials/dids/table', { title: 'DIDs', list, search: q });
  });

  app.get('/dids/new', { config: access }, async (_request, reply) =>
    showForm(reply, { title: 'New DID', action: '/dids', values: EMPTY_DID }),
  );

  app.post('/dids', { config: access, schema: { body: DidBody } }, async (request, reply) => {
    const form = { title: 'New DID', action: '/dids' };
    const input = readDidForm(request.body);
    if (hasErrors(input.errors)) return showForm(reply.code(422), { ...form, values: input.values, errors: input.errors });
    return answerSave(reply, await dids.create(input.did), form, input.values);
  });

  app.get('/dids/:id/edit', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const did = await dids.findById(request.params.id);
    if (did === null) throw notFound('This DID');
    return showForm(reply, { title: `Edit DID ${did.number}`, action: `/dids/${did.id}`, values: { ...did, callerIdName: did.callerIdName ?? '' } });
  });

  app.post('/dids/:id', { config: access, schema: { params: IdParams, body: DidBody } }, async (request, reply) => {
    const form = { title: 'Edit DID', action: `/dids/${request.params.id}` };
    const input = readDidForm(request.body);
    if (hasErrors(input.errors)) return showForm(reply.code(422), { ...form, values: input.values, errors: input.errors });
    return answerSave(reply, await dids.update(request.params.id, input.did), form, input.values);
  });

  app.get('/dids/:id/delete', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const did = await dids.findById(request.params.id);
    if (did === null) throw notFound('This DID');
    return reply.page('pages/dids/delete', { title: `Delete DID ${did.number}`, did });
  });

  app.post('/dids/:id/delete', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const outcome = await dids.remove(request.params.id);
    if (outcome.kind === 'missing') throw notFound('This DID');
    if (outcome.kind === 'in-use') throw new HttpError(409, inUseMessage(outcome.did.number, outcome.usages));
    if (outcome.kind === 'invalid') throw new HttpError(409, outcome.issues.map((issue) => issue.message).join('; '));
    return reply.changed({
      flash: { kind: 'success', message: `DID ${outcome.did.number} deleted (config version ${outcome.version}).` },
      redirectTo: '/dids',
      trigger: 'dids-changed',
    });
  });
};

export default didRoutes;
