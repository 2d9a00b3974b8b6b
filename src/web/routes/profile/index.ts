import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { AgentRow } from '../../../data/repositories/agents.js';
import { accountOf, EVERY_ROLE } from '../../access.js';
import { NO_ERRORS, type FormErrors } from '../../form-errors.js';
import { ProfileBody } from '../../schemas/agents.js';
import type { WebServices } from '../../services.js';
import { nextCallAfterSave } from '../../simulation/next-call.js';
import { sampleCallOfAgent } from '../../simulation/sample-call.js';
import { agentIssuesToErrors, didChoices } from '../agents/form.js';

/**
 * A signed-in user's own agent: the default DID is the one thing they choose. The agent
 * is always the one linked to the account, never one named by the request.
 */
const profileRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { agents, dids, snapshots }) => {
  async function showProfile(reply: FastifyReply, agent: AgentRow | null, defaultDid: string | null, errors: FormErrors = NO_ERRORS) {
    const choices = agent === null ? [] : didChoices(await dids.outboundChoices(), defaultDid);
    return reply.page('pages/profile', { title: 'My profile', agent, defaultDid, choices, errors });
  }

  async function ownAgent(extension: string | null): Promise<AgentRow | null> {
    return extension === null ? null : agents.findByExtension(extension);
  }

  app.get('/profile', { config: { access: EVERY_ROLE } }, async (request, reply) => {
    const agent = await ownAgent(accountOf(request).agentExtension);
    return showProfile(reply, agent, agent?.defaultDid ?? null);
  });

  app.post('/profile', { config: { access: EVERY_ROLE }, schema: { body: ProfileBody } }, async (request, reply) => {
    const agent = await ownAgent(accountOf(request).agentExtension);
    if (agent === null) return showProfile(reply.code(409), null, null);
    const defaultDid = (request.body.defaultDid ?? '').trim() || null;
    const outcome = await agents.setDefaultDid(agent.extension, defaultDid);
    if (outcome.kind === 'missing') return showProfile(reply.code(409), null, null);
    if (outcome.kind === 'invalid') return showProfile(reply.code(422), agent, defaultDid, agentIssuesToErrors(outcome.issues, outcome.proposed));
    const detail = await nextCallAfterSave(snapshots, (snapshot) => sampleCallOfAgent(snapshot, agent.extension));
    return reply.changed({
      flash: { kind: 'success', message: 'Your default DID is saved.', ...(detail && { detail }) },
      redirectTo: '/profile',
    });
  });
};

export default profileRoutes;
