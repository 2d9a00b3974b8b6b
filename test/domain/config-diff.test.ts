import t from 'tap';
import { describeChange, diffConfig, overlappingEntities, summarizeChanges, type EntityChange } from '../../src/domain/config/diff.js';
import type { ConfigData } from '../../src/domain/config/types.js';
import { fixtureConfig } from '../fixtures/config.js';

const base = fixtureConfig;

// Replaces the first item of a collection with an edited copy.
function editFirst<K extends 'trunks' | 'dids' | 'agents' | 'prefixes' | 'routes' | 'schedules' | 'inboundRoutes' | 'menus'>(
  key: K,
  edit: (item: ConfigData[K][number]) => ConfigData[K][number],
): ConfigData {
  const [first, ...rest] = base[key];
  return { ...base, [key]: [edit(first as ConfigData[K][number]), ...rest] };
}

// One row per entity and field: the edit, and the one field change the diff must report.
const fieldCases: [string, ConfigData, EntityChange][] = [
  ['settings.countryCode', { ...base, settings: { ...base.settings, countryCode: '254' } }, changed('settings', 'settings', 'countryCode', '256', '254')],
  ['settings.nationalPrefix', { ...base, settings: { ...base.settings, nationalPrefix: '' } }, changed('settings', 'settings', 'nationalPrefix', '0', '')],
  ['settings.internationalPrefix', { ...base, settings: { ...base.settings, internationalPrefix: '000' } }, changed('settings', 'settings', 'internationalPrefix', '00', '000')],
  ['settings.defaultDid', { ...base, settings: { ...base.settings, defaultDid: null } }, changed('settings', 'settings', 'defaultDid', '0310000001', '')],
  ['settings.emergencyNumbers', { ...base, settings: { ...base.settings, emergencyNumbers: ['112'] } }, changed('settings', 'settings', 'emergencyNumbers', '112, 999', '112')],
  ['trunk.dial', editFirst('trunks', (x) => ({ ...x, dial: 'SIP/{number}' })), changed('trunk', 'main_trunk', 'dial', 'PJSIP/{number}@main_trunk', 'SIP/{number}')],
  ['trunk.numberFormat', editFirst('trunks', (x) => ({ ...x, numberFormat: 'e164plus' })), changed('trunk', 'main_trunk', 'numberFormat', 'e164', 'e164plus')],
  ['trunk.enabled', editFirst('trunks', (x) => ({ ...x, enabled: false })), changed('trunk', 'main_trunk', 'enabled', 'yes', 'no')],
  ['did.label', editFirst('dids', (x) => ({ ...x, label: 'HQ' })), changed('did', '0310000001', 'label', 'Head office', 'HQ')],
  ['did.callerIdName', editFirst('dids', (x) => ({ ...x, callerIdName: 'Help desk' })), changed('did', '0310000001', 'callerIdName', '', 'Help desk')],
  ['did.outbound', editFirst('dids', (x) => ({ ...x, allowOutbound: false })), changed('did', '0310000001', 'outbound', 'yes', 'no')],
  ['did.inbound', editFirst('dids', (x) => ({ ...x, allowInbound: false })), changed('did', '0310000001', 'inbound', 'yes', 'no')],
  ['agent.name', editFirst('agents', (x) => ({ ...x, name: 'Nine' })), changed('agent', '1009', 'name', 'Agent 1009', 'Nine')],
  ['agent.defaultDid', editFirst('agents', (x) => ({ ...x, defaultDid: '0310000045' })), changed('agent', '1009', 'defaultDid', '0310000046', '0310000045')],
  ['agent.prefixes (order-free)', editFirst('agents', (x) => ({ ...x, allowedPrefixes: ['46', '45'] })), changed('agent', '1009', 'prefixes', '', '45, 46')],
  ['agent.enabled', editFirst('agents', (x) => ({ ...x, enabled: false })), changed('agent', '1009', 'enabled', 'yes', 'no')],
  ['prefix.did', editFirst('prefixes', (x) => ({ ...x, did: '0310000001' })), changed('prefix', '45', 'did', '0310000045', '0310000001')],
  ['prefix.agents', editFirst('prefixes', (x) => ({ ...x, agents: ['1010'] })), changed('prefix', '45', 'agents', '', '1010')],
  ['prefix.enabled', editFirst('prefixes', (x) => ({ ...x, enabled: false })), changed('prefix', '45', 'enabled', 'yes', 'no')],
  ['route.priority', editFirst('routes', (x) => ({ ...x, priority: 5 })), changed('route', 'mobile', 'priority', '10', '5')],
  ['route.patterns', editFirst('routes', (x) => ({ ...x, patterns: ['_07XXXXXXXX', '_2567XXXXXXXX'] })), changed('route', 'mobile', 'patterns', '_07XXXXXXXX', '_07XXXXXXXX, _2567XXXXXXXX')],
  ['route.strip', editFirst('routes', (x) => ({ ...x, strip: 1 })), changed('route', 'mobile', 'strip', '0', '1')],
  ['route.prepend', editFirst('routes', (x) => ({ ...x, prepend: '9' })), changed('route', 'mobile', 'prepend', '', '9')],
  ['route.callerId', editFirst('routes', (x) => ({ ...x, callerIdDid: '0310000045' })), changed('route', 'mobile', 'callerId', '', '0310000045')],
  ['route.trunks (order matters)', editFirst('routes', (x) => ({ ...x, trunks: ['backup_trunk', 'main_trunk'] })), changed('route', 'mobile', 'trunks', 'main_trunk, backup_trunk', 'backup_trunk, main_trunk')],
  ['route.enabled', editFirst('routes', (x) => ({ ...x, enabled: false })), changed('route', 'mobile', 'enabled', 'yes', 'no')],
  ['schedule.timeZone', editFirst('schedules', (x) => ({ ...x, timeZone: 'UTC' })), changed('schedule', 'office', 'timeZone', 'Africa/Kampala', 'UTC')],
  [
    'schedule.weekly',
    editFirst('schedules', (x) => ({ ...x, weekly: [{ day: 'mon', start: '08:00', end: '12:00' }] })),
    changed('schedule', 'office', 'weekly', 'mon 08:00-17:00, tue 08:00-17:00, wed 08:00-17:00, thu 08:00-17:00, fri 08:00-17:00, sat 09:00-13:00', 'mon 08:00-12:00'),
  ],
  [
    'schedule.exceptions',
    editFirst('schedules', (x) => ({ ...x, exceptions: [] })),
    changed('schedule', 'office', 'exceptions', '2026-12-24 08:00-12:00 (Christmas Eve), 2026-12-25 closed (Christmas Day)', ''),
  ],
  ['inboundRoute.did', editFirst('inboundRoutes', (x) => ({ ...x, did: '0310000045' })), changed('inboundRoute', 'anonymous-callers', 'did', '_03100000XX', '0310000045')],
  ['inboundRoute.caller', editFirst('inboundRoutes', (x) => ({ ...x, caller: null })), changed('inboundRoute', 'anonymous-callers', 'caller', 'anonymous', '')],
  ['inboundRoute.schedule', editFirst('inboundRoutes', (x) => ({ ...x, schedule: 'office' })), changed('inboundRoute', 'anonymous-callers', 'schedule', '', 'office')],
  ['inboundRoute.destination', editFirst('inboundRoutes', (x) => ({ ...x, destination: { kind: 'hangup' } })), changed('inboundRoute', 'anonymous-callers', 'destination', 'announcement:ss-noservice', 'hangup')],
  ['inboundRoute.closed', editFirst('inboundRoutes', (x) => ({ ...x, closedDestination: { kind: 'voicemail', box: '1' } })), changed('inboundRoute', 'anonymous-callers', 'closed', '', 'voicemail:1')],
  ['inboundRoute.enabled', editFirst('inboundRoutes', (x) => ({ ...x, enabled: false })), changed('inboundRoute', 'anonymous-callers', 'enabled', 'yes', 'no')],
  ['menu.language', editFirst('menus', (x) => ({ ...x, language: 'fr' })), changed('menu', 'main', 'language', 'en', 'fr')],
  ['menu.greeting', editFirst('menus', (x) => ({ ...x, greeting: [] })), changed('menu', 'main', 'greeting', 'hello-world', '')],
  ['menu.prompts', editFirst('menus', (x) => ({ ...x, prompts: ['a', 'b'] })), changed('menu', 'main', 'prompts', 'demo-instruct', 'a, b')],
  ['menu.digitTimeoutMs', editFirst('menus', (x) => ({ ...x, digitTimeoutMs: 3000 })), changed('menu', 'main', 'digitTimeoutMs', '5000', '3000')],
  ['menu.interDigitTimeoutMs', editFirst('menus', (x) => ({ ...x, interDigitTimeoutMs: 1000 })), changed('menu', 'main', 'interDigitTimeoutMs', '2000', '1000')],
  ['menu.maxRetries', editFirst('menus', (x) => ({ ...x, maxRetries: 0 })), changed('menu', 'main', 'maxRetries', '2', '0')],
  ['menu.invalidPrompt', editFirst('menus', (x) => ({ ...x, invalidPrompt: null })), changed('menu', 'main', 'invalidPrompt', 'pbx-invalid', '')],
  ['menu.timeoutPrompt', editFirst('menus', (x) => ({ ...x, timeoutPrompt: 'vm-goodbye' })), changed('menu', 'main', 'timeoutPrompt', '', 'vm-goodbye')],
  ['menu.invalid', editFirst('menus', (x) => ({ ...x, invalidDestination: { kind: 'menu', menu: 'support' } })), changed('menu', 'main', 'invalid', 'hangup', 'menu:support')],
  ['menu.timeout', editFirst('menus', (x) => ({ ...x, timeoutDestination: { kind: 'hangup' } })), changed('menu', 'main', 'timeout', 'agent:1010', 'hangup')],
  [
    'menu.options',
    editFirst('menus', (x) => ({ ...x, options: [{ key: '9', target: { kind: 'repeat' } }] })),
    changed('menu', 'main', 'options', '1 queue:sales, 2 menu:support, 9 repeat', '9 repeat'),
  ],
  ['menu.directDial', editFirst('menus', (x) => ({ ...x, directDial: false })), changed('menu', 'main', 'directDial', 'yes', 'no')],
  ['menu.bargeIn', editFirst('menus', (x) => ({ ...x, bargeIn: false })), changed('menu', 'main', 'bargeIn', 'yes', 'no')],
];

function changed(kind: EntityChange['kind'], name: string, field: string, before: string, after: string): EntityChange {
  return { kind, name, change: 'changed', fields: [{ field, before, after }] };
}

for (const [name, after, expected] of fieldCases) {
  t.test(`a change of ${name} is that field alone, both ways`, async (t) => {
    t.same(diffConfig(base, after), [expected]);
    t.same(diffConfig(after, base), [{ ...expected, fields: expected.fields.map((f) => ({ field: f.field, before: f.after, after: f.before })) }]);
  });
}

t.test('the same configuration has no changes, also with order-free lists reordered', async (t) => {
  t.same(diffConfig(base, base), []);
  const reordered: ConfigData = { ...base, dids: [...base.dids].reverse(), trunks: [...base.trunks].reverse(), menus: [...base.menus].reverse() };
  t.same(diffConfig(base, reordered), []);
});

// Added and removed entities list every field; one row per collection.
const presenceCases: [string, ConfigData, EntityChange['kind'], string, number][] = [
  ['trunk', { ...base, trunks: base.trunks.slice(1) }, 'trunk', 'main_trunk', 3],
  ['did', { ...base, dids: base.dids.slice(1) }, 'did', '0310000001', 4],
  ['agent', { ...base, agents: base.agents.slice(1) }, 'agent', '1009', 4],
  ['prefix', { ...base, prefixes: base.prefixes.slice(1) }, 'prefix', '45', 3],
  ['route', { ...base, routes: base.routes.slice(1) }, 'route', 'mobile', 7],
  ['schedule', { ...base, schedules: [] }, 'schedule', 'office', 3],
  ['inbound route', { ...base, inboundRoutes: base.inboundRoutes.slice(1) }, 'inboundRoute', 'anonymous-callers', 6],
  ['menu', { ...base, menus: base.menus.slice(1) }, 'menu', 'main', 13],
];

for (const [name, without, kind, key, fieldCount] of presenceCases) {
  t.test(`a removed ${name}, then added back`, async (t) => {
    const [removed, ...others] = diffConfig(base, without);
    t.same(others, []);
    t.match(removed, { kind, name: key, change: 'removed' });
    t.equal(removed?.fields.length, fieldCount);
    t.ok(removed?.fields.every((field) => field.after === ''), 'nothing after a removal');
    const [added] = diffConfig(without, base);
    t.match(added, { kind, name: key, change: 'added' });
    t.same(added?.fields.map((f) => f.after), removed?.fields.map((f) => f.before));
  });
}

t.test('a rename is the old name removed and the new one added', async (t) => {
  const renamed = editFirst('trunks', (x) => ({ ...x, name: 'primary' }));
  t.same(
    diffConfig(base, renamed).map((c) => `${c.kind} ${c.name} ${c.change}`),
    ['trunk main_trunk removed', 'trunk primary added'],
  );
});

t.test('summaries read like the issue asks', async (t) => {
  const swapped = editFirst('routes', (x) => ({ ...x, trunks: ['backup_trunk', 'main_trunk'], strip: 1 }));
  t.equal(summarizeChanges(diffConfig(base, swapped)), 'route mobile: strip 0 → 1; trunks main_trunk, backup_trunk → backup_trunk, main_trunk');
  t.equal(summarizeChanges([]), 'no change');
  const many = { ...base, dids: [], agents: [], prefixes: [] };
  t.match(summarizeChanges(diffConfig(base, many), 2), /^DID 0310000001 removed\. DID 0310000045 removed\. And 7 more changes\.$/);
  t.equal(describeChange(diffConfig(base, { ...base, settings: { ...base.settings, defaultDid: null } })[0]!), 'settings: defaultDid 0310000001 → (none)');
});

t.test('overlapping entities: the same kind and name', async (t) => {
  const a = diffConfig(base, editFirst('routes', (x) => ({ ...x, strip: 2 })));
  const b = diffConfig(base, editFirst('routes', (x) => ({ ...x, prepend: '9' })));
  const c = diffConfig(base, editFirst('trunks', (x) => ({ ...x, enabled: false })));
  t.equal(overlappingEntities(a, b).length, 1);
  t.same(overlappingEntities(a, c), []);
});
