import t from 'tap';
import { loadConfigData } from '../../src/data/config-repository.js';
import { serializeConfigDocument } from '../../src/data/config-document.js';
import { buildTestWebApp, configVersion, seedRouting, type TestSession } from '../support/web.js';

// The configuration history through the dashboard on a real MariaDB: versions recorded by
// dashboard saves (author, per-field diff), two sessions saving the same form at once, the
// History page (filters, pages, access, escaping), the per-field diff of one version, and
// rollback with its confirm step (diff, what-if over logged calls) and its refusals.

const web = await buildTestWebApp(t);
const { prisma } = web.db;
await seedRouting(prisma);
// Seeded behind the app's back: the snapshot (and so the version forms carry) catches up first.
await web.deps.snapshots.refresh();
await web.createUser('manager1', 'manager');
await web.createUser('agent1009', 'agent', '1009');
const admin: TestSession = await web.login('admin');
const manager: TestSession = await web.login('manager1');
const agent: TestSession = await web.login('agent1009');

async function didRow(number: string) {
  return prisma.did.findUniqueOrThrow({ where: { number } });
}

/** The `_version` a form on this page carries. */
function formVersionOn(body: string): string {
  const version = /name="_version" value="(\d*)"/.exec(body)?.[1];
  if (version === undefined) throw new Error('no _version field on the page');
  return version;
}

/** The DID's edit form as this session loads it: its `_version`, and a save of it with other values. */
async function openDidForm(session: TestSession, number: string) {
  const did = await didRow(number);
  const form = await session.get(`/dids/${did.id}/edit`);
  const version = formVersionOn(form.body);
  return {
    version,
    save: (fields: { label?: string; callerIdName?: string }, options: { version?: string } = {}) =>
      session.post(`/dids/${did.id}`, {
        _version: options.version ?? version,
        number,
        label: fields.label ?? did.label,
        callerIdName: fields.callerIdName ?? did.callerIdName ?? '',
        ...(did.allowInbound && { allowInbound: 'on' }),
        ...(did.allowOutbound && { allowOutbound: 'on' }),
      }),
  };
}

async function latestEntry() {
  return prisma.configHistoryEntry.findFirstOrThrow({ orderBy: { version: 'desc' }, include: { entities: true } });
}

t.test('a save in the dashboard records a version: author, summary per field, entities, whole document', async (t) => {
  const before = await configVersion(prisma);
  const form = await openDidForm(admin, '0310000045');
  t.equal(form.version, String(before), 'the form carries the live version');
  const response = await form.save({ label: 'Outlet 45 (front)' });
  t.equal(response.statusCode, 303);
  const entry = await latestEntry();
  t.equal(entry.version, before + 1, 'the version a snapshot carries is the recorded one');
  t.equal(entry.author, 'admin');
  t.equal(entry.summary, 'DID 0310000045: label Outlet 45 → Outlet 45 (front)');
  t.same(
    entry.entities.map(({ kind, name }) => ({ kind, name })),
    [{ kind: 'did', name: '0310000045' }],
  );
  t.match(entry.document, /Outlet 45 \(front\)/);
  const baseline = await prisma.configHistoryEntry.findUniqueOrThrow({ where: { version: before } });
  t.equal(baseline.author, 'system', 'the configuration found before the first change is the baseline version');
});

t.test('two sessions saving the same form at once: one wins, the other is told what changed (409), no update is lost', async (t) => {
  const start = await configVersion(prisma);
  const first = await openDidForm(admin, '0310000046');
  const second = await openDidForm(manager, '0310000046');
  t.equal(first.version, second.version);
  const [a, b] = await Promise.all([first.save({ label: 'Outlet 46 by admin' }), second.save({ label: 'Outlet 46 by manager' })]);
  const codes = [a.statusCode, b.statusCode].sort();
  t.same(codes, [303, 409], 'one save went through, the other was refused');
  const loser = a.statusCode === 409 ? a : b;
  const winnerLabel = a.statusCode === 303 ? 'Outlet 46 by admin' : 'Outlet 46 by manager';
  const loserLabel = a.statusCode === 303 ? 'Outlet 46 by manager' : 'Outlet 46 by admin';
  t.equal((await didRow('0310000046')).label, winnerLabel);
  t.equal(await configVersion(prisma), start + 1, 'only one version was made');
  t.match(loser.body, new RegExp(`The configuration changed from version ${start} to ${start + 1} while this form was open`));
  t.match(loser.body, new RegExp(`Changed meanwhile: DID 0310000046: label Outlet 46 → ${winnerLabel.replace(/[()]/g, '\\$&')}`));
  t.match(loser.body, new RegExp(`value="${loserLabel}"`), 'the refused values are kept in the form');
  t.equal(formVersionOn(loser.body), String(start + 1), 'the form comes back on the live version');

  // Saving the refused form again applies it on top: two versions, both in the history.
  const loserSession = a.statusCode === 409 ? first : second;
  const again = await loserSession.save({ label: loserLabel }, { version: String(start + 1) });
  t.equal(again.statusCode, 303);
  t.equal((await didRow('0310000046')).label, loserLabel);
  const entries = await prisma.configHistoryEntry.findMany({ where: { version: { gt: start } }, orderBy: { version: 'asc' } });
  t.same(
    entries.map((entry) => entry.summary),
    [`DID 0310000046: label Outlet 46 → ${winnerLabel}`, `DID 0310000046: label ${winnerLabel} → ${loserLabel}`],
  );
  t.same(entries.map((entry) => entry.author).sort(), ['admin', 'manager1']);
});

t.test('the History page: newest first, who, when, what; one URL for the page and the htmx fragment', async (t) => {
  const page = await admin.get('/history');
  t.equal(page.statusCode, 200);
  t.match(page.body, /^<!doctype html>/);
  t.match(page.body, /href="\/history" aria-current="page">Config history</, 'in the navigation, marked current');
  const versions = [...page.body.matchAll(/<tr id="version-(\d+)">/g)].map((match) => Number(match[1]));
  t.ok(versions.length >= 4, `${versions.length} versions listed`);
  t.same(versions, [...versions].sort((x, y) => y - x), 'newest first');
  t.match(page.body, /DID 0310000045: label Outlet 45 → Outlet 45 \(front\)/);
  t.match(page.headers.vary, /HX-Request/);
  const fragment = await admin.get('/history', { htmx: true });
  t.match(fragment.body.trimStart(), /^<div id="history">/);
  t.notMatch(fragment.body, /<html/);
});

t.test('filters: by author, by entity kind and name; a wrong filter is named (422)', async (t) => {
  const byManager = await admin.get('/history?author=manager1');
  const authors = [...byManager.body.matchAll(/<tr id="version-\d+">[\s\S]*?<\/td>\s*<td class="mono nowrap">[^<]*<\/td>\s*<td>([^<]*)<\/td>/g)].map((m) => m[1]);
  t.ok(authors.length >= 1);
  t.ok(authors.every((author) => author === 'manager1'), 'only the manager’s versions');
  const byDid = await admin.get('/history?kind=did&name=0310000045');
  t.match(byDid.body, /Outlet 45 \(front\)/);
  t.notMatch(byDid.body, /Outlet 46 by/);
  const byKind = await admin.get('/history?kind=route');
  t.match(byKind.body, /No version matches these filters/);
  const wrong = await admin.get('/history?kind=bogus');
  t.equal(wrong.statusCode, 422);
  t.match(wrong.body, /Entity must be one of settings, trunk, did/);
  const nameAlone = await admin.get('/history?name=mobile');
  t.equal(nameAlone.statusCode, 422);
  t.match(nameAlone.body, /Name needs an entity kind/);
});

t.test('pages of versions: older and newer by version number, with the filters kept', async (t) => {
  const document = serializeConfigDocument(await loadConfigData(prisma));
  await prisma.configHistoryEntry.createMany({
    data: Array.from({ length: 55 }, (_, index) => ({
      version: 1000 + index,
      createdAt: new Date(Date.UTC(2026, 10, 1, 8, index)),
      author: 'bulk',
      summary: `bulk change ${index}`,
      document,
    })),
  });
  const first = await admin.get('/history?author=bulk');
  const onFirst = [...first.body.matchAll(/<tr id="version-(\d+)">/g)].map((m) => Number(m[1]));
  t.equal(onFirst.length, 50);
  t.equal(onFirst[0], 1054);
  const older = /href="(\/history\?author=bulk&amp;after=\d+)"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
  t.ok(older, 'a link to the older page, keeping the filter');
  const second = await admin.get(older!);
  t.same([...second.body.matchAll(/<tr id="version-(\d+)">/g)].map((m) => Number(m[1])), [1004, 1003, 1002, 1001, 1000]);
  t.notMatch(second.body, /rel="next"/, 'the last page');
  const newer = /href="(\/history\?author=bulk&amp;before=\d+)"/.exec(second.body)?.[1]?.replace(/&amp;/g, '&');
  const back = await admin.get(newer!);
  t.same([...back.body.matchAll(/<tr id="version-(\d+)">/g)].map((m) => Number(m[1])), onFirst);
  await prisma.configHistoryEntry.deleteMany({ where: { author: 'bulk' } });
});

t.test('one version: the per-field diff against the one before, or any other; its document', async (t) => {
  const entry = await prisma.configHistoryEntry.findFirstOrThrow({ where: { summary: { startsWith: 'DID 0310000045' } } });
  const page = await admin.get(`/history/${entry.version}`);
  t.equal(page.statusCode, 200);
  t.match(page.body, /<dd id="version-author">admin<\/dd>/);
  t.match(page.body, /DID 0310000045 <span class="status status-warn">changed<\/span>/);
  t.match(page.body, /<th scope="row" class="mono">label<\/th>\s*<td class="diff-before">Outlet 45<\/td>\s*<td class="diff-after">Outlet 45 \(front\)<\/td>/);
  const live = await configVersion(prisma);
  const across = await admin.get(`/history/${live}?against=${entry.version - 1}`);
  t.match(across.body, /DID 0310000045 <span/);
  t.match(across.body, /DID 0310000046 <span/, 'every change between the two');
  t.equal((await admin.get('/history/99999')).statusCode, 404);
  t.equal((await admin.get(`/history/${live}?against=99999`)).statusCode, 404);
  const exported = await admin.get(`/history/${entry.version}/export`);
  t.equal(exported.statusCode, 200);
  t.match(exported.headers['content-type'], /application\/yaml/);
  t.match(exported.body, /Outlet 45 \(front\)/);
  t.notMatch(exported.body, /Outlet 46 by/, 'that version, not the live one');
});

t.test('values are escaped in the list and the diff', async (t) => {
  const form = await openDidForm(admin, '0310000045');
  t.equal((await form.save({ label: '<script>alert(1)</script>' })).statusCode, 303);
  const version = await configVersion(prisma);
  for (const page of [await admin.get('/history'), await admin.get(`/history/${version}`)]) {
    t.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    t.notMatch(page.body, /<script>alert/);
  }
});

t.test('access: managers read the history but may not roll back; agents see none of it', async (t) => {
  const version = await configVersion(prisma);
  const list = await manager.get('/history');
  t.equal(list.statusCode, 200);
  t.match(list.body, /href="\/history"/);
  const detail = await manager.get(`/history/${version}`);
  t.equal(detail.statusCode, 200);
  t.notMatch(detail.body, /\/rollback"/, 'no rollback link for a manager');
  t.match((await admin.get(`/history/${version}`)).body, /\/rollback"/, 'an admin has one');
  t.equal((await manager.get(`/history/${version - 1}/rollback`)).statusCode, 403);
  t.equal((await manager.post(`/history/${version - 1}/rollback`, {})).statusCode, 403);
  t.equal((await agent.get('/history')).statusCode, 403);
  t.notMatch((await agent.get('/profile')).body, /href="\/history"/);
  t.equal(await configVersion(prisma), version, 'nothing changed');
});

t.test('rollback: the confirm step shows the diff and what the logged calls would do; confirming makes a new version', async (t) => {
  // Agent 1009 presents DID 0310000046: a caller-ID name on it changes what their calls present.
  const now = Date.now();
  await prisma.decisionLog.createMany({
    data: Array.from({ length: 3 }, (_, index) => ({
      createdAt: new Date(now - (index + 1) * 60_000),
      uniqueId: `wi-${index}`,
      channel: 'PJSIP/1009-0001',
      agent: '1009',
      dialed: `07123456${String(index).padStart(2, '0')}`,
      result: 'dial',
      did: '0310000046',
      dialStrings: 'PJSIP/256712345600@main_trunk',
      rule: 'route mobile',
      reason: null,
      configVersion: 1,
      decisionMicros: 50,
    })),
  });
  const good = await configVersion(prisma);
  const form = await openDidForm(admin, '0310000046');
  t.equal((await form.save({ callerIdName: 'Acme <Sales>' })).statusCode, 303);
  const bad = await configVersion(prisma);
  t.equal((await didRow('0310000046')).callerIdName, 'Acme <Sales>');

  const undo = await admin.get(`/history/${bad}`);
  t.match(undo.body, new RegExp(`href="/history/${good}/rollback">Undo: roll back to version ${good}<`));
  const confirm = await admin.get(`/history/${good}/rollback`);
  t.equal(confirm.statusCode, 200);
  t.match(confirm.body, /DID 0310000046 <span class="status status-warn">changed<\/span>/);
  t.match(confirm.body, /<th scope="row" class="mono">callerIdName<\/th>\s*<td class="diff-before">Acme &lt;Sales&gt;<\/td>\s*<td class="diff-after">\(none\)<\/td>/);
  t.match(confirm.body, /Replayed the 3 outbound calls logged since/);
  t.match(confirm.body, /3 would be decided differently/);
  t.match(confirm.body, /<li>3 calls: other caller ID<\/li>/);
  t.match(confirm.body, /<td class="mono">dial 256712345600 as 0310000046 \(Acme &lt;Sales&gt;\) via main_trunk<\/td>\s*<td class="mono">dial 256712345600 as 0310000046 via main_trunk<\/td>/);
  t.equal(formVersionOn(confirm.body), String(bad), 'the confirm form carries the live version of its preview');

  const response = await admin.post(`/history/${good}/rollback`, { _version: String(bad) });
  t.equal(response.statusCode, 303);
  const rolled = await configVersion(prisma);
  t.equal(rolled, bad + 1, 'a new version; history is not rewritten');
  t.equal(response.headers.location, `/history/${rolled}`);
  t.equal((await didRow('0310000046')).callerIdName, null, 'the old value is live again');
  const entry = await latestEntry();
  t.equal(entry.author, 'admin');
  t.equal(entry.summary, `rollback to version ${good}: DID 0310000046: callerIdName Acme <Sales> → (none)`);
  t.ok(await prisma.configHistoryEntry.findUnique({ where: { version: bad } }), 'the rolled-back version is still there');
  const shown = await admin.get(`/history/${rolled}`);
  t.match(shown.body, new RegExp(`Rolled back to version ${good}: the configuration is now version ${rolled}`));
  t.equal(web.deps.snapshots.current()?.version, rolled, 'this instance serves the rolled-back configuration');
});

t.test('rollback refusals say why, and change nothing', async (t) => {
  const live = await configVersion(prisma);
  const previous = (await prisma.configHistoryEntry.findFirstOrThrow({ where: { version: { lt: live } }, orderBy: { version: 'desc' } })).version;

  await t.test('the live configuration already matches', async (t) => {
    const response = await admin.post(`/history/${live}/rollback`, { _version: String(live) });
    t.equal(response.statusCode, 409);
    t.match(response.body, new RegExp(`The live configuration \\(version ${live}\\) already matches version ${live}; nothing was changed`));
    t.notMatch(response.body, /id="rollback-form"/, 'nothing to confirm');
  });

  await t.test('the configuration moved since the preview', async (t) => {
    const response = await admin.post(`/history/${previous}/rollback`, { _version: String(previous) });
    t.equal(response.statusCode, 409);
    t.match(response.body, new RegExp(`changed from version ${previous} to ${live} since this preview was shown; nothing was rolled back`));
    t.match(response.body, /Changed meanwhile: DID 0310000046: callerIdName Acme &lt;Sales&gt; → \(none\)/);
    t.equal(formVersionOn(response.body), String(live), 'confirming again confirms the preview now shown');
  });

  await t.test('a version that is not valid under today’s rules (a route on a trunk it does not define)', async (t) => {
    const data = await loadConfigData(prisma);
    const broken = { ...data, routes: data.routes.map((route) => (route.name === 'mobile' ? { ...route, trunks: ['ghost_trunk'] } : route)) };
    await prisma.configHistoryEntry.create({
      data: { version: 5000, createdAt: new Date(), author: 'cli', summary: 'hand-made', document: serializeConfigDocument(broken) },
    });
    const confirm = await admin.get('/history/5000/rollback');
    t.match(confirm.body, /id="rollback-invalid"/);
    t.match(confirm.body, /ghost_trunk/);
    t.notMatch(confirm.body, /id="rollback-form"/, 'no confirm button for an invalid version');
    const response = await admin.post('/history/5000/rollback', { _version: String(live) });
    t.equal(response.statusCode, 422);
    t.match(response.body, /Version 5000 is not valid under today&#39;s rules, so it was not restored/);
    t.match(response.body, /<li>route mobile, trunks[^<]*: ghost_trunk is not a trunk; add it under Trunks first, or take it off this route<\/li>/);
    await prisma.configHistoryEntry.delete({ where: { version: 5000 } });
  });

  await t.test('no such version', async (t) => {
    t.equal((await admin.post('/history/99999/rollback', {})).statusCode, 404);
    t.equal((await admin.get('/history/99999/rollback')).statusCode, 404);
  });

  await t.test('a forged POST without the session token', async (t) => {
    const response = await web.app.inject({
      method: 'POST',
      url: `/history/${previous}/rollback`,
      headers: { ...admin.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_version=${live}`,
    });
    t.equal(response.statusCode, 403);
  });

  t.equal(await configVersion(prisma), live, 'no refusal made a version');
});

t.test('restore one entity as in a version: only it changes; refused when what it refers to is gone', async (t) => {
  t.equal((await (await openDidForm(admin, '0310000045')).save({ label: 'Outlet 45 again' })).statusCode, 303);
  const kept = await configVersion(prisma);
  t.equal((await (await openDidForm(admin, '0310000045')).save({ label: 'Outlet 45 later' })).statusCode, 303);
  t.equal((await (await openDidForm(admin, '0310000001')).save({ label: 'Head office (moved)' })).statusCode, 303);
  const live = await configVersion(prisma);

  const shown = await admin.get(`/history/${kept + 1}`);
  t.match(shown.body, new RegExp(`href="/history/${kept}/rollback\\?kind=did&amp;name=0310000045">Restore DID 0310000045 as in version ${kept}<`));
  const confirm = await admin.get(`/history/${kept}/rollback?kind=did&name=0310000045`);
  t.equal(confirm.statusCode, 200);
  t.match(confirm.body, new RegExp(`<h1><a href="/history">Configuration history</a> / Restore DID 0310000045 as in version ${kept}</h1>`));
  t.match(confirm.body, /DID 0310000045 <span/);
  t.notMatch(confirm.body, /DID 0310000001 <span/, 'the other DID changed since is not part of it');
  t.match(confirm.body, /<input type="hidden" name="kind" value="did">/);

  const response = await admin.post(`/history/${kept}/rollback`, { _version: String(live), kind: 'did', name: '0310000045' });
  t.equal(response.statusCode, 303);
  t.equal((await didRow('0310000045')).label, 'Outlet 45 again');
  t.equal((await didRow('0310000001')).label, 'Head office (moved)', 'the rest of the live configuration stays');
  t.equal((await latestEntry()).summary, `restore DID 0310000045 from version ${kept}: DID 0310000045: label Outlet 45 later → Outlet 45 again`);

  const again = await admin.post(`/history/${kept}/rollback`, { _version: String(live + 1), kind: 'did', name: '0310000045' });
  t.equal(again.statusCode, 409);
  t.match(again.body, new RegExp(`DID 0310000045 is already as in version ${kept}; nothing was changed`));

  // Agent 1099 presents DID 0310000099; both are deleted; the agent restored alone would point at a DID that is gone.
  t.equal((await admin.post('/dids', { number: '0310000099', label: 'Outlet 99', allowOutbound: 'on' })).statusCode, 303);
  t.equal((await admin.post('/agents', { extension: '1099', name: 'Agent 1099', defaultDid: '0310000099', enabled: 'on' })).statusCode, 303);
  const withAgent = await configVersion(prisma);
  const agentId = (await prisma.agent.findUniqueOrThrow({ where: { extension: '1099' } })).id;
  t.equal((await admin.post(`/agents/${agentId}/delete`, {})).statusCode, 303);
  t.equal((await admin.post(`/dids/${(await didRow('0310000099')).id}/delete`, {})).statusCode, 303);
  const before = await configVersion(prisma);
  const preview = await admin.get(`/history/${withAgent}/rollback?kind=agent&name=1099`);
  t.match(preview.body, /Restoring agent 1099 as in version \d+ would leave the live configuration invalid:/);
  t.notMatch(preview.body, /id="rollback-form"/);
  const refused = await admin.post(`/history/${withAgent}/rollback`, { _version: String(before), kind: 'agent', name: '1099' });
  t.equal(refused.statusCode, 422);
  t.match(refused.body, new RegExp(`Restoring agent 1099 as in version ${withAgent} would leave the live configuration invalid, so it was not restored`));
  t.match(refused.body, /<li>agent 1099[^<]*0310000099[^<]*<\/li>/, 'the reason names the DID that is gone');
  t.equal(await configVersion(prisma), before, 'nothing was written');
  t.equal(await prisma.agent.count({ where: { extension: '1099' } }), 0);

  t.equal((await admin.get(`/history/${withAgent}/rollback?kind=route&name=nowhere`)).statusCode, 404, 'an entity in neither configuration');
  t.equal((await admin.get(`/history/${withAgent}/rollback?kind=bogus&name=x`)).statusCode, 422);
});
