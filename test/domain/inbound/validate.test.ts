import t from 'tap';
import type { ConfigData } from '../../../src/domain/config/types.js';
import { formatIssue, validateConfig } from '../../../src/domain/config/validate.js';
import { unroutedDids } from '../../../src/domain/inbound/validate.js';
import type { IvrMenu } from '../../../src/domain/ivr/menu.js';
import type { Schedule } from '../../../src/domain/schedule/schedule.js';
import { fixtureConfig, menu } from '../../fixtures/config.js';

const [office] = fixtureConfig.schedules as [Schedule];
const [main, support] = fixtureConfig.menus as [IvrMenu, IvrMenu];
const [anonymous, headOffice] = fixtureConfig.inboundRoutes;

function configWith(changes: Partial<ConfigData>): ConfigData {
  return { ...fixtureConfig, ...changes };
}

const cases: readonly { name: string; config: ConfigData; issues: readonly string[] }[] = [
  { name: 'the fixture is valid', config: fixtureConfig, issues: [] },
  {
    name: 'an older configuration without any inbound part stays valid',
    config: configWith({ schedules: [], inboundRoutes: [], menus: [] }),
    issues: [],
  },
  {
    name: 'a schedule with no open time, a bad zone, range and date',
    config: configWith({
      schedules: [
        { ...office, timeZone: 'Mars/Olympus', weekly: [] },
        { ...office, name: 'late', weekly: [{ day: 'mon', start: '18:00', end: '09:00' }], exceptions: [{ date: '2026-13-01', label: 'x', ranges: [{ start: '25:00', end: '26:00' }] }] },
      ],
    }),
    issues: [
      'schedules[0].timeZone: unknown time zone Mars/Olympus',
      'schedules[0].weekly: has no open time (add at least one weekly range)',
      'schedules[1].weekly[0]: ends (09:00) before it starts (18:00)',
      'schedules[1].exceptions[0].date: 2026-13-01 is not a YYYY-MM-DD date',
      'schedules[1].exceptions[0].ranges[0]: start 25:00 is not a HH:MM time',
    ],
  },
  {
    name: 'inbound routes: unknown and outbound-only DIDs, bad caller, unknown schedule, missing closed destination, unknown menu',
    config: configWith({
      inboundRoutes: [
        { ...headOffice!, did: '0310000099', closedDestination: null },
        { ...anonymous!, name: 'outbound-only', did: '0310000046', caller: 'someone', schedule: 'nights', closedDestination: { kind: 'hangup' } },
        { ...anonymous!, name: 'to-nowhere', did: '_031[', destination: { kind: 'menu', menu: 'nowhere' } },
        { ...anonymous!, name: 'forward', destination: { kind: 'external', number: '0712345678', did: '0310000047' } },
      ],
    }),
    issues: [
      'inboundRoutes[0].did: unknown DID 0310000099',
      'inboundRoutes[0].closed: is required with a schedule',
      'inboundRoutes[1].did: DID 0310000046 does not allow inbound',
      'inboundRoutes[1].caller: must be a number, a pattern (_07X.) or anonymous',
      'inboundRoutes[1].schedule: unknown schedule nights',
      'inboundRoutes[2].did: unclosed [ in pattern _031[',
      'inboundRoutes[2].destination: unknown menu nowhere',
      'inboundRoutes[3].destination: DID 0310000047 does not allow outbound',
    ],
  },
  {
    name: 'menus: an option pointing nowhere, duplicate keys, bad timeouts and sounds',
    config: configWith({
      menus: [
        {
          ...main,
          language: 'english!',
          prompts: ['../secret'],
          digitTimeoutMs: 0,
          maxRetries: -1,
          options: [
            { key: '1', target: { kind: 'goto', destination: { kind: 'agent', extension: '4444' } } },
            { key: '1', target: { kind: 'repeat' } },
          ],
        },
        support,
      ],
    }),
    issues: [
      'menus[0].language: english! is not a language code (e.g. en, fr, pt_BR)',
      'menus[0].prompts[0]: "../secret" is not a sound name or http(s) URL',
      'menus[0].digitTimeoutMs: must be a whole number of milliseconds from 100 to 120000',
      'menus[0].maxRetries: must be a whole number from 0 to 10',
      'menus[0].options[0].to: unknown agent 4444',
      'menus[0].options[1].key: duplicate key 1',
    ],
  },
  {
    name: 'a loop of sub-menus with no exit',
    config: configWith({
      inboundRoutes: [],
      menus: [
        { ...menu('a', ['p'], { kind: 'menu', menu: 'b' }, { kind: 'menu', menu: 'a' }), options: [{ key: '1', target: { kind: 'goto', destination: { kind: 'menu', menu: 'b' } } }] },
        menu('b', ['p'], { kind: 'menu', menu: 'a' }, { kind: 'menu', menu: 'b' }),
        menu('c', ['p'], { kind: 'menu', menu: 'a' }, { kind: 'hangup' }),
      ],
    }),
    issues: [
      'menus[0]: every key, timeout and wrong key leads only to menus that never leave (a loop of sub-menus with no exit)',
      'menus[1]: every key, timeout and wrong key leads only to menus that never leave (a loop of sub-menus with no exit)',
    ],
  },
];

for (const testCase of cases) {
  t.test(testCase.name, async (t) => {
    t.strictSame(validateConfig(testCase.config).map(formatIssue), testCase.issues);
  });
}

t.test('an inbound DID with no route is a warning, not an issue', async (t) => {
  t.strictSame(unroutedDids(fixtureConfig), []);
  const config = configWith({ inboundRoutes: fixtureConfig.inboundRoutes.filter((route) => route.name === 'outlet-45') });
  t.strictSame(unroutedDids(config), ['0310000001', '0310000047']);
  t.strictSame(validateConfig(config), []);
});
