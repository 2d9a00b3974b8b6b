import t from 'tap';
import { compilePattern } from '../../src/domain/numbers/pattern.js';

const matchCases: readonly { pattern: string; number: string; matches: boolean }[] = [
  { pattern: '112', number: '112', matches: true },
  { pattern: '112', number: '1120', matches: false },
  { pattern: '112', number: '11', matches: false },
  { pattern: '*21#', number: '*21#', matches: true },
  { pattern: '+256700', number: '+256700', matches: true },
  { pattern: '_07XXXXXXXX', number: '0712345678', matches: true },
  { pattern: '_07XXXXXXXX', number: '071234567', matches: false },
  { pattern: '_07XXXXXXXX', number: '07123456789', matches: false },
  { pattern: '_07XXXXXXXX', number: '0812345678', matches: false },
  { pattern: '_07xxxxxxxx', number: '0712345678', matches: true },
  { pattern: '_X', number: '0', matches: true },
  { pattern: '_Z', number: '0', matches: false },
  { pattern: '_Z', number: '1', matches: true },
  { pattern: '_N', number: '1', matches: false },
  { pattern: '_N', number: '2', matches: true },
  { pattern: '_n', number: '9', matches: true },
  { pattern: '_z', number: '0', matches: false },
  { pattern: '_[1-5]', number: '3', matches: true },
  { pattern: '_[1-5]', number: '6', matches: false },
  { pattern: '_[13-5]', number: '1', matches: true },
  { pattern: '_[13-5]', number: '2', matches: false },
  { pattern: '_[13-5]', number: '4', matches: true },
  { pattern: '_[*#]1', number: '#1', matches: true },
  { pattern: '_00X.', number: '00447911123456', matches: true },
  { pattern: '_00X.', number: '004', matches: false },
  { pattern: '_00X.', number: '0044', matches: true },
  { pattern: '_00X!', number: '004', matches: true },
  { pattern: '_00X!', number: '00', matches: false },
  { pattern: '_0.', number: '0', matches: false },
  { pattern: '_0.', number: '0*#+', matches: true },
  { pattern: '_+X.', number: '+256712345678', matches: true },
  { pattern: '_+X.', number: '256712345678', matches: false },
  { pattern: '_*X#', number: '*5#', matches: true },
  { pattern: '_*X#', number: 'a5#', matches: false },
  { pattern: '_1.', number: '1\n2', matches: true },
];

t.test('matching', async (t) => {
  for (const { pattern, number, matches } of matchCases) {
    const compiled = compilePattern(pattern);
    if (!compiled.ok) {
      t.fail(`${pattern} should compile: ${compiled.error}`);
      continue;
    }
    t.equal(compiled.matcher.matches(number), matches, `${pattern} ${matches ? 'matches' : 'does not match'} ${number}`);
    t.equal(compiled.matcher.source, pattern);
  }
});

const errorCases: readonly { pattern: string; error: string }[] = [
  { pattern: '', error: 'empty pattern' },
  { pattern: '_', error: 'empty pattern' },
  { pattern: '_07[12', error: 'unclosed [' },
  { pattern: '_07[]X', error: 'empty []' },
  { pattern: '_0.X', error: '. is only allowed at the end' },
  { pattern: '_0!X', error: '! is only allowed at the end' },
  { pattern: '_0..', error: '. is only allowed at the end' },
  { pattern: '_07A', error: 'invalid character A' },
  { pattern: '_0 7', error: 'invalid character  ' },
  { pattern: '07X', error: 'invalid character X' },
  { pattern: '0.', error: 'invalid character .' },
  { pattern: '_[5-1]', error: 'invalid range 5-1 in []' },
  { pattern: '_[1-]', error: 'invalid range 1- in []' },
  { pattern: '_[a]', error: 'invalid character a in []' },
];

t.test('compile errors', async (t) => {
  for (const { pattern, error } of errorCases) {
    t.strictSame(compilePattern(pattern), { ok: false, error }, JSON.stringify(pattern));
  }
});

const prefixCases: readonly { pattern: string; prefix: string; accepts: boolean }[] = [
  { pattern: '_07XXXXXXXX', prefix: '07', accepts: true },
  { pattern: '_07XXXXXXXX', prefix: '0', accepts: true },
  { pattern: '_07XXXXXXXX', prefix: '45', accepts: false },
  { pattern: '_07XXXXXXXX', prefix: '0712345678', accepts: true },
  { pattern: '_07XXXXXXXX', prefix: '07123456789', accepts: false },
  { pattern: '_00X.', prefix: '0044791112345678', accepts: true },
  { pattern: '_00X.', prefix: '01', accepts: false },
  { pattern: '_[4-6]X.', prefix: '45', accepts: true },
  { pattern: '112', prefix: '11', accepts: true },
  { pattern: '112', prefix: '12', accepts: false },
];

t.test('numbers starting with a prefix', async (t) => {
  for (const { pattern, prefix, accepts } of prefixCases) {
    const compiled = compilePattern(pattern);
    t.ok(compiled.ok);
    if (compiled.ok) t.equal(compiled.matcher.acceptsNumbersStartingWith(prefix), accepts, `${pattern} / ${prefix}`);
  }
});
