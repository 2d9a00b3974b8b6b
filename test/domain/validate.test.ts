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
    issues: ['settings.defaultDid: 0310000099 is not a DID; add it under DIDs first, or choose an existing one'],
  },
  {
    name: 'settings default DID without outbound',
    config: configWith({ settings: { ...base.settings, defaultDid: '0310000047' } }),
    issues: ['settings.defaultDid: 0310000047 does not allow outbound calls; tick "Allow as outbound caller ID" on that DID, or choose another'],
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
      "trunks[2].name: main_trunk is already another trunk's name; choose a different name",
      'trunks[2].dial: must contain {number} where the dialed number goes, e.g. PJSIP/{number}@main_trunk',
      'trunks[3].name: is required',
      'trunks[3].numberFormat: must be one of national, e164, e164plus',
    ],
  },
  {
    name: 'DIDs',
    config: configWith({
      dids: [...base.dids, { ...base.dids[0]!, label: 'Copy' }, { ...base.dids[0]!, number: '0310-0001' }],
    }),
    issues: ['dids[4].number: 0310000001 is already a DID; enter another number, or edit the existing DID', 'dids[5].number: must be digits only'],
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
      "agents[2].extension: 1009 is already another agent's extension; choose a free one",
      'agents[3].extension: must be digits only',
      'agents[3].defaultDid: 0310000099 is not a DID; add it under DIDs first, or choose an existing one',
      'agents[3].prefixes[1]: 48 is not a prefix rule; add it under Prefix rules first, or leave it out',
      'agents[4].defaultDid: 0310000047 does not allow outbound calls; tick "Allow as outbound caller ID" on that DID, or choose another',
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
      'prefixes[0].prefix: collides with prefix 451 (one is the start of the other, so a dialed number could mean either); choose a prefix that does not start another one',
      'prefixes[3].prefix: 45 already exists; edit that prefix rule instead',
      'prefixes[3].prefix: collides with prefix 451 (one is the start of the other, so a dialed number could mean either); choose a prefix that does not start another one',
      'prefixes[4].prefix: must be digits only',
      'prefixes[4].did: 0310000099 is not a DID; add it under DIDs first, or choose an existing one',
      "prefixes[4].agents[1]: 2000 is not an agent's extension; add the agent first, or leave it out",
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
      'outboundRoutes[0].strip: must be a whole number, 0 or more',
      'outboundRoutes[0].prepend: must be digits, * or #, with an optional leading +',
      'outboundRoutes[1].callerId: 0310000047 does not allow outbound calls; tick "Allow as outbound caller ID" on that DID, or choose another',
      'outboundRoutes[1].trunks[0]: foo is not a trunk; add it under Trunks first, or take it off this route',
      'outboundRoutes[1].trunks: needs at least one enabled trunk; add one, or enable one under Trunks',
      "outboundRoutes[2].name: mobile is already another route's name; choose a different name",
      'outboundRoutes[2].patterns: needs at least one pattern, e.g. _07XXXXXXXX',
      'outboundRoutes[2].callerId: 0310000099 is not a DID; add it under DIDs first, or choose an existing one',
    ],
  },
  {
    name: 'a route whose trunks are all disabled',
    config: configWith({ trunks: base.trunks.map((trunk) => ({ ...trunk, enabled: false })) }),
    issues: ['outboundRoutes[0].trunks: needs at least one enabled trunk; add one, or enable one under Trunks', 'outboundRoutes[1].trunks: needs at least one enabled trunk; add one, or enable one under Trunks'],
  },
  {
    name: 'an empty route name and a bad pattern',
    config: configWith({ routes: [{ ...mobile, name: '', patterns: ['_0.X'] }, international] }),
    issues: ['outboundRoutes[0].name: is required', 'outboundRoutes[0].patterns[0]: . is only allowed at the end in pattern _0.X'],
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
    { name: 'a new problem', current: base, proposed: brokenDid, issues: ['prefixes[3].did: 0310000099 is not a DID; add it under DIDs first, or choose an existing one'] },
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
      issues: ["prefixes[3].prefix: 07 would hide route mobile (pattern _07XXXXXXXX): a number starting 07 would be read as prefix 07 + number; choose a prefix that no enabled route's pattern starts with"],
    },
    {
      name: 'a changed prefix is judged at its new value',
      original: '45',
      prefix: '00',
      issues: ["prefixes[2].prefix: 00 would hide route international (pattern _00X.): a number starting 00 would be read as prefix 00 + number; choose a prefix that no enabled route's pattern starts with"],
    },
    { name: 'an unchanged prefix is not judged again', original: '45', prefix: '45', issues: [] },
  ];
  for (const { name, original, prefix, issues } of shadowing) {
    const rule = { prefix, did: '0310000045', enabled: true, agents: [] };
    t.strictSame(prefixShadowIssues(withPrefix(base, original, rule), original, rule).map(formatIssue), issues, name);
  }
});
