import type { ConfigIssue } from '../../../domain/config/validate.js';
import type { ConfigData, Settings } from '../../../domain/config/types.js';
import { FieldErrors, issuesToErrors, type FormErrors } from '../../form-errors.js';
import type { SettingsBody } from '../../schemas/settings.js';

export interface SettingsFormValues {
  readonly countryCode: string;
  readonly nationalPrefix: string;
  readonly internationalPrefix: string;
  readonly defaultDid: string;
  /** As typed: numbers separated by commas or new lines. */
  readonly emergencyNumbers: string;
}

/** The columns are VARCHAR(4). */
const MAX_CODE_DIGITS = 4;
const MAX_EMERGENCY_DIGITS = 16;
const MAX_EMERGENCY_NUMBERS = 50;

export function settingsFormValues(settings: Settings): SettingsFormValues {
  return {
    countryCode: settings.countryCode,
    nationalPrefix: settings.nationalPrefix,
    internationalPrefix: settings.internationalPrefix,
    defaultDid: settings.defaultDid ?? '',
    emergencyNumbers: settings.emergencyNumbers.join(', '),
  };
}

/** The submitted form, and what is wrong with it on its own (before the whole configuration is checked). */
export function readSettingsForm(body: SettingsBody): { values: SettingsFormValues; settings: Settings; errors: FormErrors } {
  const digits = (value: string | undefined): string => (value ?? '').replace(/\s/g, '');
  const values: SettingsFormValues = {
    countryCode: digits(body.countryCode).replace(/^\+/, ''),
    nationalPrefix: digits(body.nationalPrefix),
    internationalPrefix: digits(body.internationalPrefix),
    defaultDid: (body.defaultDid ?? '').trim(),
    emergencyNumbers: (body.emergencyNumbers ?? '').trim(),
  };
  const emergencyNumbers = [...new Set(values.emergencyNumbers.split(/[\s,;]+/).filter((number) => number !== ''))];
  const errors = new FieldErrors();
  if (values.countryCode === '') errors.add('countryCode', 'is required, e.g. 256');
  checkCode(errors, 'countryCode', values.countryCode);
  checkCode(errors, 'nationalPrefix', values.nationalPrefix);
  checkCode(errors, 'internationalPrefix', values.internationalPrefix);
  const wrong = emergencyNumbers.filter((number) => !/^[0-9]+$/.test(number) || number.length > MAX_EMERGENCY_DIGITS);
  if (wrong.length > 0) errors.add('emergencyNumbers', `must be digits only (at most ${MAX_EMERGENCY_DIGITS}); not: ${wrong.join(', ')}`);
  if (emergencyNumbers.length > MAX_EMERGENCY_NUMBERS) errors.add('emergencyNumbers', `may list at most ${MAX_EMERGENCY_NUMBERS} numbers`);
  const settings: Settings = {
    countryCode: values.countryCode,
    nationalPrefix: values.nationalPrefix,
    internationalPrefix: values.internationalPrefix,
    defaultDid: values.defaultDid === '' ? null : values.defaultDid,
    emergencyNumbers,
  };
  return { values, settings, errors: errors.result() };
}

function checkCode(errors: FieldErrors, field: string, value: string): void {
  if (value === '') return;
  if (!/^[0-9]+$/.test(value)) errors.add(field, 'must be digits only');
  else if (value.length > MAX_CODE_DIGITS) errors.add(field, `must be at most ${MAX_CODE_DIGITS} digits`);
}

/** validateConfig() issues of a proposal that changed the settings. */
export function settingsIssuesToErrors(issues: readonly ConfigIssue[], proposed: ConfigData): FormErrors {
  return issuesToErrors(issues, proposed, { entity: 'settings' });
}
