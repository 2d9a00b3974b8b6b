import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { TrunkRow } from '../../../data/repositories/trunks.js';
import type { ChangeOutcome } from '../../../data/repositories/validated-change.js';
import type { Trunk } from '../../../domain/config/types.js';
import { ROUTING_EDITORS } from '../../access.js';
import { HttpError, notFound } from '../../errors.js';
import { hasErrors, NO_ERRORS } from '../../form-errors.js';
import { isHtmx } from '../../htmx.js';
import { IdParams } from '../../schemas/common.js';
import { TrunkBody } from '../../schemas/trunks.js';
import type { WebServices } from '../../services.js';
import { nextCallAfterSave } from '../../simulation/next-call.js';
import { EMPTY_TRUNK, EXAMPLE_NUMBER, formatChoices, readTrunkForm, trunkIssuesToErrors, type TrunkFormValues, type TrunkFormView } from './form.js';
import { sampleCallViaTrunk } from '../../simulation/sample-call.js';

type FormBase = Pick<TrunkFormView, 'title' | 'action'>;

const trunkRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { trunks, snapshots }) => {
  const access = { access: ROUTING_EDITORS };

  async function showForm(reply: FastifyReply, view: FormBase & Partial<TrunkFormView> & { values: TrunkFormValues }): Promise<FastifyReply> {
    const formats = formatChoices(await trunks.numberingPlan());
    return reply.pageOrFragment('pages/trunks/edit', 'partials/trunks/form', {
      title: view.title,
      form: { errors: NO_ERRORS, ...view, inline: isHtmx(reply.request), formats, exampleNumber: EXAMPLE_NUMBER },
    });
  }

  async function answerSave(reply: FastifyReply, outcome: ChangeOutcome<TrunkRow>, form: FormBase, values: TrunkFormValues, trunk: Trunk) {
    if (outcome.kind === 'missing') throw notFound('This trunk');
    if (outcome.kind === 'invalid') {
      return showForm(reply.code(422), { ...form, values, errors: trunkIssuesToErrors(outcome.issues, outcome.proposed, trunk) });
    }
    const { name } = outcome.value;
    const detail = await nextCallAfterSave(snapshots, (snapshot) => sampleCallViaTrunk(snapshot, name));
    return reply.changed({
      flash: { kind: 'success', message: `Trunk ${name} saved (config version ${outcome.version}).`, ...(detail && { detail }) },
      redirectTo: '/trunks',
      trigger: 'trunks-changed',
    });
  }

  app.get('/trunks', { config: access }, async (_request, reply) => {
    const [rows, plan] = await Promise.all([trunks.list(), trunks.numberingPlan()]);
    const formats = Object.fromEntries(formatChoices(plan).map((choice) => [choice.value, choice.example]));
    return reply.pageOrFragment('pages/trunks/index', 'partials/trunks/table', { title: 'Trunks', rows, formats, exampleNumber: EXAMPLE_NUMBER });
  });

  app.get('/trunks/new', { config: access }, async (_request, reply) =>
    showForm(reply, { title: 'New trunk', action: '/trunks', values: EMPTY_TRUNK }),
  );

  app.post('/trunks', { config: access, schema: { body: TrunkBody } }, async (request, reply) => {
    const form = { title: 'New trunk', action: '/trunks' };
    const input = readTrunkForm(request.body);
    if (hasErrors(input.errors)) return showForm(reply.code(422), { ...form, values: input.values, errors: input.errors });
    return answerSave(reply, await trunks.create(input.trunk), form, input.values, input.trunk);
  });

  app.get('/trunks/:id/edit', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const trunk = await trunks.findById(request.params.id);
    if (trunk === null) throw notFound('This trunk');
    return showForm(reply, { title: `Edit trunk ${trunk.name}`, action: `/trunks/${trunk.id}`, values: trunk });
  });

  app.post('/trunks/:id', { config: access, schema: { params: IdParams, body: TrunkBody } }, async (request, reply) => {
    const form = { title: 'Edit trunk', action: `/trunks/${request.params.id}` };
    const input = readTrunkForm(request.body);
    if (hasErrors(input.errors)) return showForm(reply.code(422), { ...form, values: input.values, errors: input.errors });
    return answerSave(reply, await trunks.update(request.params.id, input.trunk), form, input.values, input.trunk);
  });

  app.get('/trunks/:id/delete', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const trunk = await trunks.findById(request.params.id);
    if (trunk === null) throw notFound('This trunk');
    return reply.page('pages/trunks/delete', { title: `Delete trunk ${trunk.name}`, trunk });
  });

  app.post('/trunks/:id/delete', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const outcome = await trunks.remove(request.params.id);
    if (outcome.kind === 'missing') throw notFound('This trunk');
    if (outcome.kind === 'in-use') {
      const routes = outcome.routes.map((route) => `route ${route}`).join(', ');
      throw new HttpError(409, `Trunk ${outcome.trunk.name} is still in use and was not deleted. It is a trunk of ${routes}; take it off ${outcome.routes.length === 1 ? 'that route' : 'those routes'} first.`);
    }
    if (outcome.kind === 'invalid') throw new HttpError(409, outcome.issues.map((issue) => issue.message).join('; '));
    return reply.changed({
      flash: { kind: 'success', message: `Trunk ${outcome.trunk.name} deleted (config version ${outcome.version}).` },
      redirectTo: '/trunks',
      trigger: 'trunks-changed',
    });
  });
};

export default trunkRoutes;
