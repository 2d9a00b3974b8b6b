import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { projectRoot } from '../../src/project-root.js';
import { TEST_REDIS_URL } from '../support/addresses.js';
import { createTestDatabase } from '../support/database.js';

// The `mayday` bin as an operator runs it, against a real database.

const fixture = join(projectRoot, 'test/fixtures/config.yaml');
const db = await createTestDatabase(t);

function mayday(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(projectRoot, 'bin/mayday.js'), ...args],
      { env: { ...process.env, DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, LOG_LEVEL: 'silent' }, cwd: projectRoot },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

t.test('migrate applies nothing on a migrated database', async (t) => {
  const result = await mayday('migrate');
  t.equal(result.code, 0);
  t.match(result.stdout, /^0 migration\(s\) applied, \d+ already in place/m);
});

t.test('config import, idempotent re-import, export round trip', async (t) => {
  const first = await mayday('config', 'import', fixture);
  t.equal(first.code, 0, first.stderr);
  t.match(first.stdout, /^imported .*config\.yaml: configuration version \d+/);
  const again = await mayday('config', 'import', fixture);
  t.match(again.stdout, /^no change: the configuration already matches/);

  const dir = await mkdtemp(join(tmpdir(), 'mayday-cli-'));
  const exported = join(dir, 'export.yaml');
  t.equal((await mayday('config', 'export', exported)).code, 0);
  const reimport = await mayday('config', 'import', exported);
  t.match(reimport.stdout, /^no change/);
  t.match(await readFile(exported, 'utf8'), /- name: mobile\n {4}priority: 10\n {4}patterns:\n {6}- _07XXXXXXXX/);
});

t.test('an invalid file is refused with every problem and exit code 1', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mayday-cli-'));
  const bad = join(dir, 'bad.yaml');
  const text = (await readFile(fixture, 'utf8'))
    .replace('{ prefix: "47", did: "0310000047" }', '{ prefix: "47", did: "0310000099" }')
    .replace('patterns: ["_00X."]', 'patterns: ["_00[1"]');
  await writeFile(bad, text);
  const result = await mayday('config', 'import', bad);
  t.equal(result.code, 1);
  t.match(result.stdout, 'prefixes[2].did: 0310000099 is not a DID; add it under DIDs first, or choose an existing one');
  t.match(result.stdout, /outboundRoutes\[1\]\.patterns\[0\]: unclosed \[ in pattern _00\[1/);
  t.match(result.stdout, /nothing imported: 2 problem\(s\)/);
});

t.test('simulate shows the decision the live server would take', async (t) => {
  const human = await mayday('simulate', 'outbound', '--agent', '1009', '--number', '450712345678');
  t.equal(human.code, 0);
  t.match(human.stdout, /agent 1009 dialing 450712345678 leaves as 256712345678 with caller ID 256310000045 via main_trunk/);
  t.match(human.stdout, /rule: prefix 45 \+ route mobile/);
  const json = await mayday('simulate', 'outbound', '--agent', '1010', '--number', '460712345678', '--json');
  t.equal(json.code, 3, 'a reject exits 3');
  t.match(JSON.parse(json.stdout), { request: { agent: '1010', dialed: '460712345678' }, decision: { kind: 'reject', reason: 'PREFIX_NOT_ALLOWED' } });
});

t.test('usage errors exit 2 with the usage', async (t) => {
  const unknown = await mayday('frobnicate');
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /usage: mayday <command>/);
  const missing = await mayday('simulate', 'outbound', '--agent', '1009');
  t.equal(missing.code, 2);
  t.match(missing.stderr, /usage: mayday simulate outbound --agent EXTENSION --number DIGITS/);
});
