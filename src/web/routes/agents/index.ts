import type { AgentRow } from '../../../data/repositories/agents.js';
import type { Agent } from '../../../domain/config/types.js';
import { ROUTING_EDITORS } from '../../access.js';
import { crudArea, listPage } from '../../crud.js';
import { AgentBody } from '../../schemas/agents.js';
import { ListQuery } from '../../schemas/common.js';
import { sampleCallOfAgent } from '../../simulation/sample-call.js';
import { agentIssuesToErrors, didChoices, EMPTY_AGENT, readAgentForm, soleAgentMessage } from './form.js';

export default crudArea<AgentRow, AgentRow, Agent, Agent, string, typeof AgentBody>(({ agents, dids }) => ({
  name: 'agents',
  access: ROUTING_EDITORS,
  repository: agents,
  words: { named: 'agent', alone: 'agent' },
  editTitle: (agent) => `Agent ${agent.extension}`,
  list: {
    query: ListQuery,
    data: async (request) => {
      const page = listPage(request);
      return { title: 'Agents', list: await agents.page(page), search: page.search };
    },
  },
  keyOf: (agent) => agent.extension,
  form: {
    body: AgentBody,
    empty: EMPTY_AGENT,
    valuesOf: (agent) => agent,
    read: readAgentForm,
    issues: agentIssuesToErrors,
    choices: async (values) => {
      const [outbound, prefixes] = await Promise.all([dids.outboundChoices(), agents.prefixChoices()]);
      return { didChoices: didChoices(outbound, values.defaultDid), prefixes };
    },
  },
  inUse: soleAgentMessage,
  deletePage: { name: 'agent', extra: async (agent) => ({ linkedUsers: await agents.linkedUsers(agent.extension) }) },
  nextCall: sampleCallOfAgent,
}));
