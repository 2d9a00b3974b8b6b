import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ADMINS } from '../../access.js';
import { conflictErrors } from '../../conflict.js';
import { hasErrors, NO_ERRORS, type FormErrors } from '../../form-errors.js';
import { SettingsBody } from '../../schemas/settings.js';
import type { WebServices } from '../../services.js';
import { nextCallAfterSave } from '../../simulation/next-call.js';
import { sampleCallOfAgent } from '../../simulation/sample-call.js';
import { didChoices } from '../agents/form.js';
import { readSettingsForm, settingsFormValues, settingsIssuesToErrors, type SettingsFormValues } from './form.js';

const settingsRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { settings, dids, snapshots }) => {
  const access = { access: ADMINS };

  async function showForm(reply: FastifyReply, values: SettingsFormValues, errors: FormErrors = NO_ERRORS): Promise<FastifyReply> {
    const outbound = await dids.outboundChoices();
    return reply.pageOrFragment('pages/settings/index', 'partials/settings/form', {
      title: 'Settings',
      form: { action: '/settings', values, errors, didChoices: didChoices(outbound, values.defaultDid === '' ? null : values.defaultDid) },
    });
  }

  app.get('/settings', { config: access }, async (_request, reply) => showForm(reply, settingsFormValues(await settings.get())));

  app.post('/settings', { config: access, schema: { body: SettingsBody } }, async (request, reply) => {
    const input = readSettingsForm(request.body);
    if (hasErrors(input.errors)) return showForm(reply.code(422), input.values, input.errors);
    const outcome = await settings.update(input.settings);
    if (outcome.kind === 'invalid') return showForm(reply.code(422), input.values, settingsIssuesToErrors(outcome.issues, outcome.proposed));
    if (outcome.kind === 'missing') return showForm(reply, input.values);
    if (outcome.kind === 'conflict') {
      request.formVersion = outcome.version;
      return showForm(reply.code(409), input.values, conflictErrors(outcome));
    }
    const agent = await settings.firstAgent();
    const detail = agent === null ? undefined : await nextCallAfterSave(snapshots, (snapshot) => sampleCallOfAgent(snapshot, agent));
    return reply.changed({
      flash: { kind: 'success', message: `Settings saved (config version ${outcome.version}).`, ...(detail && { detail }) },
      redirectTo: '/settings',
      trigger: 'settings-changed',
    });
  });
};

export default settingsRoutes;
