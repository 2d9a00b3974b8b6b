// Number forms for trunks: any way a number is written (`0712345678`, `00256712345678`,
// `+256712345678`, `256712345678`) is read into international digits once, then written
// in the form a trunk expects.

import type { NumberFormat, Settings } from '../config/types.js';

export type NumberingPlan = Pick<Settings, 'countryCode' | 'nationalPrefix' | 'internationalPrefix'>;

/** `international`: country code + subscriber digits. `short`: a short/internal/service code, never rewritten. */
export interface ParsedNumber {
  readonly kind: 'international' | 'short';
  readonly digits: string;
}

export type NumberFailure = 'EMPTY' | 'NOT_DIGITS';

export type ParseResult =
  | { readonly ok: true; readonly number: ParsedNumber }
  | { readonly ok: false; readonly reason: NumberFailure };

export type FormatResult =
  | { readonly ok: true; readonly number: string }
  | { readonly ok: false; readonly reason: NumberFailure };

/** A number counts as full (not a short code) from this many digits after the country code. */
const MIN_SUBSCRIBER_DIGITS = 6;
const SEPARATORS = /[\s\-.()]/g;
const DIGITS_ONLY = /^[0-9]+$/;
const SERVICE_CODE = /^[0-9]*[*#][0-9*#]*$/;

export function stripSeparators(input: string): string {
  return input.replace(SEPARATORS, '');
}

export function toInternational(input: string, plan: NumberingPlan): ParseResult {
  const cleaned = stripSeparators(input);
  if (cleaned === '') return { ok: false, reason: 'EMPTY' };
  if (cleaned.startsWith('+')) {
    const digits = cleaned.slice(1);
    return DIGITS_ONLY.test(digits) ? international(digits) : { ok: false, reason: 'NOT_DIGITS' };
  }
  // `*` and `#` only appear in service codes (`*123#`), which are never rewritten.
  if (SERVICE_CODE.test(cleaned)) return short(cleaned);
  if (!DIGITS_ONLY.test(cleaned)) return { ok: false, reason: 'NOT_DIGITS' };

  const { countryCode, nationalPrefix, internationalPrefix } = plan;
  // The international prefix is checked first because it usually begins with the national one.
  if (startsWithNonEmpty(cleaned, internationalPrefix)) return international(cleaned.slice(internationalPrefix.length));
  if (startsWithNonEmpty(cleaned, nationalPrefix)) return international(countryCode + cleaned.slice(nationalPrefix.length));
  if (cleaned.startsWith(countryCode) && cleaned.length >= countryCode.length + MIN_SUBSCRIBER_DIGITS) {
    return international(cleaned);
  }
  return short(cleaned);
}

/**
 * The one form route patterns are matched against besides the number as dialed: international
 * digits without `+` (`0712345678`, `+256712345678`, `00256712345678` and `256712345678` are all
 * `256712345678`); short codes stay as dialed. Null when the number cannot be read.
 */
export function canonicalNumber(input: string, plan: NumberingPlan): string | null {
  const parsed = toInternational(input, plan);
  return parsed.ok ? parsed.number.digits : null;
}

export function writeNumber(number: ParsedNumber, format: NumberFormat, plan: NumberingPlan): string {
  if (number.kind === 'short') return number.digits;
  switch (format) {
    case 'e164':
      return number.digits;
    case 'e164plus':
      return `+${number.digits}`;
    case 'national':
      return number.digits.startsWith(plan.countryCode)
        ? plan.nationalPrefix + number.digits.slice(plan.countryCode.length)
        : plan.internationalPrefix + number.digits;
  }
}

export function formatNumber(input: string, format: NumberFormat, plan: NumberingPlan): FormatResult {
  const parsed = toInternational(input, plan);
  if (!parsed.ok) return parsed;
  return { ok: true, number: writeNumber(parsed.number, format, plan) };
}

/** A prefix that is longer than the number leaves nothing to dial, so it does not apply. */
function startsWithNonEmpty(digits: string, prefix: string): boolean {
  return prefix !== '' && digits.length > prefix.length && digits.startsWith(prefix);
}

function international(digits: string): ParseResult {
  return { ok: true, number: { kind: 'international', digits } };
}

function short(digits: string): ParseResult {
  return { ok: true, number: { kind: 'short', digits } };
}
