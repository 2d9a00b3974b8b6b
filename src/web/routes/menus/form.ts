import type { ConfigIssue } from '../../../domain/config/validate.js';
import type { ConfigData } from '../../../domain/config/types.js';
import { formatDestination, isSound, type Destination } from '../../../domain/inbound/destination.js';
import { MENU_KEYS, type IvrMenu, type MenuKey, type MenuOption } from '../../../domain/ivr/menu.js';
import { FieldErrors, issuesToErrors, mergeErrors, type FormErrors } from '../../form-errors.js';
import type { MenuBody } from '../../schemas/inbound.js';
import { readDestination } from '../inbound-routes/form.js';

/** A key's form field: `key1`, `key0`, `keyStar`, `keyHash`. */
export type KeyField = `key${'1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '0' | 'Star' | 'Hash'}`;

export function keyField(key: MenuKey): KeyField {
  return key === '*' ? 'keyStar' : key === '#' ? 'keyHash' : `key${key}`;
}

/** The keys in telephone order, each with its field, for the form. */
export const KEY_FIELDS: readonly { readonly key: MenuKey; readonly field: KeyField }[] = MENU_KEYS.map((key) => ({ key, field: keyField(key) }));

/** The form as typed: numbers stay text so a mistake can be shown as entered. */
export interface MenuFormValues {
  readonly name: string;
  readonly language: string;
  /** Sound names separated by spaces or commas. */
  readonly greeting: string;
  readonly prompts: string;
  readonly digitTimeoutMs: string;
  readonly interDigitTimeoutMs: string;
  readonly maxRetries: string;
  readonly invalidPrompt: string;
  readonly timeoutPrompt: string;
  readonly invalid: string;
  readonly timeout: string;
  /** Per key: `repeat`, a destination, or empty (the key does nothing: a wrong key). */
  readonly keys: Readonly<Record<KeyField, string>>;
  readonly directDial: boolean;
  readonly bargeIn: boolean;
}

const NO_KEYS = Object.fromEntries(KEY_FIELDS.map(({ field }) => [field, ''])) as Record<KeyField, string>;

export const EMPTY_MENU: MenuFormValues = {
  name: '',
  language: 'en',
  greeting: '',
  prompts: '',
  digitTimeoutMs: '5000',
  interDigitTimeoutMs: '2000',
  maxRetries: '2',
  invalidPrompt: '',
  timeoutPrompt: '',
  invalid: 'hangup',
  timeout: 'hangup',
  keys: NO_KEYS,
  directDial: false,
  bargeIn: true,
};

const REPEAT = 'repeat';
const WHOLE = /^[0-9]{1,9}$/;
const HANGUP: Destination = { kind: 'hangup' };

export function menuValues(menu: IvrMenu): MenuFormValues {
  const keys = { ...NO_KEYS };
  for (const option of menu.options) {
    keys[keyField(option.key)] = option.target.kind === 'repeat' ? REPEAT : formatDestination(option.target.destination);
  }
  return {
    name: menu.name,
    language: menu.language,
    greeting: menu.greeting.join(' '),
    prompts: menu.prompts.join(' '),
    digitTimeoutMs: String(menu.digitTimeoutMs),
    interDigitTimeoutMs: String(menu.interDigitTimeoutMs),
    maxRetries: String(menu.maxRetries),
    invalidPrompt: menu.invalidPrompt ?? '',
    timeoutPrompt: menu.timeoutPrompt ?? '',
    invalid: formatDestination(menu.invalidDestination),
    timeout: formatDestination(menu.timeoutDestination),
    keys,
    directDial: menu.directDial,
    bargeIn: menu.bargeIn,
  };
}

function sounds(text: string, field: string, errors: FieldErrors): string[] {
  const names = text.split(/[\s,]+/).filter((name) => name !== '');
  for (const name of names) if (!isSound(name)) errors.add(field, `"${name}" is not a sound name (e.g. hello-world, custom/welcome) or an http(s) URL`);
  return names;
}

function whole(text: string, field: string, errors: FieldErrors, min: number, max: number, unit: string): number {
  if (text === '') errors.add(field, 'is required');
  else if (!WHOLE.test(text) || Number(text) < min || Number(text) > max) errors.add(field, `must be a whole number of ${unit} from ${min} to ${max}`);
  return WHOLE.test(text) ? Number(text) : 0;
}

export function readMenuForm(body: MenuBody): { values: MenuFormValues; entity: IvrMenu; errors: FormErrors } {
  const keys = { ...NO_KEYS };
  for (const { field } of KEY_FIELDS) keys[field] = (body[field] ?? '').trim();
  const values: MenuFormValues = {
    name: (body.name ?? '').trim(),
    language: (body.language ?? '').trim(),
    greeting: (body.greeting ?? '').trim(),
    prompts: (body.prompts ?? '').trim(),
    digitTimeoutMs: (body.digitTimeoutMs ?? '').trim(),
    interDigitTimeoutMs: (body.interDigitTimeoutMs ?? '').trim(),
    maxRetries: (body.maxRetries ?? '').trim(),
    invalidPrompt: (body.invalidPrompt ?? '').trim(),
    timeoutPrompt: (body.timeoutPrompt ?? '').trim(),
    invalid: (body.invalid ?? '').trim(),
    timeout: (body.timeout ?? '').trim(),
    keys,
    directDial: body.directDial !== undefined,
    bargeIn: body.bargeIn !== undefined,
  };
  const errors = new FieldErrors();
  if (values.name === '') errors.add('name', 'is required');
  else if (values.name.length > 64) errors.add('name', 'must be at most 64 characters');
  else if (!/^[A-Za-z0-9_.-]+$/.test(values.name)) errors.add('name', 'may only use letters, digits, _ . or - (no spaces)');
  if (values.language === '') errors.add('language', 'is required (e.g. en)');

  const greeting = sounds(values.greeting, 'greeting', errors);
  const prompts = sounds(values.prompts, 'prompts', errors);
  const [invalidPrompt = null] = sounds(values.invalidPrompt, 'invalidPrompt', errors);
  const [timeoutPrompt = null] = sounds(values.timeoutPrompt, 'timeoutPrompt', errors);
  if (prompts.length === 0 && greeting.length === 0) errors.add('prompts', 'are required: the caller must hear something before pressing a key');

  const digitTimeoutMs = whole(values.digitTimeoutMs, 'digitTimeoutMs', errors, 100, 120_000, 'milliseconds');
  const interDigitTimeoutMs = whole(values.interDigitTimeoutMs, 'interDigitTimeoutMs', errors, 100, 120_000, 'milliseconds');
  const maxRetries = whole(values.maxRetries, 'maxRetries', errors, 0, 10, 'retries');

  if (values.invalid === '') errors.add('invalid', 'is required (e.g. hangup, or agent:1010)');
  if (values.timeout === '') errors.add('timeout', 'is required (e.g. hangup, or agent:1010)');
  const invalidDestination = readDestination(values.invalid, 'invalid', errors) ?? HANGUP;
  const timeoutDestination = readDestination(values.timeout, 'timeout', errors) ?? HANGUP;

  const options: MenuOption[] = [];
  for (const { key, field } of KEY_FIELDS) {
    const to = keys[field];
    if (to === '') continue;
    if (to.toLowerCase() === REPEAT) {
      options.push({ key, target: { kind: 'repeat' } });
      continue;
    }
    const destination = readDestination(to, field, errors);
    if (destination !== null) options.push({ key, target: { kind: 'goto', destination } });
  }

  const menu: IvrMenu = {
    name: values.name,
    language: values.language,
    greeting,
    prompts,
    digitTimeoutMs,
    interDigitTimeoutMs,
    maxRetries,
    invalidPrompt,
    timeoutPrompt,
    invalidDestination,
    timeoutDestination,
    options,
    directDial: values.directDial,
    bargeIn: values.bargeIn,
  };
  return { values, entity: menu, errors: errors.result() };
}

/** validateConfig() issues of a proposal that added or changed one menu (it is the last one there): a key's issue goes under that key. */
export function menuIssuesToErrors(issues: readonly ConfigIssue[], proposed: ConfigData): FormErrors {
  const index = proposed.menus.length - 1;
  const menu = proposed.menus[index];
  const optionPath = new RegExp(`^menus\\[${index}\\]\\.options\\[(\\d+)\\]`);
  const keys = new FieldErrors();
  const form: string[] = [];
  const rest = issues.filter((issue) => {
    if (issue.path === `menus[${index}]`) {
      form.push(`This menu: ${issue.message}`);
      return false;
    }
    const match = optionPath.exec(issue.path);
    const key = match === null ? undefined : menu?.options[Number(match[1])]?.key;
    if (key === undefined) return true;
    keys.add(keyField(key), issue.message);
    return false;
  });
  return mergeErrors(keys.result(), { fields: {}, form }, issuesToErrors(rest, proposed, { entity: `menus[${index}]` }));
}
