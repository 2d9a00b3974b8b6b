import { formatDestination } from '../../../domain/inbound/destination.js';
import type { InboundRoute } from '../../../domain/inbound/route.js';
import type { Row } from '../../../inbound/repositories.js';
import { sampleInboundCall, unansweredDids } from '../../../inbound/simulate.js';
import { ROUTING_EDITORS } from '../../access.js';
import { crudArea } from '../../crud.js';
import { InboundRouteBody } from '../../schemas/inbound.js';
import { EMPTY_INBOUND_ROUTE, inboundRouteIssuesToErrors, inboundRouteValues, readInboundRouteForm, type InboundRouteFormValues } from './form.js';
import { EMPTY_SIMULATION } from './simulator.js';

export default crudArea<Row<InboundRoute>, Row<InboundRoute>, InboundRouteFormValues, InboundRoute, never, typeof InboundRouteBody>(
  ({ inboundRoutes, schedules, dids, snapshots }) => ({
    name: 'inbound-routes',
    access: ROUTING_EDITORS,
    repository: inboundRoutes,
    words: { named: 'inbound route', alone: 'inbound route' },
    list: {
      data: async () => {
        const routes = (await inboundRoutes.list()).map((route) => ({
          ...route,
          open: formatDestination(route.destination),
          closed: route.closedDestination === null ? '' : formatDestination(route.closedDestination),
        }));
        const snapshot = snapshots.current();
        return { title: 'Inbound routes', routes, unanswered: snapshot === null ? [] : unansweredDids(snapshot), ...EMPTY_SIMULATION };
      },
    },
    keyOf: (route) => route.name,
    form: {
      body: InboundRouteBody,
      empty: EMPTY_INBOUND_ROUTE,
      valuesOf: inboundRouteValues,
      read: readInboundRouteForm,
      issues: inboundRouteIssuesToErrors,
      choices: async () => {
        const [all, inbound] = await Promise.all([schedules.list(), dids.inboundChoices()]);
        return {
          scheduleChoices: all.map((schedule) => ({ value: schedule.name, label: `${schedule.name} (${schedule.timeZone})` })),
          didChoices: inbound.map((did) => ({ value: did.number, label: `${did.number} ${did.label}` })),
        };
      },
    },
    deletePage: { name: 'route' },
    nextCall: (snapshot, name) => sampleInboundCall(snapshot, name, new Date()),
  }),
);
