import type { RouteRow } from '../../../data/repositories/routes.js';
import type { OutboundRoute } from '../../../domain/config/types.js';
import { ROUTING_EDITORS } from '../../access.js';
import { crudArea } from '../../crud.js';
import { HttpError } from '../../errors.js';
import { RouteBody } from '../../schemas/routes.js';
import { sampleCallOnRoute } from '../../simulation/sample-call.js';
import { didChoices } from '../agents/form.js';
import { applyTrunkMove, EMPTY_ROUTE, readRouteForm, readRouteValues, routeIssuesToErrors, routeValues, type RouteFormValues } from './form.js';

export default crudArea<RouteRow, RouteRow, RouteFormValues, OutboundRoute, never, typeof RouteBody>(({ routes, dids }) => ({
  name: 'routes',
  access: ROUTING_EDITORS,
  repository: routes,
  words: { named: 'route', alone: 'route' },
  list: {
    data: async () => {
      const [list, trunks] = await Promise.all([routes.list(), routes.trunkChoices()]);
      const disabledTrunks = trunks.filter((trunk) => !trunk.enabled).map((trunk) => trunk.name);
      return { title: 'Outbound routes', routes: list, disabledTrunks };
    },
  },
  keyOf: (route) => route.name,
  form: {
    body: RouteBody,
    empty: EMPTY_ROUTE,
    valuesOf: routeValues,
    read: readRouteForm,
    issues: routeIssuesToErrors,
    choices: async (values) => {
      const [outbound, trunkChoices] = await Promise.all([dids.outboundChoices(), routes.trunkChoices()]);
      return { didChoices: didChoices(outbound, values.callerIdDid === '' ? null : values.callerIdDid), trunkChoices };
    },
    // A trunk-list button re-renders the form with the list changed; only Save saves.
    preview: (body) => {
      if (body.move === undefined || body.move === '') return null;
      const moved = applyTrunkMove(readRouteValues(body), body.move, body.addTrunk ?? '');
      if (moved === null) throw new HttpError(400, 'That button is not one this form has. Reload the page and try again.');
      return moved;
    },
  },
  deletePage: { name: 'route' },
  nextCall: sampleCallOnRoute,
}));
