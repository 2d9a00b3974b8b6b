import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import { exportConfigDocument, importConfigDocument } from '../../src/data/config-import.js';
import { loadConfigData, readConfigVersion } from '../../src/data/config-repository.js';
import { InProcessConfigBus } from '../../src/realtime/config-bus.js';
import { fixtureConfig } from '../fixtures/config.js';
import { createTestDatabase } from '../support/database.js';
import { silentLogger } from '../support/logger.js';

const issueYaml = readFileSync(new URL('../fixtures/config.yaml', import.meta.url), 'utf8');

async function setup(t: Test) {
  const db = await createTestDatabase(t);
  const bus = new InProcessConfigBus();
  const published: number[] = [];
  bus.onConfigVersion((version) => published.push(version));
  return { db, deps: { prisma: db.prisma, bus, log: silentLogger() }, published };
}

t.test('the documented example imports as it is, bumps and publishes the version', async (t) => {
  const { db, deps, published } = await setup(t);
  const before = await readConfigVersion(db.prisma);
  const result = await importConfigDocument(deps, issueYaml);
  t.same(result, { kind: 'imported', version: before + 1 });
  t.same(published, [before + 1]);
  t.same(await loadConfigData(db.prisma), fixtureConfig, 'the database holds exactly the file');
});

t.test('export then import changes nothing; importing twice is idempotent', async (t) => {
  const { db, deps, published } = await setup(t);
  await importConfigDocument(deps, issueYaml);
  const version = await readConfigVersion(db.prisma);
  const exported = await exportConfigDocument(db.prisma);
  t.same(await importConfigDocument(deps, exported), { kind: 'unchanged', version });
  t.same(await importConfigDocument(deps, issueYaml), { kind: 'unchanged', version });
  t.equal(published.length, 1, 'no version published for a no-op import');
  t.equal(await exportConfigDocument(db.prisma), exported, 'export is stable');
});

t.test('a changed document replaces the configuration declaratively', async (t) => {
  const { db, deps } = await setup(t);
  await importConfigDocument(deps, issueYaml);
  const edited = issueYaml
    .replace('  - { prefix: "47", did: "0310000047" }\n', '')
    .replace('trunks: [main_trunk, backup_trunk]', 'trunks: [backup_trunk, main_trunk]')
    .replace('{ extension: "1010", name: Agent 1010, prefixes: ["45"] }', '{ extension: "1010", name: Agent 1010, prefixes: ["45", "46"], enabled: false }');
  const result = await importConfigDocument(deps, edited);
  t.equal(result.kind, 'imported');
  const data = await loadConfigData(db.prisma);
  t.same(data.prefixes.map((rule) => rule.prefix), ['45', '46']);
  t.same(data.routes.find((route) => route.name === 'mobile')?.trunks, ['backup_trunk', 'main_trunk']);
  t.same(data.agents.find((agent) => agent.extension === '1010'), {
    extension: '1010', name: 'Agent 1010', defaultDid: null, enabled: false, allowedPrefixes: ['45', '46'],
  });
});

t.test('an invalid document is refused whole, with every problem named by path and value', async (t) => {
  const { db, deps, published } = await setup(t);
  await importConfigDocument(deps, issueYaml);
  const version = await readConfigVersion(db.prisma);
  const bad = issueYaml
    .replace('{ prefix: "47", did: "0310000047" }', '{ prefix: "47", did: "0310000099" }')
    .replace('label: Head office', 'label: Main office');
  const result = await importConfigDocument(deps, bad);
  t.same(result, { kind: 'invalid', issues: [{ path: 'prefixes[2].did', message: '0310000099 is not a DID; add it under DIDs first, or choose an existing one' }] });
  t.equal(await readConfigVersion(db.prisma), version, 'version unchanged');
  t.equal((await loadConfigData(db.prisma)).dids[0]?.label, 'Head office', 'valid parts of a bad file are not written either');
  t.equal(published.length, 1);
});

t.test('shape errors are reported with paths, never thrown', async (t) => {
  const { deps } = await setup(t);
  const cases: [string, string[]][] = [
    ['dids:\n  - { number: 310000001, label: x }\n', ['dids[0].number: expected a quoted string, got number 310000001 (write numbers in quotes, e.g. "0310000001")']],
    ['trunks: {}\n', ['trunks: expected a list, got a mapping']],
    ['trunks:\n  - { name: t, dial: "SIP/{number}", numberFormat: e165 }\n', ['trunks[0].numberFormat: expected one of national, e164, e164plus, got "e165"']],
    ['colour: red\n', ['colour: unknown key (expected one of settings, trunks, dids, agents, prefixes, outboundRoutes, schedules, inboundRoutes, menus)']],
    ['dids: [ { number: "1" \n', []],
  ];
  for (const [text, expected] of cases) {
    const result = await importConfigDocument(deps, text);
    t.equal(result.kind, 'invalid', text);
    if (result.kind !== 'invalid') continue;
    if (expected.length === 0) t.equal(result.issues[0]?.path, '(file)', 'a YAML syntax error points at the file');
    else t.same(result.issues.map((issue) => `${issue.path}: ${issue.message}`), expected);
  }
});

t.test('JSON documents import the same as YAML', async (t) => {
  const { db, deps } = await setup(t);
  const { parse } = await import('yaml');
  const result = await importConfigDocument(deps, JSON.stringify(parse(issueYaml)));
  t.equal(result.kind, 'imported');
  t.same(await loadConfigData(db.prisma), fixtureConfig);
});
