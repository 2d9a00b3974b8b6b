import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { PrefixRuleRow } from '../../../data/repositories/prefixes.js';
import type { ChangeOutcome } from '../../../data/repositories/validated-change.js';
import { ROUTING_EDITORS } from '../../access.js';
import { HttpError, notFound } from '../../errors.js';
import { hasErrors, NO_ERRORS } from '../../form-errors.js';
import { isHtmx } from '../../htmx.js';
import { IdParams } from '../../schemas/common.js';
import { PrefixBody } from '../../schemas/prefixes.js';
import type { WebServices } from '../../services.js';
import { nextCallAfterSave } from '../../simulation/next-call.js';
import { EMPTY_PREFIX, prefixDidChoices, prefixIssuesToErrors, readPrefixForm, type PrefixFormValues, type PrefixFormView } from './form.js';
import { sampleCallThroughPrefix } from '../../simulation/sample-call.js';

type FormBase = Pick<PrefixFormView, 'title' | 'action'>;

const prefixRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { prefixes, snapshots }) => {
  const access = { access: ROUTING_EDITORS };

  async function showForm(reply: FastifyReply, view: FormBase & Partial<PrefixFormView> & { values: PrefixFormValues }): Promise<FastifyReply> {
    const [dids, agents] = await Promise.all([prefixes.didChoices(), prefixes.agentChoices()]);
    const didChoices = prefixDidChoices(dids);
    if (view.values.did !== '' && !dids.some((did) => did.number === view.values.did)) {
      didChoices.unshift({ value: view.values.did, label: `${view.values.did} (no such DID)` });
    }
    return reply.pageOrFragment('pages/prefixes/edit', 'partials/prefixes/form', {
      title: view.title,
      form: { errors: NO_ERRORS, ...view, inline: isHtmx(reply.request), didChoices, agents },
    });
  }

  async function answerSave(reply: FastifyReply, outcome: ChangeOutcome<PrefixRuleRow>, form: FormBase, values: PrefixFormValues) {
    if (outcome.kind === 'missing') throw notFound('This prefix rule');
    if (outcome.kind === 'invalid') {
      return showForm(reply.code(422), { ...form, values, errors: prefixIssuesToErrors(outcome.issues, outcome.proposed) });
    }
    const { prefix } = outcome.value;
    const detail = await nextCallAfterSave(snapshots, (snapshot) => sampleCallThroughPrefix(snapshot, prefix));
    return reply.changed({
      flash: { kind: 'success', message: `Prefix ${prefix} saved (config version ${outcome.version}).`, ...(detail && { detail }) },
      redirectTo: '/prefixes',
      trigger: 'prefixes-changed',
    });
  }

  app.get('/prefixes', { config: access }, async (_request, reply) => {
    const rows = await prefixes.list();
    return reply.pageOrFragment('pages/prefixes/index', 'partials/prefixes/table', { title: 'Prefix rules', rows });
  });

  app.get('/prefixes/new', { config: access }, async (_request, reply) =>
    showForm(reply, { title: 'New prefix rule', action: '/prefixes', values: EMPTY_PREFIX }),
  );

  app.post('/prefixes', { config: access, schema: { body: PrefixBody } }, async (request, reply) => {
    const form = { title: 'New prefix rule', action: '/prefixes' };
    const input = readPrefixForm(request.body);
    if (hasErrors(input.errors)) return showForm(reply.code(422), { ...form, values: input.values, errors: input.errors });
    return answerSave(reply, await prefixes.create(input.rule), form, input.values);
  });

  app.get('/prefixes/:id/edit', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const rule = await prefixes.findById(request.params.id);
    if (rule === null) throw notFound('This prefix rule');
    return showForm(reply, { title: `Edit prefix ${rule.prefix}`, action: `/prefixes/${rule.id}`, values: rule });
  });

  app.post('/prefixes/:id', { config: access, schema: { params: IdParams, body: PrefixBody } }, async (request, reply) => {
    const form = { title: 'Edit prefix rule', action: `/prefixes/${request.params.id}` };
    const input = readPrefixForm(request.body);
    if (hasErrors(input.errors)) return showForm(reply.code(422), { ...form, values: input.values, errors: input.errors });
    return answerSave(reply, await prefixes.update(request.params.id, input.rule), form, input.values);
  });

  app.get('/prefixes/:id/delete', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const rule = await prefixes.findById(request.params.id);
    if (rule === null) throw notFound('This prefix rule');
    return reply.page('pages/prefixes/delete', { title: `Delete prefix ${rule.prefix}`, rule });
  });

  app.post('/prefixes/:id/delete', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const outcome = await prefixes.remove(request.params.id);
    if (outcome.kind === 'missing') throw notFound('This prefix rule');
    if (outcome.kind === 'in-use') {
      const agents = outcome.usages.map((usage) => `agent ${usage.extension} (${usage.name})`).join(', ');
      throw new HttpError(
        409,
        `Prefix ${outcome.rule.prefix} was not deleted: it is the only prefix allowed to ${agents}, who would then be allowed every prefix. Change ${outcome.usages.length === 1 ? 'that agent' : 'those agents'} first.`,
      );
    }
    if (outcome.kind === 'invalid') throw new HttpError(409, outcome.issues.map((issue) => issue.message).join('; '));
    return reply.changed({
      flash: { kind: 'success', message: `Prefix ${outcome.rule.prefix} deleted (config version ${outcome.version}).` },
      redirectTo: '/prefixes',
      trigger: 'prefixes-changed',
    });
  });
};

export default prefixRoutes;
