import type { ConfigIssue } from '../../../domain/config/validate.js';
import type { ConfigData } from '../../../domain/config/types.js';
import { formatDestination, parseDestination, type Destination } from '../../../domain/inbound/destination.js';
import type { InboundRoute } from '../../../domain/inbound/route.js';
import { FieldErrors, issuesToErrors, type FormErrors } from '../../form-errors.js';
import type { InboundRouteBody } from '../../schemas/inbound.js';

export interface InboundRouteFormValues {
  readonly name: string;
  readonly did: string;
  /** Empty: any caller. */
  readonly caller: string;
  /** Empty: always open. */
  readonly schedule: string;
  readonly destination: string;
  /** Where calls go while the schedule is closed. */
  readonly closed: string;
  readonly enabled: boolean;
}

export const EMPTY_INBOUND_ROUTE: InboundRouteFormValues = { name: '', did: '', caller: '', schedule: '', destination: '', closed: '', enabled: true };

export function inboundRouteValues(route: InboundRoute): InboundRouteFormValues {
  return {
    name: route.name,
    did: route.did,
    caller: route.caller ?? '',
    schedule: route.schedule ?? '',
    destination: formatDestination(route.destination),
    closed: route.closedDestination === null ? '' : formatDestination(route.closedDestination),
    enabled: route.enabled,
  };
}

const HANGUP: Destination = { kind: 'hangup' };

/** A destination field: its value, or its problem in words (added to `errors`). */
export function readDestination(text: string, field: string, errors: FieldErrors): Destination | null {
  if (text === '') return null;
  const parsed = parseDestination(text);
  if (!parsed.ok) {
    errors.add(field, `is not understood: ${parsed.error}`);
    return null;
  }
  return parsed.destination;
}

export function readInboundRouteForm(body: InboundRouteBody): { values: InboundRouteFormValues; entity: InboundRoute; errors: FormErrors } {
  const values: InboundRouteFormValues = {
    name: (body.name ?? '').trim(),
    did: (body.did ?? '').replace(/[\s-]/g, ''),
    caller: (body.caller ?? '').replace(/[\s-]/g, ''),
    schedule: (body.schedule ?? '').trim(),
    destination: (body.destination ?? '').trim(),
    closed: (body.closed ?? '').trim(),
    enabled: body.enabled !== undefined,
  };
  const errors = new FieldErrors();
  if (values.name === '') errors.add('name', 'is required');
  else if (values.name.length > 64) errors.add('name', 'must be at most 64 characters');
  else if (!/^[A-Za-z0-9_.-]+$/.test(values.name)) errors.add('name', 'may only use letters, digits, _ . or - (no spaces)');
  if (values.did === '') errors.add('did', 'is required: a configured DID, or a pattern such as _03100000XX');
  else if (values.did.length > 64) errors.add('did', 'must be at most 64 characters');
  if (values.caller.length > 64) errors.add('caller', 'must be at most 64 characters');
  if (values.destination === '') errors.add('destination', 'is required (e.g. menu:main, queue:sales, agent:1010, hangup)');
  const destination = readDestination(values.destination, 'destination', errors);
  const closed = readDestination(values.closed, 'closed', errors);
  if (values.schedule !== '' && values.closed === '') errors.add('closed', 'is required when the route follows a schedule: say where calls go while it is closed');
  const route: InboundRoute = {
    name: values.name,
    did: values.did,
    caller: values.caller === '' ? null : values.caller,
    schedule: values.schedule === '' ? null : values.schedule,
    destination: destination ?? HANGUP,
    closedDestination: closed,
    enabled: values.enabled,
  };
  return { values, entity: route, errors: errors.result() };
}

export function inboundRouteIssuesToErrors(issues: readonly ConfigIssue[], proposed: ConfigData): FormErrors {
  return issuesToErrors(issues, proposed, { entity: `inboundRoutes[${proposed.inboundRoutes.length - 1}]` });
}
