import t from 'tap';
import { formatDestination, parseDestination, type Destination } from '../../../src/domain/inbound/destination.js';

const valid: readonly [string, Destination][] = [
  ['menu:main', { kind: 'menu', menu: 'main' }],
  ['queue:sales', { kind: 'queue', queue: 'sales' }],
  ['agent:1009', { kind: 'agent', extension: '1009' }],
  ['extension:*97', { kind: 'extension', extension: '*97' }],
  ['external:0712345678@0310000001', { kind: 'external', number: '0712345678', did: '0310000001' }],
  ['announcement:custom/closed-for-holidays', { kind: 'announcement', sound: 'custom/closed-for-holidays' }],
  ['announcement:http://mayday.example:3002/prompts/7', { kind: 'announcement', sound: 'http://mayday.example:3002/prompts/7' }],
  ['hangup', { kind: 'hangup' }],
  ['voicemail:100', { kind: 'voicemail', box: '100' }],
];

for (const [text, destination] of valid) {
  t.test(`${text} reads and writes back`, async (t) => {
    t.strictSame(parseDestination(text), { ok: true, destination });
    t.equal(formatDestination(destination), text);
  });
}

const invalid: readonly [string, RegExp][] = [
  ['', /is not a destination/],
  ['main', /is not a destination/],
  ['fax:1', /unknown destination kind "fax"/],
  ['menu:', /is not a menu name/],
  ['menu:main menu', /is not a menu name/],
  ['agent:10a', /is not an agent extension/],
  ['external:0712345678', /is not number@did/],
  ['external:0712345678@031@1', /is not number@did/],
  ['announcement:../etc/passwd', /is not a sound name/],
  ['announcement:custom/../../secret', /is not a sound name/],
  ['announcement:closed message', /is not a sound name/],
];

for (const [text, error] of invalid) {
  t.test(`"${text}" is refused`, async (t) => {
    const parsed = parseDestination(text);
    t.equal(parsed.ok, false);
    if (!parsed.ok) t.match(parsed.error, error);
  });
}
