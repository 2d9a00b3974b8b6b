import t from 'tap';
import { createSnapshot } from '../../src/domain/config/snapshot.js';
import type { ConfigData, OutboundRoute } from '../../src/domain/config/types.js';
import { fixtureConfig } from '../fixtures/config.js';

const base = fixtureConfig;
const [mobile, international] = base.routes as [OutboundRoute, OutboundRoute];

t.test('the fixture is indexed for the hot path', async (t) => {
  const snapshot = createSnapshot(base, 7);
  t.equal(snapshot.version, 7);
  t.strictSame([...snapshot.dids.keys()], ['0310000001', '0310000045', '0310000046', '0310000047']);
  t.strictSame([...snapshot.agents.keys()], ['1009', '1010']);
  t.strictSame([...snapshot.prefixes.keys()], ['45', '46', '47']);
  t.strictSame(snapshot.prefixLengths, [2]);
  t.strictSame(snapshot.enabledTrunks.map((trunk) => trunk.name), ['main_trunk', 'backup_trunk']);
  t.strictSame(snapshot.routes.map((route) => route.name), ['mobile', 'international']);
  t.strictSame(snapshot.routes[0]?.enabledTrunks.map((trunk) => trunk.name), ['main_trunk', 'backup_trunk']);
  t.ok(snapshot.emergencyNumbers.has('112'));
  t.strictSame(snapshot.warnings, []);
});

const cases: readonly {
  name: string;
  config: ConfigData;
  routes: readonly string[];
  prefixLengths: readonly number[];
  warnings: readonly string[];
}[] = [
  {
    name: 'routes by priority then name; disabled and uncompilable ones left out',
    config: {
      ...base,
      routes: [
        { ...international, priority: 5 },
        { ...mobile, name: 'b', priority: 1 },
        { ...mobile, name: 'a', priority: 1 },
        { ...mobile, name: 'off', enabled: false },
        { ...mobile, name: 'broken', patterns: ['_07XXXXXXXX', '_07[12'] },
      ],
    },
    routes: ['a', 'b', 'international'],
    prefixLengths: [2],
    warnings: ['route broken skipped: unclosed [ in pattern _07[12'],
  },
  {
    name: 'prefix lengths longest first, disabled prefixes included; first duplicate wins',
    config: {
      ...base,
      prefixes: [
        ...base.prefixes,
        { prefix: '9', did: '0310000001', enabled: false, agents: [] },
        { prefix: '123', did: '0310000001', enabled: true, agents: [] },
        { prefix: '45', did: '0310000001', enabled: true, agents: [] },
      ],
    },
    routes: ['mobile', 'international'],
    prefixLengths: [3, 2, 1],
    warnings: ['duplicate prefix 45 ignored'],
  },
];

t.test('createSnapshot', async (t) => {
  for (const { name, config, routes, prefixLengths, warnings } of cases) {
    const snapshot = createSnapshot(config, 1);
    t.strictSame(
      { routes: snapshot.routes.map((route) => route.name), prefixLengths: snapshot.prefixLengths, warnings: snapshot.warnings },
      { routes, prefixLengths, warnings },
      name,
    );
  }
  const duplicate = createSnapshot({ ...base, prefixes: [...base.prefixes, { prefix: '45', did: 'x', enabled: true, agents: [] }] }, 1);
  t.equal(duplicate.prefixes.get('45')?.did, '0310000045', 'the first of two duplicates is kept');
});
