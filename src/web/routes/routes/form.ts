import type { RouteRow, TrunkChoice } from '../../../data/repositories/routes.js';
import { DEFAULT_ROUTE_PRIORITY } from '../../../domain/config/defaults.js';
import type { ConfigIssue } from '../../../domain/config/validate.js';
import type { ConfigData, OutboundRoute } from '../../../domain/config/types.js';
import { compilePattern } from '../../../domain/numbers/pattern.js';
import { FieldErrors, issuesToErrors, type FormErrors } from '../../form-errors.js';
import type { RouteBody } from '../../schemas/routes.js';
import type { DidChoice } from '../agents/form.js';

/** The form as typed: numbers stay text so a mistake can be shown as it was entered. */
export interface RouteFormValues {
  readonly name: string;
  readonly priority: string;
  /** One pattern a line. */
  readonly patterns: string;
  readonly strip: string;
  readonly prepend: string;
  /** Empty: the agent's default DID. */
  readonly callerIdDid: string;
  /** Trunk names in failover order. */
  readonly trunks: readonly string[];
  readonly enabled: boolean;
}

export interface RouteFormView {
  readonly title: string;
  readonly action: string;
  /** Inside the routes page (htmx), or a page of its own (no JavaScript). */
  readonly inline: boolean;
  readonly values: RouteFormValues;
  readonly errors: FormErrors;
  readonly didChoices: readonly DidChoice[];
  /** Every trunk; the form lists the route's in order and offers the rest under "Add trunk". */
  readonly trunkChoices: readonly TrunkChoice[];
}

export const EMPTY_ROUTE: RouteFormValues = {
  name: '',
  priority: String(DEFAULT_ROUTE_PRIORITY),
  patterns: '',
  strip: '0',
  prepend: '',
  callerIdDid: '',
  trunks: [],
  enabled: true,
};

const MAX_INT = 2_147_483_647;
const WHOLE = /^[0-9]+$/;
const PREPEND = /^\+?[0-9]*$/;

export function routeValues(route: RouteRow): RouteFormValues {
  return {
    name: route.name,
    priority: String(route.priority),
    patterns: route.patterns.join('\n'),
    strip: String(route.strip),
    prepend: route.prepend,
    callerIdDid: route.callerIdDid ?? '',
    trunks: route.trunks,
    enabled: route.enabled,
  };
}

/** The submitted values, tidied: trunks listed once each, in the order given. */
export function readRouteValues(body: RouteBody): RouteFormValues {
  return {
    name: (body.name ?? '').trim(),
    priority: (body.priority ?? '').trim(),
    patterns: (body.patterns ?? '').replace(/\r\n?/g, '\n'),
    strip: (body.strip ?? '').trim(),
    prepend: (body.prepend ?? '').replace(/[\s-]/g, ''),
    callerIdDid: (body.callerIdDid ?? '').trim(),
    trunks: [...new Set((body.trunks ?? []).map((name) => name.trim()).filter((name) => name !== ''))],
    enabled: body.enabled !== undefined,
  };
}

/** The submitted form as a route, and what is wrong with it on its own (before the whole configuration is checked). */
export function readRouteForm(body: RouteBody): { values: RouteFormValues; entity: OutboundRoute; errors: FormErrors } {
  const values = readRouteValues(body);
  const errors = new FieldErrors();

  if (values.name === '') errors.add('name', 'is required');
  else if (values.name.length > 64) errors.add('name', 'must be at most 64 characters');

  if (values.priority === '') errors.add('priority', 'is required');
  else if (!WHOLE.test(values.priority) || Number(values.priority) > MAX_INT) errors.add('priority', 'must be a whole number ≥ 0');

  const patterns: string[] = [];
  values.patterns.split('\n').forEach((line, index) => {
    const pattern = line.trim();
    if (pattern === '') return;
    const compiled = compilePattern(pattern);
    if (!compiled.ok) errors.add('patterns', `line ${index + 1}: ${compiled.error} in pattern ${pattern}`);
    patterns.push(pattern);
  });
  if (patterns.length === 0) errors.add('patterns', 'must list at least one pattern');

  const strip = values.strip === '' ? '0' : values.strip;
  if (!WHOLE.test(strip)) errors.add('strip', 'must be a whole number ≥ 0');
  else if (Number(strip) > 64) errors.add('strip', 'must be at most 64');

  if (!PREPEND.test(values.prepend)) errors.add('prepend', 'must be digits, with an optional leading +');
  else if (values.prepend.length > 32) errors.add('prepend', 'must be at most 32 characters');

  if (values.enabled && values.trunks.length === 0) errors.add('trunks', 'needs at least one enabled trunk');

  const route: OutboundRoute = {
    name: values.name,
    priority: WHOLE.test(values.priority) ? Number(values.priority) : 0,
    patterns,
    strip: WHOLE.test(strip) ? Number(strip) : 0,
    prepend: values.prepend,
    callerIdDid: values.callerIdDid === '' ? null : values.callerIdDid,
    trunks: values.trunks,
    enabled: values.enabled,
  };
  return { values, entity: route, errors: errors.result() };
}

/**
 * A trunk-list button (`add`, `up:N`, `down:N`, `remove:N`, N counted from 1): the values
 * with the list changed, nothing saved. Null when `move` is not one of these.
 */
export function applyTrunkMove(values: RouteFormValues, move: string, addTrunk: string): RouteFormValues | null {
  const trunks = [...values.trunks];
  if (move === 'add') {
    const name = addTrunk.trim();
    if (name !== '' && !trunks.includes(name)) trunks.push(name);
    return { ...values, trunks };
  }
  const match = /^(up|down|remove):([0-9]{1,3})$/.exec(move);
  if (match === null) return null;
  const index = Number(match[2]) - 1;
  if (index < 0 || index >= trunks.length) return values;
  const swapWith = match[1] === 'up' ? index - 1 : match[1] === 'down' ? index + 1 : null;
  if (swapWith === null) trunks.splice(index, 1);
  else if (swapWith >= 0 && swapWith < trunks.length) [trunks[index], trunks[swapWith]] = [trunks[swapWith]!, trunks[index]!];
  return { ...values, trunks };
}

/** validateConfig() issues of a proposal that added or changed one route (it is the last route there). */
export function routeIssuesToErrors(issues: readonly ConfigIssue[], proposed: ConfigData): FormErrors {
  return issuesToErrors(issues, proposed, {
    entity: `outboundRoutes[${proposed.routes.length - 1}]`,
    fieldNames: { callerId: 'callerIdDid' },
  });
}
