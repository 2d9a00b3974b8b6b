import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ConfigSnapshot } from '../../../domain/config/snapshot.js';
import { formatDestination } from '../../../domain/inbound/destination.js';
import { describeInboundSimulation, simulateInbound, walkMenus, type InboundSimulation, type MenuWalk } from '../../../inbound/simulate.js';
import { ROUTING_EDITORS } from '../../access.js';
import { FieldErrors, NO_ERRORS, type FormErrors } from '../../form-errors.js';
import { InboundSimulatorQuery } from '../../schemas/inbound.js';
import type { WebServices } from '../../services.js';

export interface InboundSimulatorValues {
  readonly did: string;
  readonly caller: string;
  /** `2026-12-25T21:00`, read in the route's schedule zone; empty: now. */
  readonly at: string;
  readonly keys: string;
}

export interface InboundSimulationView {
  readonly sentence: string;
  readonly simulation: Extract<InboundSimulation, { ok: true }>;
  /** The way through the menus, when the call reaches one. */
  readonly walk: MenuWalk | null;
  readonly destination: string | null;
  readonly version: number;
}

/** The simulator as the inbound routes page first shows it. */
export const EMPTY_SIMULATION = {
  simulator: { values: { did: '', caller: '', at: '', keys: '' }, errors: NO_ERRORS, result: null, loaded: true, submitted: false },
};

const KEYS = /^[0-9*#]*$/;

/**
 * "What happens when a caller dials this DID at this time and presses these keys": the
 * inbound decision and the IVR engine the live server runs, on this instance's snapshot.
 */
const inboundSimulatorRoutes: FastifyPluginAsyncTypebox<WebServices> = async (app, { snapshots }) => {
  app.get('/inbound-routes/simulate', { config: { access: ROUTING_EDITORS }, schema: { querystring: InboundSimulatorQuery } }, async (request, reply) => {
    const values: InboundSimulatorValues = {
      did: (request.query.did ?? '').replace(/[\s-]/g, ''),
      caller: (request.query.caller ?? '').trim(),
      at: (request.query.at ?? '').trim(),
      keys: (request.query.keys ?? '').replace(/[\s,]/g, ''),
    };
    const snapshot = snapshots.current();
    const submitted = request.query.did !== undefined;
    const { result, errors } = submitted && snapshot !== null ? simulate(snapshot, values, new Date()) : { result: null, errors: NO_ERRORS };
    if (errors !== NO_ERRORS) reply.code(422);
    return reply.pageOrFragment('pages/inbound-routes/simulate', 'partials/inbound-routes/simulator', {
      title: 'Inbound simulator',
      simulator: { values, errors, result, loaded: snapshot !== null, submitted },
    });
  });
};

function simulate(snapshot: ConfigSnapshot, values: InboundSimulatorValues, now: Date): { result: InboundSimulationView | null; errors: FormErrors } {
  const errors = new FieldErrors();
  if (values.did === '') errors.add('did', 'is required');
  if (!KEYS.test(values.keys)) errors.add('keys', 'may only hold the keys 0-9, * and #');
  const request = { did: values.did, caller: values.caller };
  const simulation = simulateInbound(request, values.at, snapshot, now);
  if (!simulation.ok) errors.add('at', 'must be a date and time, e.g. 2026-12-25T21:00');
  const found = errors.result();
  if (Object.keys(found.fields).length > 0 || !simulation.ok) return { result: null, errors: found };
  const { decision } = simulation;
  const walk = decision.kind === 'route' && decision.destination.kind === 'menu' ? walkMenus(decision.destination, values.keys, snapshot) : null;
  const final = walk === null ? (decision.kind === 'route' ? decision.destination : null) : walk.destination;
  return {
    result: {
      sentence: describeInboundSimulation(request, simulation),
      simulation,
      walk,
      destination: final === null ? null : formatDestination(final),
      version: snapshot.version,
    },
    errors: NO_ERRORS,
  };
}

export default inboundSimulatorRoutes;
