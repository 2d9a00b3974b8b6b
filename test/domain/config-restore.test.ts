import t from 'tap';
import { diffConfig, describeChange } from '../../src/domain/config/diff.js';
import { restoreEntity } from '../../src/domain/config/restore.js';
import type { ConfigData } from '../../src/domain/config/types.js';
import { fixtureConfig } from '../fixtures/config.js';

// One entity restored as a version had it: the diff from live to the result names that
// entity only, whatever else changed meanwhile.

const then = fixtureConfig;
// The live configuration: DID 0310000045 relabelled, route mobile's trunks swapped, agent 1010 deleted, trunk spare added, country code changed.
const live: ConfigData = {
  ...then,
  settings: { ...then.settings, countryCode: '255' },
  dids: then.dids.map((d) => (d.number === '0310000045' ? { ...d, label: 'Renamed' } : d)),
  routes: then.routes.map((r) => (r.name === 'mobile' ? { ...r, trunks: [...r.trunks].reverse() } : r)),
  agents: then.agents.filter((a) => a.extension !== '1010'),
  trunks: [...then.trunks, { name: 'spare', dial: 'PJSIP/{number}@spare', numberFormat: 'e164', enabled: true }],
};

const cases: [string, Parameters<typeof restoreEntity>[2], string][] = [
  ['a changed DID gets its old values', { kind: 'did', name: '0310000045' }, 'DID 0310000045: label Renamed → Outlet 45'],
  ['a route gets its old trunk order', { kind: 'route', name: 'mobile' }, 'route mobile: trunks backup_trunk, main_trunk → main_trunk, backup_trunk'],
  ['a deleted agent comes back', { kind: 'agent', name: '1010' }, 'agent 1010 added'],
  ['an entity added since goes again', { kind: 'trunk', name: 'spare' }, 'trunk spare removed'],
  ['the settings', { kind: 'settings', name: 'settings' }, 'settings: countryCode 255 → 256'],
];

for (const [name, entity, expected] of cases) {
  t.test(name, async (t) => {
    const restored = restoreEntity(live, then, entity);
    t.not(restored, null);
    t.same(diffConfig(live, restored!).map(describeChange), [expected], 'only that entity changes');
  });
}

t.test('an entity in neither configuration: null', async (t) => {
  t.equal(restoreEntity(live, then, { kind: 'route', name: 'nowhere' }), null);
});

t.test('restoring an entity already as it was changes nothing', async (t) => {
  t.same(diffConfig(live, restoreEntity(live, then, { kind: 'did', name: '0310000046' })!), []);
});
