import type { ConfigIssue } from '../../../domain/config/validate.js';
import { NUMBER_FORMATS, type ConfigData, type NumberFormat, type Trunk } from '../../../domain/config/types.js';
import { formatNumber, type NumberingPlan } from '../../../domain/numbers/format.js';
import { FieldErrors, issuesToErrors, type FormErrors } from '../../form-errors.js';
import type { TrunkBody } from '../../schemas/trunks.js';

export interface TrunkFormValues {
  readonly name: string;
  readonly dial: string;
  readonly numberFormat: string;
  readonly enabled: boolean;
}

export interface TrunkFormView {
  readonly title: string;
  readonly action: string;
  /** Inside the trunks page (htmx), or a page of its own (no JavaScript). */
  readonly inline: boolean;
  readonly values: TrunkFormValues;
  readonly errors: FormErrors;
}

export const EMPTY_TRUNK: TrunkFormValues = { name: '', dial: 'PJSIP/{number}@', numberFormat: 'e164', enabled: true };

/** The number every example is written from: a national mobile number as an agent dials it. */
export const EXAMPLE_NUMBER = '0712345678';

const FORMAT_NAMES: Readonly<Record<NumberFormat, string>> = {
  national: 'national form',
  e164: 'international digits, no +',
  e164plus: 'international with +',
};

export interface FormatChoice {
  readonly value: NumberFormat;
  /** The option: the format and how EXAMPLE_NUMBER looks in it, e.g. `e164: 256712345678`. */
  readonly label: string;
  readonly description: string;
  /** How EXAMPLE_NUMBER is written in this format under the current settings. */
  readonly example: string;
}

/** The number formats, each with how 0712345678 leaves in it (formatNumber() under the current settings). */
export function formatChoices(plan: NumberingPlan): FormatChoice[] {
  return NUMBER_FORMATS.map((format) => {
    const written = formatNumber(EXAMPLE_NUMBER, format, plan);
    const example = written.ok ? written.number : EXAMPLE_NUMBER;
    return { value: format, label: `${format}: ${example}`, description: FORMAT_NAMES[format], example };
  });
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** The submitted form, and what is wrong with it on its own (before the whole configuration is checked). */
export function readTrunkForm(body: TrunkBody): { values: TrunkFormValues; entity: Trunk; errors: FormErrors } {
  const values: TrunkFormValues = {
    name: (body.name ?? '').trim(),
    dial: (body.dial ?? '').trim(),
    numberFormat: (body.numberFormat ?? '').trim(),
    enabled: body.enabled !== undefined,
  };
  const errors = new FieldErrors();
  if (values.name === '') errors.add('name', 'is required');
  else if (values.name.length > 64) errors.add('name', 'must be at most 64 characters');
  else if (!NAME.test(values.name)) errors.add('name', 'may use letters, digits, _ . and - only');
  if (values.dial === '') errors.add('dial', 'is required, e.g. PJSIP/{number}@main_trunk');
  else if (values.dial.length > 255) errors.add('dial', 'must be at most 255 characters');
  else if (!values.dial.includes('{number}')) errors.add('dial', 'must contain {number}, where the dialed number goes (e.g. PJSIP/{number}@main_trunk)');
  const numberFormat = NUMBER_FORMATS.find((format) => format === values.numberFormat);
  if (numberFormat === undefined) errors.add('numberFormat', `must be one of ${NUMBER_FORMATS.join(', ')}`);
  const trunk: Trunk = { name: values.name, dial: values.dial, numberFormat: numberFormat ?? 'e164', enabled: values.enabled };
  return { values, entity: trunk, errors: errors.result() };
}

/** validateConfig() issues of a proposal that added or changed `trunk` (it is the last trunk there). */
export function trunkIssuesToErrors(issues: readonly ConfigIssue[], proposed: ConfigData, trunk: Trunk): FormErrors {
  // Routes left without an enabled trunk because this one is off: one message under "enabled".
  const stranded = trunk.enabled
    ? []
    : issues.flatMap((issue) => {
        const index = /^outboundRoutes\[(\d+)\]\.trunks$/.exec(issue.path)?.[1];
        const route = index === undefined ? undefined : proposed.routes[Number(index)];
        return route !== undefined && route.trunks.includes(trunk.name) ? [{ issue, route: route.name }] : [];
      });
  const errors = issuesToErrors(
    issues.filter((issue) => !stranded.some((entry) => entry.issue === issue)),
    proposed,
    { entity: `trunks[${proposed.trunks.length - 1}]` },
  );
  if (stranded.length === 0) return errors;
  const routes = stranded.map((entry) => `route ${entry.route}`);
  const message =
    routes.length === 1
      ? `${routes[0]} needs at least one enabled trunk, and this is its last one: enable another trunk on it (or disable the route) first`
      : `${routes.slice(0, -1).join(', ')} and ${routes.at(-1)} need at least one enabled trunk, and this is their last one: enable another trunk on them (or disable the routes) first`;
  return { ...errors, fields: { ...errors.fields, enabled: [...(errors.fields.enabled ?? []), message] } };
}

/** Why a trunk that routes dial through was not deleted. */
export function trunkInUseMessage(trunk: Trunk, routes: readonly string[]): string {
  const named = routes.map((route) => `route ${route}`).join(', ');
  return `Trunk ${trunk.name} was not deleted: ${named} ${routes.length === 1 ? 'dials' : 'dial'} through it. Take it off ${routes.length === 1 ? 'that route' : 'those routes'} first, then delete it.`;
}
