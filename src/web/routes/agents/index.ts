import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { AgentRow } from '../../../data/repositories/agents.js';
import type { ChangeOutcome } from '../../../data/repositories/validated-change.js';
import type { Agent } from '../../../domain/config/types.js';
import { ROUTING_EDITORS } from '../../access.js';
import { HttpError, notFound } from '../../errors.js';
import { hasErrors, NO_ERRORS, type FormErrors } from '../../form-errors.js';
import { isHtmx } from '../../htmx.js';
import { AgentBody } from '../../schemas/agents.js';
import { IdParams, ListQuery, PAGE_SIZE } from '../../schemas/common.js';
import type { WebServices } from '../../services.js';
import { nextCallAfterSave } from '../../simulation/next-call.js';
import { sampleCallOfAgent } from '../../simulation/sample-call.js';
import { agentIssuesToErrors, didChoices, EMPTY_AGENT, readAgentForm, readNewAgentForm } from './form.js';

interface AgentForm {
  readonly title: string;
  readonly action: string;
  /** A new agent: the extension is asked for; otherwise it is shown and stays. */
  readonly isNew: boolean;
}

const NEW_AGENT: AgentForm = { title: 'New agent', action: '/agents', isNew: true };

function editForm(agent: AgentRow): AgentForm {
  return { title: `Agent ${agent.extension}`, action: `/agents/${agent.id}`, isNew: false };
}

const agentRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { agents, dids, snapshots }) => {
  const access = { access: ROUTING_EDITORS };

  async function showForm(reply: FastifyReply, form: AgentForm, values: Agent, errors: FormErrors = NO_ERRORS) {
    const [outbound, prefixes] = await Promise.all([dids.outboundChoices(), agents.prefixChoices()]);
    return reply.pageOrFragment('pages/agents/edit', 'partials/agents/form', {
      title: form.title,
      form: {
        ...form,
        inline: isHtmx(reply.request),
        values,
        errors,
        didChoices: didChoices(outbound, values.defaultDid),
        prefixes,
      },
    });
  }

  async function answerSave(reply: FastifyReply, outcome: ChangeOutcome<AgentRow>, form: AgentForm, values: Agent) {
    if (outcome.kind === 'missing') throw notFound('This agent');
    if (outcome.kind === 'invalid') return showForm(reply.code(422), form, values, agentIssuesToErrors(outcome.issues, outcome.proposed));
    const { extension } = outcome.value;
    const detail = await nextCallAfterSave(snapshots, (snapshot) => sampleCallOfAgent(snapshot, extension));
    return reply.changed({
      flash: { kind: 'success', message: `Agent ${extension} saved (config version ${outcome.version}).`, ...(detail && { detail }) },
      redirectTo: '/agents',
      trigger: 'agents-changed',
    });
  }

  async function findAgent(id: number): Promise<AgentRow> {
    const agent = await agents.findById(id);
    if (agent === null) throw notFound('This agent');
    return agent;
  }

  app.get('/agents', { config: access, schema: { querystring: ListQuery } }, async (request, reply) => {
    const { q = '', after, before } = request.query;
    const list = await agents.page({ search: q.trim(), after, before, limit: PAGE_SIZE });
    return reply.pageOrFragment('pages/agents/index', 'partials/agents/table', { title: 'Agents', list, search: q });
  });

  app.get('/agents/new', { config: access }, async (_request, reply) => showForm(reply, NEW_AGENT, EMPTY_AGENT));

  app.post('/agents', { config: access, schema: { body: AgentBody } }, async (request, reply) => {
    const input = readNewAgentForm(request.body);
    if (hasErrors(input.errors)) return showForm(reply.code(422), NEW_AGENT, input.agent, input.errors);
    return answerSave(reply, await agents.create(input.agent), NEW_AGENT, input.agent);
  });

  app.get('/agents/:id/edit', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const agent = await findAgent(request.params.id);
    return showForm(reply, editForm(agent), agent);
  });

  app.post('/agents/:id', { config: access, schema: { params: IdParams, body: AgentBody } }, async (request, reply) => {
    const agent = await findAgent(request.params.id);
    const input = readAgentForm(request.body);
    const values: Agent = { extension: agent.extension, ...input.changes };
    if (hasErrors(input.errors)) return showForm(reply.code(422), editForm(agent), values, input.errors);
    return answerSave(reply, await agents.update(agent.id, input.changes), editForm(agent), values);
  });

  app.get('/agents/:id/delete', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const agent = await findAgent(request.params.id);
    const linkedUsers = await agents.linkedUsers(agent.extension);
    return reply.page('pages/agents/delete', { title: `Delete agent ${agent.extension}`, agent, linkedUsers });
  });

  app.post('/agents/:id/delete', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const outcome = await agents.remove(request.params.id);
    if (outcome.kind === 'missing') throw notFound('This agent');
    if (outcome.kind === 'sole-agent') {
      const rules = outcome.prefixes.map((prefix) => `prefix rule ${prefix}`).join(', ');
      throw new HttpError(
        409,
        `Agent ${outcome.agent.extension} is the only agent ${rules} ${outcome.prefixes.length === 1 ? 'is' : 'are'} restricted to, and was not deleted: ` +
          'without it the restriction would be empty, which lets every agent use the prefix. Change the prefix rule first.',
      );
    }
    if (outcome.kind === 'invalid') throw new HttpError(409, outcome.issues.map((issue) => issue.message).join('; '));
    return reply.changed({
      flash: { kind: 'success', message: `Agent ${outcome.agent.extension} deleted (config version ${outcome.version}).` },
      redirectTo: '/agents',
      trigger: 'agents-changed',
    });
  });
};

export default agentRoutes;
