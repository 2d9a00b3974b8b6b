import t from 'tap';
import {
  withAgent,
  withDid,
  withoutAgent,
  withoutDid,
  withoutPrefix,
  withoutRoute,
  withoutTrunk,
  withPrefix,
  withRoute,
  withSettings,
  withTrunk,
  withInboundRoute,
  withMenu,
  withoutMenu,
  withoutSchedule,
  withSchedule,
} from '../../src/domain/config/edits.js';
import type { ConfigData, OutboundRoute } from '../../src/domain/config/types.js';
import { fixtureConfig } from '../fixtures/config.js';

const base = fixtureConfig;
const [mobile] = base.routes as [OutboundRoute, OutboundRoute];

// Each edit is read through a few projections of the result: the keys of the edited
// collection in order (the edited item last) and every reference that may follow a rename.
const view = (data: ConfigData) => ({
  dids: data.dids.map((did) => did.number),
  agents: data.agents.map((agent) => `${agent.extension}:${agent.defaultDid ?? '-'}:${agent.allowedPrefixes.join('+')}`),
  prefixes: data.prefixes.map((rule) => `${rule.prefix}:${rule.did}:${rule.agents.join('+')}`),
  trunks: data.trunks.map((trunk) => trunk.name),
  routes: data.routes.map((route) => `${route.name}:${route.callerIdDid ?? '-'}:${route.trunks.join('+')}`),
  settingsDid: data.settings.defaultDid,
});

const before = view(base);
const restricted: ConfigData = { ...base, prefixes: base.prefixes.map((rule) => (rule.prefix === '46' ? { ...rule, agents: ['1009', '1010'] } : rule)) };

const cases: readonly { name: string; edited: ConfigData; expected: Partial<ReturnType<typeof view>> }[] = [
  {
    name: 'a new DID goes last',
    edited: withDid(base, null, { ...base.dids[0]!, number: '0310000050' }),
    expected: { dids: [...before.dids, '0310000050'] },
  },
  {
    name: 'a renumbered DID is carried to agents, prefixes, routes and settings',
    edited: withDid(base, '0310000001', { ...base.dids[0]!, number: '0310000002' }),
    expected: {
      dids: ['0310000045', '0310000046', '0310000047', '0310000002'],
      routes: ['mobile:-:main_trunk+backup_trunk', 'international:0310000002:main_trunk'],
      settingsDid: '0310000002',
    },
  },
  {
    name: 'a renumbered agent default and prefix DID',
    edited: withDid(base, '0310000046', { ...base.dids[2]!, number: '0310000056' }),
    expected: {
      dids: ['0310000001', '0310000045', '0310000047', '0310000056'],
      agents: ['1009:0310000056:', '1010:-:45'],
      prefixes: ['45:0310000045:', '46:0310000056:', '47:0310000047:'],
    },
  },
  { name: 'a deleted DID', edited: withoutDid(base, '0310000047'), expected: { dids: ['0310000001', '0310000045', '0310000046'] } },
  {
    name: 'a new agent goes last, even beside a duplicate extension',
    edited: withAgent(base, null, { ...base.agents[0]!, defaultDid: null }),
    expected: { agents: [...before.agents, '1009:-:'] },
  },
  {
    name: 'a changed agent goes last',
    edited: withAgent(base, '1009', { ...base.agents[0]!, allowedPrefixes: ['46'] }),
    expected: { agents: ['1010:-:45', '1009:0310000046:46'] },
  },
  {
    name: 'a deleted agent leaves the prefix rules restricted to it',
    edited: withoutAgent(restricted, '1009'),
    expected: { agents: ['1010:-:45'], prefixes: ['45:0310000045:', '46:0310000046:1010', '47:0310000047:'] },
  },
  {
    name: 'a renamed prefix stays allowed to its agents',
    edited: withPrefix(base, '45', { ...base.prefixes[0]!, prefix: '55' }),
    expected: { agents: ['1009:0310000046:', '1010:-:55'], prefixes: ['46:0310000046:', '47:0310000047:', '55:0310000045:'] },
  },
  {
    name: 'a deleted prefix leaves the agents that listed it',
    edited: withoutPrefix({ ...base, agents: base.agents.map((agent) => ({ ...agent, allowedPrefixes: ['45', '46'] })) }, '45'),
    expected: { agents: ['1009:0310000046:46', '1010:-:46'], prefixes: ['46:0310000046:', '47:0310000047:'] },
  },
  {
    name: 'a renamed trunk keeps its place in each route',
    edited: withTrunk(base, 'main_trunk', { ...base.trunks[0]!, name: 'primary' }),
    expected: { trunks: ['backup_trunk', 'primary'], routes: ['mobile:-:primary+backup_trunk', 'international:0310000001:primary'] },
  },
  { name: 'a deleted trunk', edited: withoutTrunk(base, 'backup_trunk'), expected: { trunks: ['main_trunk'] } },
  {
    name: 'a changed route goes last',
    edited: withRoute(base, 'mobile', { ...mobile, name: 'cell' }),
    expected: { routes: ['international:0310000001:main_trunk', 'cell:-:main_trunk+backup_trunk'] },
  },
  { name: 'a deleted route', edited: withoutRoute(base, 'mobile'), expected: { routes: ['international:0310000001:main_trunk'] } },
  { name: 'new settings', edited: withSettings(base, { ...base.settings, defaultDid: null }), expected: { settingsDid: null } },
];

for (const { name, edited, expected } of cases) {
  t.test(name, async (t) => {
    t.strictSame(view(edited), { ...before, ...expected });
  });
}

t.test('a renamed schedule is carried to the inbound routes that follow it; the edited one goes last', async (t) => {
  const office = fixtureConfig.schedules.find((schedule) => schedule.name === 'office')!;
  const renamed = withSchedule(fixtureConfig, 'office', { ...office, name: 'hours' });
  t.equal(renamed.schedules.at(-1)?.name, 'hours');
  t.notOk(renamed.schedules.some((schedule) => schedule.name === 'office'));
  t.equal(renamed.inboundRoutes.find((route) => route.name === 'head-office')?.schedule, 'hours');
  t.equal(renamed.inboundRoutes.find((route) => route.name === 'outlet-45')?.schedule, null, 'other routes untouched');
  t.equal(withoutSchedule(fixtureConfig, 'office').schedules.length, fixtureConfig.schedules.length - 1);
});

t.test('a renamed menu is carried to every destination naming it: routes open and closed, other menus\' keys, timeouts and wrong keys', async (t) => {
  const main = fixtureConfig.menus.find((menu) => menu.name === 'main')!;
  const renamed = withMenu(fixtureConfig, 'main', { ...main, name: 'welcome' });
  t.equal(renamed.menus.at(-1)?.name, 'welcome');
  t.same(renamed.inboundRoutes.find((route) => route.name === 'head-office')?.destination, { kind: 'menu', menu: 'welcome' });
  const support = renamed.menus.find((menu) => menu.name === 'support')!;
  t.same(support.invalidDestination, { kind: 'menu', menu: 'welcome' });
  t.same(support.options.find((option) => option.key === '*')?.target, { kind: 'goto', destination: { kind: 'menu', menu: 'welcome' } });
  const added = withMenu(fixtureConfig, null, { ...main, name: 'main' });
  t.equal(added.menus.filter((menu) => menu.name === 'main').length, 2, 'a new menu with a taken name stays a duplicate, for validation to refuse');
  t.equal(withoutMenu(fixtureConfig, 'support').menus.length, fixtureConfig.menus.length - 1);
  const route = fixtureConfig.inboundRoutes.find((candidate) => candidate.name === 'outlet-45')!;
  t.equal(withInboundRoute(fixtureConfig, 'outlet-45', { ...route, name: 'o45' }).inboundRoutes.at(-1)?.name, 'o45');
});
