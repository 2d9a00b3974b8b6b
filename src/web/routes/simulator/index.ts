import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ConfigSnapshot } from '../../../domain/config/snapshot.js';
import { decideOutbound, type OutboundDecision } from '../../../domain/outbound/decide.js';
import { describeDecision, ruleName } from '../../../domain/outbound/describe.js';
import { ROUTING_EDITORS } from '../../access.js';
import { parseLocalUtc } from '../../datetime.js';
import { FieldErrors, NO_ERRORS, type FormErrors } from '../../form-errors.js';
import { SimulatorQuery } from '../../schemas/simulator.js';
import type { WebServices } from '../../services.js';

export interface Simulation {
  readonly agent: string;
  readonly number: string;
  readonly at: Date | null;
  readonly version: number;
  readonly sentence: string;
  /** The matched rule by name (ruleName). */
  readonly rule: string | null;
  readonly decision: OutboundDecision;
}

interface SimulatorValues {
  readonly agent: string;
  readonly number: string;
  readonly at: string;
}

/**
 * What the live server would do for an agent dialing a number: `decideOutbound` on this
 * instance's current snapshot, the very function and data the FastAGI `outbound` script uses.
 */
const simulatorRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { snapshots }) => {
  app.get('/simulator', { config: { access: ROUTING_EDITORS }, schema: { querystring: SimulatorQuery } }, async (request, reply) => {
    const values: SimulatorValues = {
      agent: (request.query.agent ?? '').trim(),
      number: (request.query.number ?? '').trim(),
      at: (request.query.at ?? '').trim(),
    };
    const snapshot = snapshots.current();
    const submitted = request.query.agent !== undefined || request.query.number !== undefined;
    const { simulation, errors } = submitted && snapshot !== null ? simulate(snapshot, values) : { simulation: null, errors: NO_ERRORS };
    if (errors !== NO_ERRORS) reply.code(422);
    return reply.pageOrFragment('pages/simulator/index', 'partials/simulator/result', {
      title: 'Simulator',
      values,
      errors,
      agents: snapshot === null ? [] : agentChoices(snapshot),
      simulation,
      loaded: snapshot !== null,
      submitted,
    });
  });
};

function simulate(snapshot: ConfigSnapshot, values: SimulatorValues): { simulation: Simulation | null; errors: FormErrors } {
  const errors = new FieldErrors();
  if (values.agent === '') errors.add('agent', 'is required');
  if (values.number === '') errors.add('number', 'is required');
  const at = values.at === '' ? null : parseLocalUtc(values.at);
  if (at === undefined) errors.add('at', 'must be a date and time');
  const result = errors.result();
  if (Object.keys(result.fields).length > 0 || at === undefined) return { simulation: null, errors: result };
  const request = { agent: values.agent, dialed: values.number };
  const decision = decideOutbound(request, snapshot);
  return {
    simulation: { agent: values.agent, number: values.number, at, version: snapshot.version, sentence: describeDecision(request, decision), rule: ruleName(decision.rule), decision },
    errors: NO_ERRORS,
  };
}

function agentChoices(snapshot: ConfigSnapshot): { value: string; label: string }[] {
  return [...snapshot.agents.values()]
    .sort((a, b) => a.extension.localeCompare(b.extension, 'en', { numeric: true }))
    .map((agent) => ({ value: agent.extension, label: `${agent.extension} · ${agent.name}${agent.enabled ? '' : ' (disabled)'}` }));
}

export default simulatorRoutes;
