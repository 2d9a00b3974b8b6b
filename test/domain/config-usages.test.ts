import t from 'tap';
import { mayUsePrefix } from '../../src/domain/config/permissions.js';
import type { Agent, ConfigData, PrefixRule } from '../../src/domain/config/types.js';
import { agentUsages, didUsages, menuUsages, prefixUsages, scheduleUsages, trunkUsages } from '../../src/domain/config/usages.js';
import { fixtureConfig } from '../fixtures/config.js';

const base = fixtureConfig;

t.test('didUsages: every outbound caller-ID setting that names the DID, and the inbound routes for it', async (t) => {
  const cases: readonly [string, unknown[]][] = [
    ['0310000001', [{ kind: 'route', name: 'international' }, { kind: 'inbound-route', name: 'head-office' }, { kind: 'settings' }]],
    ['0310000046', [{ kind: 'agent', extension: '1009', name: 'Agent 1009' }, { kind: 'prefix', prefix: '46' }]],
    ['0310000045', [{ kind: 'prefix', prefix: '45' }, { kind: 'inbound-route', name: 'outlet-45' }]],
    ['0310000099', []],
  ];
  for (const [number, usages] of cases) t.strictSame(didUsages(base, number), usages, number);
});

t.test('trunkUsages: the routes that dial through the trunk', async (t) => {
  const cases: readonly [string, string[]][] = [
    ['main_trunk', ['mobile', 'international']],
    ['backup_trunk', ['mobile']],
    ['spare', []],
  ];
  for (const [name, routes] of cases) t.strictSame(trunkUsages(base, name), routes, name);
});

t.test('prefixUsages: agents allowed only this prefix', async (t) => {
  const cases: readonly [string, unknown[]][] = [
    ['45', [{ kind: 'only-prefix-of-agent', extension: '1010', name: 'Agent 1010' }]],
    ['46', []],
  ];
  for (const [prefix, usages] of cases) t.strictSame(prefixUsages(base, prefix), usages, prefix);
  const twoPrefixes: ConfigData = { ...base, agents: base.agents.map((agent) => ({ ...agent, allowedPrefixes: ['45', '46'] })) };
  t.strictSame(prefixUsages(twoPrefixes, '45'), [], 'an agent with another prefix left');
});

t.test('agentUsages: prefix rules restricted to the agent alone', async (t) => {
  const restricted: ConfigData = {
    ...base,
    prefixes: [
      { prefix: '45', did: '0310000045', enabled: true, agents: ['1009'] },
      { prefix: '46', did: '0310000046', enabled: true, agents: ['1009', '1010'] },
      { prefix: '47', did: '0310000047', enabled: false, agents: ['1009'] },
    ],
  };
  const cases: readonly [string, string[]][] = [
    ['1009', ['45', '47']],
    ['1010', []],
  ];
  for (const [extension, prefixes] of cases) t.strictSame(agentUsages(restricted, extension), prefixes, extension);
  t.strictSame(agentUsages(base, '1009'), [], 'rules open to every agent');
});

t.test('mayUsePrefix: both lists must allow it, an empty list allows all', async (t) => {
  const agent = (allowedPrefixes: string[]): Agent => ({ extension: '1009', name: 'A', defaultDid: null, enabled: true, allowedPrefixes });
  const rule = (agents: string[]): PrefixRule => ({ prefix: '45', did: '0310000045', enabled: true, agents });
  const cases: readonly [string, Agent, PrefixRule, boolean][] = [
    ['both open', agent([]), rule([]), true],
    ['agent lists it', agent(['45']), rule([]), true],
    ['agent lists others only', agent(['46']), rule([]), false],
    ['rule lists the agent', agent([]), rule(['1009']), true],
    ['rule lists others only', agent([]), rule(['1010']), false],
    ['both list each other', agent(['45', '46']), rule(['1010', '1009']), true],
  ];
  for (const [name, a, r, allowed] of cases) t.equal(mayUsePrefix(a, r), allowed, name);
});

t.test('scheduleUsages and menuUsages: the routes and menus that lead to them', async (t) => {
  t.strictSame(scheduleUsages(base, 'office'), ['head-office']);
  t.strictSame(scheduleUsages(base, 'nights'), []);
  t.strictSame(menuUsages(base, 'main'), [
    { kind: 'inbound-route', name: 'head-office' },
    { kind: 'menu', name: 'support' },
  ]);
  t.strictSame(menuUsages(base, 'support'), [{ kind: 'menu', name: 'main' }], 'a key of main leads to support');
  const closedOnly: ConfigData = {
    ...base,
    inboundRoutes: base.inboundRoutes.map((route) => ({ ...route, destination: { kind: 'hangup' }, closedDestination: route.name === 'outlet-47' ? { kind: 'menu', menu: 'support' } : null })),
  };
  t.strictSame(menuUsages(closedOnly, 'support'), [{ kind: 'inbound-route', name: 'outlet-47' }, { kind: 'menu', name: 'main' }], 'a closed destination counts');
});
