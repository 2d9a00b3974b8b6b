import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { AgentChanges, AgentRow } from '../../../data/repositories/agents.js';
import { ROUTING_EDITORS } from '../../access.js';
import { notFound } from '../../errors.js';
import { hasErrors, NO_ERRORS, type FormErrors } from '../../form-errors.js';
import { isHtmx } from '../../htmx.js';
import { AgentBody } from '../../schemas/agents.js';
import { IdParams, ListQuery, PAGE_SIZE } from '../../schemas/common.js';
import type { WebServices } from '../../services.js';
import { nextCallAfterSave } from '../../simulation/next-call.js';
import { sampleCallOfAgent } from '../../simulation/sample-call.js';
import { agentIssuesToErrors, didChoices, readAgentForm } from './form.js';

const agentRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { agents, dids, snapshots }) => {
  const access = { access: ROUTING_EDITORS };

  async function showForm(reply: FastifyReply, agent: AgentRow, values: AgentChanges, errors: FormErrors = NO_ERRORS) {
    const [outbound, prefixes] = await Promise.all([dids.outboundChoices(), agents.prefixChoices()]);
    return reply.pageOrFragment('pages/agents/edit', 'partials/agents/form', {
      title: `Agent ${agent.extension}`,
      form: {
        action: `/agents/${agent.id}`,
        inline: isHtmx(reply.request),
        agent,
        values,
        errors,
        didChoices: didChoices(outbound, values.defaultDid),
        prefixes,
      },
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

  app.get('/agents/:id/edit', { config: access, schema: { params: IdParams } }, async (request, reply) => {
    const agent = await findAgent(request.params.id);
    return showForm(reply, agent, agent);
  });

  app.post('/agents/:id', { config: access, schema: { params: IdParams, body: AgentBody } }, async (request, reply) => {
    const agent = await findAgent(request.params.id);
    const input = readAgentForm(request.body);
    if (hasErrors(input.errors)) return showForm(reply.code(422), agent, input.changes, input.errors);
    const outcome = await agents.update(agent.id, input.changes);
    if (outcome.kind === 'missing') throw notFound('This agent');
    if (outcome.kind === 'invalid') {
      return showForm(reply.code(422), agent, input.changes, agentIssuesToErrors(outcome.issues, outcome.proposed));
    }
    const detail = await nextCallAfterSave(snapshots, (snapshot) => sampleCallOfAgent(snapshot, agent.extension));
    return reply.changed({
      flash: { kind: 'success', message: `Agent ${agent.extension} saved (config version ${outcome.version}).`, ...(detail && { detail }) },
      redirectTo: '/agents',
      trigger: 'agents-changed',
    });
  });
};

export default agentRoutes;
