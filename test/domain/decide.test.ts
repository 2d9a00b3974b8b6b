import t from 'tap';
import { createSnapshot } from '../../src/domain/config/snapshot.js';
import type { ConfigData, OutboundRoute } from '../../src/domain/config/types.js';
import { decideOutbound, REJECT_REASONS, type DialAttempt, type OutboundDecision } from '../../src/domain/outbound/decide.js';
import { fixtureConfig } from '../fixtures/config.js';

const base = fixtureConfig;
const [mobile, international] = base.routes as [OutboundRoute, OutboundRoute];

function configWith(changes: Partial<ConfigData>): ConfigData {
  return { ...base, ...changes };
}

function onPjsip(trunk: string, number: string, callerIdNumber: string): DialAttempt {
  return { trunk, dialString: `PJSIP/${number}@${trunk}`, number, callerIdNumber };
}

/** main_trunk writes e164, backup_trunk national; `callerId` is the DID as stored (national). */
const mobileAttempts = (callerId: string): [DialAttempt, DialAttempt] => [
  onPjsip('main_trunk', '256712345678', `256${callerId.slice(1)}`),
  onPjsip('backup_trunk', '0712345678', callerId),
];

const onlyTrunk = (name: string) => base.trunks.map((trunk) => ({ ...trunk, enabled: trunk.name === name }));

interface Case {
  readonly name: string;
  readonly agent: string;
  readonly dialed: string;
  readonly config?: ConfigData;
  readonly expected: OutboundDecision;
}

const cases: readonly Case[] = [
  {
    name: 'the agent default DID on a mobile route, both trunks in their own format',
    agent: '1009',
    dialed: '0712345678',
    expected: {
      kind: 'dial',
      callerIdName: '0310000046',
      did: '0310000046',
      rule: { kind: 'route', route: 'mobile' },
      number: '0712345678',
      attempts: mobileAttempts('0310000046'),
    },
  },
  {
    name: 'separators are dropped before matching',
    agent: '1009',
    dialed: ' (071) 234-56.78 ',
    expected: {
      kind: 'dial',
      callerIdName: '0310000046',
      did: '0310000046',
      rule: { kind: 'route', route: 'mobile' },
      number: '0712345678',
      attempts: mobileAttempts('0310000046'),
    },
  },
  {
    name: 'a prefix picks the caller ID for an agent without a prefix list',
    agent: '1009',
    dialed: '450712345678',
    expected: {
      kind: 'dial',
      callerIdName: '0310000045',
      did: '0310000045',
      rule: { kind: 'prefix', prefix: '45', route: 'mobile' },
      number: '0712345678',
      attempts: mobileAttempts('0310000045'),
    },
  },
  {
    name: 'an agent without a default DID falls back to the settings default',
    agent: '1010',
    dialed: '0712345678',
    expected: {
      kind: 'dial',
      callerIdName: '0310000001',
      did: '0310000001',
      rule: { kind: 'route', route: 'mobile' },
      number: '0712345678',
      attempts: mobileAttempts('0310000001'),
    },
  },
  {
    name: 'a prefix in the agent list',
    agent: '1010',
    dialed: '450712345678',
    expected: {
      kind: 'dial',
      callerIdName: '0310000045',
      did: '0310000045',
      rule: { kind: 'prefix', prefix: '45', route: 'mobile' },
      number: '0712345678',
      attempts: mobileAttempts('0310000045'),
    },
  },
  {
    name: 'a prefix outside the agent list',
    agent: '1010',
    dialed: '460712345678',
    expected: {
      kind: 'reject',
      reason: 'PREFIX_NOT_ALLOWED',
      rule: { kind: 'prefix', prefix: '46', route: 'mobile' },
      detail: 'prefix 46 is not allowed for agent 1010',
    },
  },
  {
    name: 'a prefix limited to other agents',
    agent: '1010',
    dialed: '450712345678',
    config: configWith({ prefixes: base.prefixes.map((rule) => ({ ...rule, agents: ['1009'] })) }),
    expected: {
      kind: 'reject',
      reason: 'PREFIX_NOT_ALLOWED',
      rule: { kind: 'prefix', prefix: '45', route: 'mobile' },
      detail: 'prefix 45 is not allowed for agent 1010',
    },
  },
  {
    name: 'a prefix whose DID does not allow outbound',
    agent: '1009',
    dialed: '470712345678',
    expected: {
      kind: 'reject',
      reason: 'DID_NOT_OUTBOUND',
      rule: { kind: 'prefix', prefix: '47', route: 'mobile' },
      detail: 'DID 0310000047 does not allow outbound',
    },
  },
  {
    name: 'the route caller ID overrides the agent default',
    agent: '1009',
    dialed: '00447911123456',
    expected: {
      kind: 'dial',
      callerIdName: '0310000001',
      did: '0310000001',
      rule: { kind: 'route', route: 'international' },
      number: '00447911123456',
      attempts: [onPjsip('main_trunk', '447911123456', '256310000001')],
    },
  },
  {
    name: 'the route caller ID does not override a prefix',
    agent: '1009',
    dialed: '4500447911123456',
    expected: {
      kind: 'dial',
      callerIdName: '0310000045',
      did: '0310000045',
      rule: { kind: 'prefix', prefix: '45', route: 'international' },
      number: '00447911123456',
      attempts: [onPjsip('main_trunk', '447911123456', '256310000045')],
    },
  },
  {
    name: 'an emergency number from an unknown agent',
    agent: '9999',
    dialed: '112',
    expected: {
      kind: 'dial',
      callerIdName: '0310000001',
      did: '0310000001',
      rule: { kind: 'emergency' },
      number: '112',
      attempts: [onPjsip('main_trunk', '112', '256310000001'), onPjsip('backup_trunk', '112', '0310000001')],
    },
  },
  {
    name: 'an emergency number behind a prefix is sent alone with the agent DID',
    agent: '1009',
    dialed: '47999',
    expected: {
      kind: 'dial',
      callerIdName: '0310000046',
      did: '0310000046',
      rule: { kind: 'emergency' },
      number: '999',
      attempts: [onPjsip('main_trunk', '999', '256310000046'), onPjsip('backup_trunk', '999', '0310000046')],
    },
  },
  {
    name: 'an emergency number from a disabled agent whose DID does not allow outbound',
    agent: '1009',
    dialed: '112',
    config: configWith({ agents: [{ ...base.agents[0]!, enabled: false, defaultDid: '0310000047' }] }),
    expected: {
      kind: 'dial',
      callerIdName: '0310000001',
      did: '0310000001',
      rule: { kind: 'emergency' },
      number: '112',
      attempts: [onPjsip('main_trunk', '112', '256310000001'), onPjsip('backup_trunk', '112', '0310000001')],
    },
  },
  {
    name: 'an emergency number with no caller ID anywhere',
    agent: '1010',
    dialed: '112',
    config: configWith({ settings: { ...base.settings, defaultDid: null } }),
    expected: {
      kind: 'dial',
      callerIdName: '',
      did: '',
      rule: { kind: 'emergency' },
      number: '112',
      attempts: [onPjsip('main_trunk', '112', ''), onPjsip('backup_trunk', '112', '')],
    },
  },
  {
    name: 'an emergency number takes the trunks of the route that matches it, unchanged',
    agent: '1009',
    dialed: '112',
    config: configWith({ routes: [...base.routes, { ...mobile, name: 'short', patterns: ['_1XX'], strip: 1, prepend: '9', trunks: ['backup_trunk'] }] }),
    expected: {
      kind: 'dial',
      callerIdName: '0310000046',
      did: '0310000046',
      rule: { kind: 'emergency' },
      number: '112',
      attempts: [onPjsip('backup_trunk', '112', '0310000046')],
    },
  },
  {
    name: 'an emergency number with every trunk disabled',
    agent: '1009',
    dialed: '112',
    config: configWith({ trunks: onlyTrunk('none') }),
    expected: { kind: 'reject', reason: 'NO_TRUNK', rule: { kind: 'emergency' }, detail: 'no enabled trunk for emergency number 112' },
  },
  {
    name: 'a number no route matches',
    agent: '1009',
    dialed: '0412',
    expected: { kind: 'reject', reason: 'NO_ROUTE', rule: null, detail: 'no route matches 0412' },
  },
  {
    name: 'a route written for the national form does not take the +256 form (its canonical form is 256…)',
    agent: '1009',
    dialed: '+256712345678',
    expected: { kind: 'reject', reason: 'NO_ROUTE', rule: null, detail: 'no route matches +256712345678' },
  },
  {
    name: 'a route written for the national form does not take the 256 form',
    agent: '1009',
    dialed: '256712345678',
    expected: { kind: 'reject', reason: 'NO_ROUTE', rule: null, detail: 'no route matches 256712345678' },
  },
  {
    name: 'an unknown agent',
    agent: '9999',
    dialed: '0712345678',
    expected: { kind: 'reject', reason: 'UNKNOWN_AGENT', rule: null, detail: 'agent 9999 does not exist' },
  },
  {
    name: 'a disabled agent',
    agent: '1010',
    dialed: '0712345678',
    config: configWith({ agents: base.agents.map((agent) => ({ ...agent, enabled: false })) }),
    expected: { kind: 'reject', reason: 'AGENT_DISABLED', rule: null, detail: 'agent 1010 is disabled' },
  },
  {
    name: 'an empty number',
    agent: '1009',
    dialed: ' - ',
    expected: { kind: 'reject', reason: 'INVALID_NUMBER', rule: null, detail: '" - " is not a dialable number' },
  },
  {
    name: 'a feature code (the PBX keeps those)',
    agent: '1009',
    dialed: '*72',
    expected: { kind: 'reject', reason: 'INVALID_NUMBER', rule: null, detail: '"*72" is not a dialable number' },
  },
  {
    name: 'a second +',
    agent: '1009',
    dialed: '+07+12',
    expected: { kind: 'reject', reason: 'INVALID_NUMBER', rule: null, detail: '"+07+12" is not a dialable number' },
  },
  {
    name: 'letters in the number',
    agent: '1009',
    dialed: '07abc',
    expected: { kind: 'reject', reason: 'INVALID_NUMBER', rule: null, detail: '"07abc" is not a dialable number' },
  },
  {
    name: 'strip and prepend before trunk formatting',
    agent: '1009',
    dialed: '0712345678',
    config: configWith({ routes: [{ ...mobile, strip: 1, prepend: '256' }, international] }),
    expected: {
      kind: 'dial',
      callerIdName: '0310000046',
      did: '0310000046',
      rule: { kind: 'route', route: 'mobile' },
      number: '256712345678',
      attempts: mobileAttempts('0310000046'),
    },
  },
  {
    name: 'strip and prepend turning the number into +form',
    agent: '1009',
    dialed: '00447911123456',
    config: configWith({ routes: [mobile, { ...international, strip: 2, prepend: '+', trunks: ['backup_trunk'] }] }),
    expected: {
      kind: 'dial',
      callerIdName: '0310000001',
      did: '0310000001',
      rule: { kind: 'route', route: 'international' },
      number: '+447911123456',
      attempts: [onPjsip('backup_trunk', '00447911123456', '0310000001')],
    },
  },
  {
    name: 'an e164plus trunk',
    agent: '1009',
    dialed: '0712345678',
    config: configWith({ trunks: [{ ...base.trunks[0]!, numberFormat: 'e164plus' }] }),
    expected: {
      kind: 'dial',
      callerIdName: '0310000046',
      did: '0310000046',
      rule: { kind: 'route', route: 'mobile' },
      number: '0712345678',
      attempts: [onPjsip('main_trunk', '+256712345678', '+256310000046')],
    },
  },
  {
    name: 'a disabled trunk is skipped',
    agent: '1009',
    dialed: '0712345678',
    config: configWith({ trunks: onlyTrunk('backup_trunk') }),
    expected: {
      kind: 'dial',
      callerIdName: '0310000046',
      did: '0310000046',
      rule: { kind: 'route', route: 'mobile' },
      number: '0712345678',
      attempts: [onPjsip('backup_trunk', '0712345678', '0310000046')],
    },
  },
  {
    name: 'every trunk of the route disabled',
    agent: '1009',
    dialed: '00447911123456',
    config: configWith({ trunks: onlyTrunk('backup_trunk') }),
    expected: { kind: 'reject', reason: 'NO_TRUNK', rule: { kind: 'route', route: 'international' }, detail: 'route international has no enabled trunk' },
  },
  {
    name: 'a missing trunk is skipped',
    agent: '1009',
    dialed: '0712345678',
    config: configWith({ routes: [{ ...mobile, trunks: ['gone', 'backup_trunk'] }] }),
    expected: {
      kind: 'dial',
      callerIdName: '0310000046',
      did: '0310000046',
      rule: { kind: 'route', route: 'mobile' },
      number: '0712345678',
      attempts: [onPjsip('backup_trunk', '0712345678', '0310000046')],
    },
  },
  {
    name: 'a disabled route is skipped for the next match',
    agent: '1009',
    dialed: '0712345678',
    config: configWith({
      routes: [{ ...mobile, enabled: false }, { ...mobile, name: 'mobile_backup', priority: 50, trunks: ['backup_trunk'] }],
    }),
    expected: {
      kind: 'dial',
      callerIdName: '0310000046',
      did: '0310000046',
      rule: { kind: 'route', route: 'mobile_backup' },
      number: '0712345678',
      attempts: [onPjsip('backup_trunk', '0712345678', '0310000046')],
    },
  },
  {
    name: 'a disabled route alone leaves no route',
    agent: '1009',
    dialed: '0712345678',
    config: configWith({ routes: [{ ...mobile, enabled: false }, international] }),
    expected: { kind: 'reject', reason: 'NO_ROUTE', rule: null, detail: 'no route matches 0712345678' },
  },
  {
    name: 'routes are tried by priority, then name',
    agent: '1009',
    dialed: '0712345678',
    config: configWith({
      routes: [
        { ...mobile, name: 'z_late', priority: 99 },
        { ...mobile, name: 'b_tie', priority: 5, trunks: ['backup_trunk'] },
        { ...mobile, name: 'a_tie', priority: 5, trunks: ['main_trunk'] },
      ],
    }),
    expected: {
      kind: 'dial',
      callerIdName: '0310000046',
      did: '0310000046',
      rule: { kind: 'route', route: 'a_tie' },
      number: '0712345678',
      attempts: [onPjsip('main_trunk', '256712345678', '256310000046')],
    },
  },
  {
    name: 'a disabled prefix is ignored',
    agent: '1009',
    dialed: '450712345678',
    config: configWith({ prefixes: base.prefixes.map((rule) => ({ ...rule, enabled: rule.prefix !== '45' })) }),
    expected: { kind: 'reject', reason: 'NO_ROUTE', rule: null, detail: 'no route matches 450712345678' },
  },
  {
    name: 'a prefix applies only when a route matches the rest',
    agent: '1009',
    dialed: '451234',
    config: configWith({ routes: [...base.routes, { ...mobile, name: 'local', patterns: ['_4XXXXX'] }] }),
    expected: {
      kind: 'dial',
      callerIdName: '0310000046',
      did: '0310000046',
      rule: { kind: 'route', route: 'local' },
      number: '451234',
      attempts: [onPjsip('main_trunk', '451234', '256310000046'), onPjsip('backup_trunk', '451234', '0310000046')],
    },
  },
  {
    name: 'no caller ID anywhere',
    agent: '1010',
    dialed: '0712345678',
    config: configWith({ settings: { ...base.settings, defaultDid: null } }),
    expected: {
      kind: 'reject',
      reason: 'NO_CALLER_ID',
      rule: { kind: 'route', route: 'mobile' },
      detail: 'no caller ID: route mobile, agent 1010 and settings name no DID',
    },
  },
  {
    name: 'a caller ID DID that does not exist',
    agent: '1009',
    dialed: '0712345678',
    config: configWith({ agents: [{ ...base.agents[0]!, defaultDid: '0310000099' }] }),
    expected: { kind: 'reject', reason: 'UNKNOWN_DID', rule: { kind: 'route', route: 'mobile' }, detail: 'DID 0310000099 does not exist' },
  },
  {
    name: 'the DID caller ID name when it has one',
    agent: '1009',
    dialed: '0712345678',
    config: configWith({ dids: base.dids.map((did) => ({ ...did, callerIdName: `${did.label} Ltd` })) }),
    expected: {
      kind: 'dial',
      callerIdName: 'Outlet 46 Ltd',
      did: '0310000046',
      rule: { kind: 'route', route: 'mobile' },
      number: '0712345678',
      attempts: mobileAttempts('0310000046'),
    },
  },
];

t.test('decideOutbound', async (t) => {
  const fixtureSnapshot = createSnapshot(base, 1);
  for (const { name, agent, dialed, config, expected } of cases) {
    const snapshot = config === undefined ? fixtureSnapshot : createSnapshot(config, 2);
    t.strictSame(decideOutbound({ agent, dialed }, snapshot), expected, name);
  }
});

t.test('REJECT_REASONS lists each reason once, and the cases above reach every one', async (t) => {
  const reached = new Set(cases.flatMap(({ expected }) => (expected.kind === 'reject' ? [expected.reason] : [])));
  t.equal(new Set(REJECT_REASONS).size, REJECT_REASONS.length);
  t.strictSame([...reached].sort(), [...REJECT_REASONS].sort());
});

// Routes written in the canonical form (international digits) take every form of a number.
const canonicalRoutes = base.routes.map((route) =>
  route.name === 'mobile' ? { ...route, patterns: ['_2567XXXXXXXX'] } : route,
);
const everyForm = ['0712345678', '+256712345678', '256712345678', '00256712345678', '071 234 5678'];

t.test('every form of a number takes the same canonical route, with and without a prefix', async (t) => {
  const snapshot = createSnapshot(configWith({ routes: canonicalRoutes }), 3);
  for (const form of everyForm) {
    t.strictSame(
      decideOutbound({ agent: '1009', dialed: form }, snapshot),
      { kind: 'dial', callerIdName: '0310000046', did: '0310000046', rule: { kind: 'route', route: 'mobile' }, number: '256712345678', attempts: mobileAttempts('0310000046') },
      form,
    );
    t.strictSame(
      decideOutbound({ agent: '1009', dialed: `45${form}` }, snapshot),
      { kind: 'dial', callerIdName: '0310000045', did: '0310000045', rule: { kind: 'prefix', prefix: '45', route: 'mobile' }, number: '256712345678', attempts: mobileAttempts('0310000045') },
      `45${form}`,
    );
  }
});

t.test('a pattern matching the number as dialed wins, and strip/prepend apply to the form that matched', async (t) => {
  const routes = [
    { ...mobile, name: 'as-dialed', priority: 10, patterns: ['_07XXXXXXXX'], strip: 1, prepend: '256' },
    { ...mobile, name: 'canonical', priority: 20, patterns: ['_2567XXXXXXXX'], strip: 3, prepend: '0' },
  ];
  const snapshot = createSnapshot(configWith({ routes }), 4);
  const rows: [string, string, string][] = [
    ['0712345678', 'as-dialed', '256712345678'],
    ['+256712345678', 'canonical', '0712345678'],
    ['00256712345678', 'canonical', '0712345678'],
  ];
  for (const [dialed, route, number] of rows) {
    t.match(decideOutbound({ agent: '1009', dialed }, snapshot), { kind: 'dial', rule: { kind: 'route', route }, number }, dialed);
  }
});
