import t from 'tap';
import { canonicalNumber, formatNumber, stripSeparators, toInternational } from '../../src/domain/numbers/format.js';
import type { NumberFormat } from '../../src/domain/config/types.js';

const plan = { countryCode: '256', nationalPrefix: '0', internationalPrefix: '00' };

const parseCases: readonly { input: string; kind: 'international' | 'short'; digits: string }[] = [
  { input: '0712345678', kind: 'international', digits: '256712345678' },
  { input: '00256712345678', kind: 'international', digits: '256712345678' },
  { input: '+256712345678', kind: 'international', digits: '256712345678' },
  { input: '256712345678', kind: 'international', digits: '256712345678' },
  { input: '+256 (71) 234-5678', kind: 'international', digits: '256712345678' },
  { input: '071 234 56.78', kind: 'international', digits: '256712345678' },
  { input: '00447911123456', kind: 'international', digits: '447911123456' },
  { input: '+447911123456', kind: 'international', digits: '447911123456' },
  { input: '112', kind: 'short', digits: '112' },
  { input: '1009', kind: 'short', digits: '1009' },
  { input: '256123', kind: 'short', digits: '256123' },
  { input: '2561234', kind: 'short', digits: '2561234' },
  { input: '256123456', kind: 'international', digits: '256123456' },
  { input: '0', kind: 'short', digits: '0' },
  { input: '*21#', kind: 'short', digits: '*21#' },
];

t.test('toInternational reads every input form', async (t) => {
  for (const { input, kind, digits } of parseCases) {
    t.strictSame(toInternational(input, plan), { ok: true, number: { kind, digits } }, input);
  }
});

const failureCases: readonly { input: string; reason: 'EMPTY' | 'NOT_DIGITS' }[] = [
  { input: '', reason: 'EMPTY' },
  { input: ' - ( ) ', reason: 'EMPTY' },
  { input: '07123abc', reason: 'NOT_DIGITS' },
  { input: '+', reason: 'NOT_DIGITS' },
  { input: '+256*1', reason: 'NOT_DIGITS' },
  { input: '07+12', reason: 'NOT_DIGITS' },
];

t.test('toInternational refuses what is not a number', async (t) => {
  for (const { input, reason } of failureCases) {
    t.strictSame(toInternational(input, plan), { ok: false, reason }, JSON.stringify(input));
    t.strictSame(formatNumber(input, 'e164', plan), { ok: false, reason }, JSON.stringify(input));
  }
});

const localForms = ['0712345678', '00256712345678', '+256712345678', '256712345678', '071-234 5678'];
const foreignForms = ['00447911123456', '+447911123456', '+44 7911 123456'];
const shortForms = ['112', '999', '1009', '*21#'];

const expected: readonly { forms: readonly string[]; format: NumberFormat; output: (input: string) => string }[] = [
  { forms: localForms, format: 'e164', output: () => '256712345678' },
  { forms: localForms, format: 'e164plus', output: () => '+256712345678' },
  { forms: localForms, format: 'national', output: () => '0712345678' },
  { forms: foreignForms, format: 'e164', output: () => '447911123456' },
  { forms: foreignForms, format: 'e164plus', output: () => '+447911123456' },
  { forms: foreignForms, format: 'national', output: () => '00447911123456' },
  { forms: shortForms, format: 'e164', output: (input) => input },
  { forms: shortForms, format: 'e164plus', output: (input) => input },
  { forms: shortForms, format: 'national', output: (input) => input },
];

t.test('formatNumber writes every input form in every format', async (t) => {
  for (const { forms, format, output } of expected) {
    for (const input of forms) {
      t.strictSame(formatNumber(input, format, plan), { ok: true, number: output(input) }, `${input} as ${format}`);
    }
  }
});

t.test('formatNumber follows the numbering plan', async (t) => {
  const noNationalPrefix = { countryCode: '1', nationalPrefix: '', internationalPrefix: '011' };
  const cases: readonly { input: string; format: NumberFormat; output: string }[] = [
    { input: '12125550100', format: 'national', output: '2125550100' },
    { input: '+12125550100', format: 'e164plus', output: '+12125550100' },
    { input: '011447911123456', format: 'e164', output: '447911123456' },
    { input: '447911123456', format: 'national', output: '447911123456' },
  ];
  for (const { input, format, output } of cases) {
    t.strictSame(formatNumber(input, format, noNationalPrefix), { ok: true, number: output }, `${input} as ${format}`);
  }
});

t.test('stripSeparators', async (t) => {
  t.equal(stripSeparators(' +256 (71) 234-56.78 '), '+256712345678');
  t.equal(stripSeparators('*21#'), '*21#');
});

t.test('canonicalNumber: international digits for every form, short codes as dialed, null when unreadable', async (t) => {
  const rows: [string, string | null][] = [
    ['0712345678', '256712345678'],
    ['+256712345678', '256712345678'],
    ['256712345678', '256712345678'],
    ['00256712345678', '256712345678'],
    ['+44 7911 123456', '447911123456'],
    ['00447911123456', '447911123456'],
    ['112', '112'],
    ['07abc', null],
  ];
  for (const [input, canonical] of rows) t.equal(canonicalNumber(input, plan), canonical, input);
});
