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
