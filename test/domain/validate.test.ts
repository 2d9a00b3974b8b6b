import t from 'tap';
import { createSnapshot } from '../../src/domain/config/snapshot.js';
import type { ConfigData, OutboundRoute } from '../../src/domain/config/types.js';
import { withPrefix } from '../../src/domain/config/edits.js';
import { formatIssue, introducedIssues, prefixShadowIssues, prefixShadowsRoute, validateConfig } from '../../src/domain/config/validate.js';
import { fixtureConfig } from '../fixtures/config.js';

const base = fixtureConfig;
const [mobile, international] = base.routes as [OutboundRoute, OutboundRoute];

function configWith(changes: Partial<ConfigData>): ConfigData {
  return { ...base, ...changes };
}

const cases: readonly { name: string; config: ConfigData; issues: readonly string[] }[] = [
  { name: 'the fixture (prefix 47 may point at a DID without outbound)', config: base, issues: [] },
  {
    name: 'settings',
    config: configWith({
      settings: { ...base.settings, countryCode: '+256', nationalPrefix: 'O', internationalPrefix: '', emergencyNumbers: ['112', '9 9'] },
    }),
    issues: [
      'settings.countryCode: must be digits only',
      'settings.nationalPrefix: must be digits only',
      'settings.emergencyNumbers[1]: must be digits only',
    ],
  },
  {
    name: 'settings default DID unknown',
    config: configWith({ settings: { ...base.settings, defaultDid: '0310000099' } }),
    issues: ['settings.defaultDid: unknown DID 0310000099'],
  },
  {
    name: 'settings default DID without outbound',
    config: configWith({ settings: { ...base.settings, defaultDid: '0310000047' } }),
    issues: ['settings.defaultDid: DID 0310000047 does not allow outbound'],
  },
  {
    name: 'trunks',
    config: configWith({
      trunks: [
        ...base.trunks,
        { name: 'main_trunk', dial: 'PJSIP/x@main_trunk', numberFormat: 'e164', enabled: true },
        { name: '', dial: 'SIP/{number}', numberFormat: 'local' as never, enabled: true },
      ],
    }),
    issues: [
      'trunks[2].name: duplicate trunk main_trunk',
      'trunks[2].dial: must contain {number}',
      'trunks[3].name: must not be empty',
      'trunks[3].numberFormat: must be one of national, e164, e164plus',
    ],
  },
  {
    name: 'DIDs',
    config: configWith({
      dids: [...base.dids, { ...base.dids[0]!, label: 'Copy' }, { ...base.dids[0]!, number: '0310-0001' }],
    }),
    issues: ['dids[4].number: duplicate DID 0310000001', 'dids[5].number: must be digits only'],
  },
  {
    name: 'agents',
    config: configWith({
      agents: [
        ...base.agents,
        { extension: '1009', name: 'Twin', defaultDid: null, enabled: true, allowedPrefixes: [] },
        { extension: '10a', name: 'Bad', defaultDid: '0310000099', enabled: true, allowedPrefixes: ['45', '48'] },
        { extension: '1011', name: 'Inbound only', defaultDid: '0310000047', enabled: true, allowedPrefixes: [] },
      ],
    }),
    issues: [
      'agents[2].extension: duplicate extension 1009',
      'agents[3].extension: must be digits only',
      'agents[3].defaultDid: unknown DID 0310000099',
      'agents[3].prefixes[1]: unknown prefix 48',
      'agents[4].defaultDid: DID 0310000047 does not allow outbound',
    ],
  },
  {
    name: 'prefixes',
    config: configWith({
      prefixes: [
        ...base.prefixes,
        { prefix: '45', did: '0310000045', enabled: true, agents: [] },
        { prefix: '4x', did: '0310000099', enabled: true, agents: ['1009', '2000'] },
        { prefix: '451', did: '0310000045', enabled: false, agents: [] },
      ],
    }),
    issues: [
      'prefixes[0].prefix: prefix 45 collides with prefix 451 (prefixes[5])',
      'prefixes[3].prefix: duplicate prefix 45',
      'prefixes[3].prefix: prefix 45 collides with prefix 451 (prefixes[5])',
      'prefixes[4].prefix: must be digits only',
      'prefixes[4].did: unknown DID 0310000099',
      'prefixes[4].agents[1]: unknown agent 2000',
    ],
  },
  {
    name: 'routes',
    config: configWith({
      routes: [
        { ...mobile, patterns: ['_07XXXXXXXX', '_07[12'], strip: -1, prepend: '9a' },
        { ...international, trunks: ['foo'], callerIdDid: '0310000047' },
        { ...mobile, patterns: [], callerIdDid: '0310000099' },
        { ...international, name: 'spare', trunks: [], enabled: false },
      ],
    }),
    issues: [
      'outboundRoutes[0].patterns[1]: unclosed [ in pattern _07[12',
      'outboundRoutes[0].strip: must be a whole number >= 0',
      'outboundRoutes[0].prepend: must be digits, *, # or a leading +',
      'outboundRoutes[1].callerId: DID 0310000047 does not allow outbound',
      'outboundRoutes[1].trunks[0]: unknown trunk foo',
      'outboundRoutes[1].trunks: needs at least one enabled trunk',
      'outboundRoutes[2].name: duplicate route name mobile',
      'outboundRoutes[2].patterns: needs at least one pattern',
      'outboundRoutes[2].callerId: unknown DID 0310000099',
    ],
  },
  {
    name: 'a route whose trunks are all disabled',
    config: configWith({ trunks: base.trunks.map((trunk) => ({ ...trunk, enabled: false })) }),
    issues: ['outboundRoutes[0].trunks: needs at least one enabled trunk', 'outboundRoutes[1].trunks: needs at least one enabled trunk'],
  },
  {
    name: 'an empty route name and a bad pattern',
    config: configWith({ routes: [{ ...mobile, name: '', patterns: ['_0.X'] }, international] }),
    issues: ['outboundRoutes[0].name: must not be empty', 'outboundRoutes[0].patterns[0]: . is only allowed at the end in pattern _0.X'],
  },
];

t.test('validateConfig', async (t) => {
  for (const { name, config, issues } of cases) {
    t.strictSame(validateConfig(config).map(formatIssue), issues, name);
  }
});

t.test('formatIssue', async (t) => {
  t.equal(formatIssue({ path: 'prefixes[2].did', message: 'unknown DID 0310000099' }), 'prefixes[2].did: unknown DID 0310000099');
});

t.test('prefixShadowsRoute', async (t) => {
  const routes = createSnapshot(
    configWith({ routes: [...base.routes, { ...mobile, name: 'local', priority: 30, patterns: ['_4XXXXX', '_0[3-4]XXXXXXXX'] }] }),
    1,
  ).routes;
  const shadowCases: readonly { prefix: string; shadows: readonly { route: string; pattern: string }[] }[] = [
    { prefix: '45', shadows: [{ route: 'local', pattern: '_4XXXXX' }] },
    { prefix: '07', shadows: [{ route: 'mobile', pattern: '_07XXXXXXXX' }] },
    { prefix: '0', shadows: [
      { route: 'mobile', pattern: '_07XXXXXXXX' },
      { route: 'international', pattern: '_00X.' },
      { route: 'local', pattern: '_0[3-4]XXXXXXXX' },
    ] },
    { prefix: '04', shadows: [{ route: 'local', pattern: '_0[3-4]XXXXXXXX' }] },
    { prefix: '46', shadows: [{ route: 'local', pattern: '_4XXXXX' }] },
    { prefix: '4612345', shadows: [] },
    { prefix: '9', shadows: [] },
  ];
  for (const { prefix, shadows } of shadowCases) {
    t.strictSame(prefixShadowsRoute(prefix, routes), shadows, `prefix ${prefix}`);
  }
});

t.test('introducedIssues: only what the proposal adds', async (t) => {
  const brokenDid = configWith({ prefixes: [...base.prefixes, { prefix: '48', did: '0310000099', enabled: true, agents: [] }] });
  const introduced: readonly { name: string; current: ConfigData; proposed: ConfigData; issues: readonly string[] }[] = [
    { name: 'a clean change', current: base, proposed: configWith({ agents: base.agents.slice(1) }), issues: [] },
    { name: 'a new problem', current: base, proposed: brokenDid, issues: ['prefixes[3].did: unknown DID 0310000099'] },
    { name: 'an old problem does not block an unrelated edit', current: brokenDid, proposed: { ...brokenDid, agents: base.agents.slice(1) }, issues: [] },
    {
      name: 'an old problem and a new one',
      current: brokenDid,
      proposed: { ...brokenDid, settings: { ...base.settings, countryCode: 'x' } },
      issues: ['settings.countryCode: must be digits only'],
    },
  ];
  for (const { name, current, proposed, issues } of introduced) {
    t.strictSame(introducedIssues(current, proposed).map(formatIssue), issues, name);
  }
});

t.test('prefixShadowIssues: a new or changed prefix that begins numbers a route dials', async (t) => {
  const shadowing: readonly { name: string; original: string | null; prefix: string; issues: readonly string[] }[] = [
    { name: 'a new prefix clear of every route', original: null, prefix: '48', issues: [] },
    {
      name: 'a new prefix in front of a route',
      original: null,
      prefix: '07',
      issues: ['prefixes[3].prefix: 07 shadows route mobile (_07XXXXXXXX): a number starting 07 would be read as prefix + number'],
    },
    {
      name: 'a changed prefix is judged at its new value',
      original: '45',
      prefix: '00',
      issues: ['prefixes[2].prefix: 00 shadows route international (_00X.): a number starting 00 would be read as prefix + number'],
    },
    { name: 'an unchanged prefix is not judged again', original: '45', prefix: '45', issues: [] },
  ];
  for (const { name, original, prefix, issues } of shadowing) {
    const rule = { prefix, did: '0310000045', enabled: true, agents: [] };
    t.strictSame(prefixShadowIssues(withPrefix(base, original, rule), original, rule).map(formatIssue), issues, name);
  }
});
