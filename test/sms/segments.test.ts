import t from 'tap';
import { countSegments } from '../../src/sms/segments.js';

const cases: [string, string, ReturnType<typeof countSegments>][] = [
  ['empty', '', { encoding: 'GSM-7', units: 0, segments: 0, remaining: 160 }],
  ['plain text', 'Hello', { encoding: 'GSM-7', units: 5, segments: 1, remaining: 155 }],
  ['160 GSM characters fit one part', 'a'.repeat(160), { encoding: 'GSM-7', units: 160, segments: 1, remaining: 0 }],
  ['161 need two parts of 153', 'a'.repeat(161), { encoding: 'GSM-7', units: 161, segments: 2, remaining: 145 }],
  ['306 fill two parts', 'a'.repeat(306), { encoding: 'GSM-7', units: 306, segments: 2, remaining: 0 }],
  ['extension characters take two septets', '€[]', { encoding: 'GSM-7', units: 6, segments: 1, remaining: 154 }],
  ['159 plus one extension character overflows', `${'a'.repeat(159)}€`, { encoding: 'GSM-7', units: 161, segments: 2, remaining: 145 }],
  ['GSM accents stay GSM-7', 'Café à Ørsted', { encoding: 'GSM-7', units: 13, segments: 1, remaining: 147 }],
  ['one non-GSM character makes it UCS-2', 'Zoë ç ş', { encoding: 'UCS-2', units: 7, segments: 1, remaining: 63 }],
  ['70 UCS-2 units fit one part', 'ş'.repeat(70), { encoding: 'UCS-2', units: 70, segments: 1, remaining: 0 }],
  ['71 need two parts of 67', 'ş'.repeat(71), { encoding: 'UCS-2', units: 71, segments: 2, remaining: 63 }],
  ['an emoji is two UTF-16 units', 'ok 👍', { encoding: 'UCS-2', units: 5, segments: 1, remaining: 65 }],
];

for (const [name, text, expected] of cases) {
  t.same(countSegments(text), expected, name);
}
