import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { RouteRow } from '../../../data/repositories/routes.js';
import type { ChangeOutcome } from '../../../data/repositories/validated-change.js';
import { ROUTING_EDITORS } from '../../access.js';
import { HttpError, notFound } from '../../errors.js';
import { hasErrors, NO_ERRORS, type FormErrors } from '../../form-errors.js';
import { isHtmx } from '../../htmx.js';
import { IdParams } from '../../schemas/common.js';
import { RouteBody } from '../../schemas/routes.js';
import type { WebServices } from '../../services.js';
import { nextCallAfterSave } from '../../simulation/next-call.js';
import { sampleCallOnRoute } from '../../simulation/sample-call.js';
import { didChoices } from '../agents/form.js';
import { applyTrunkMove, EMPTY_ROUTE, readRouteForm, readRouteValues, routeIssuesToErrors, routeValues, type RouteFormValues } from './form.js';

interface FormTarget {
  readonly title: string;
  readonly action: string;
}

const routeRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { routes, dids, snapshots }) => {
  const access = { access: ROUTING_EDITORS };

  async function showForm(reply: FastifyReply, target: FormTarget, values: RouteFormValues, errors: FormErrors = NO_ERRORS) {
    const [outbound, trunkChoices] = await Promise.all([dids.outboundChoices(), routes.trunkChoices()]);
    return reply.pageOrFragment('pages/routes/edit', 'partials/routes/form', {
      title: target.title,
      form: {
        ...target,
        inline: isHtmx(reply.request),
        values,
        errors,
        didChoices: didChoices(outbound, values.callerIdDid === '' ? null : values.callerIdDid),
        trunkChoices,
      },
    });
  }

  /** One POST handler for create and update: a trunk-list button re-renders the form; Save saves. */
  async function submit(reply: FastifyReply, body: RouteBody, target: FormTarget, save: (input: ReturnType<typeof readRouteForm>) => Promise<ChangeOutcome<RouteRow>>) {
    if (body.move !== undefined && body.move !== '') {
      const moved = applyTrunkMove(readRouteValues(body), body.move, body.addTrunk ?? '');
      if (moved === null) throw new HttpError(400, 'That button is not one this form has. Reload the page and try again.');
      return showForm(reply, target, moved);
    }
    const input = readRouteForm(body);
    if (hasErrors(input.errors)) return showForm(reply.code(422), target, input.values, input.errors);
    const outcome = await save(input);
    if (outcome.kind === 'missing') throw notFound('This route');
    if (outcome.kind === 'invalid') return showForm(reply.code(422), target, input.values, routeIssuesToErrors(outcome.issues, outcome.proposed));
    const { name } = outcome.value;
    const detail = await nextCallAfterSave(snapshots, (snapshot) => sampleCallOnRoute(snapshot, name));
    return reply.changed({
      flash: { kind: 'success', message: `Route ${name} saved (config version ${outcome.version}).`, ...(detail && { detail }) },
      redirectTo: '/routes',
      trigger: 'routes-changed',
    });
  }

  async function findRoute(id: number): Promise<RouteRow> {
    const route = await routes.findById(id);
    if (route === null) throw notFound('This route');
    return route;
  }

  app.get('/routes', { config: access }, async (_request, reply) => {
    const [list, trunks] = await Promise.all([routes.list(), routes.trunkChoices()]);
    const disabledTrunks = trunks.filter((trunk) => !trunk.enabled).map((trunk) => trunk.name);
    return reply.pageOrFragment('pages/routes/index', 'partials/routes/table', { title: 'Outbound routes', routes: list, disabledTrunks });
  });

  app.get('/routes/new', { config: access }, async (_request, reply) =>
    showForm(reply, { title: 'New route', action: '/routes' }, EMPTY_ROUTE),
  );

  app.post('/routes', { config: access, schema: { body: RouteBody } }, async (request, reply) =>
    submit(reply, request.body, { title: 'New route', action: '/routes' }, (input) => routes.create(input.route)),
  );

  app.get('/routes/:id/edit', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const route = await findRoute(request.params.id);
    return showForm(reply, { title: `Edit route ${route.name}`, action: `/routes/${route.id}` }, routeValues(route));
  });

  app.post('/routes/:id', { config: access, schema: { params: IdParams, body: RouteBody } }, async (request, reply) => {
    const route = await findRoute(request.params.id);
    const target = { title: `Edit route ${route.name}`, action: `/routes/${route.id}` };
    return submit(reply, request.body, target, (input) => routes.update(route.id, input.route));
  });

  app.get('/routes/:id/delete', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const route = await findRoute(request.params.id);
    return reply.page('pages/routes/delete', { title: `Delete route ${route.name}`, route });
  });

  app.post('/routes/:id/delete', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const outcome = await routes.remove(request.params.id);
    if (outcome.kind === 'missing') throw notFound('This route');
    if (outcome.kind === 'invalid') throw new HttpError(409, outcome.issues.map((issue) => issue.message).join('; '));
    return reply.changed({
      flash: { kind: 'success', message: `Route ${outcome.route.name} deleted (config version ${outcome.version}).` },
      redirectTo: '/routes',
      trigger: 'routes-changed',
    });
  });
};

export default routeRoutes;
