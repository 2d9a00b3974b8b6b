import t from 'tap';
import { buildTestWebApp, configVersion, seedRouting, type TestSession } from '../support/web.js';

const web = await buildTestWebApp(t);
const { prisma } = web.db;
await seedRouting(prisma);
// Two more trunks: a national-format backup, and one that is switched off.
await prisma.trunk.createMany({
  data: [
    { name: 'backup_trunk', dialTemplate: 'PJSIP/{number}@backup_trunk', numberFormat: 'national' },
    { name: 'old_trunk', dialTemplate: 'PJSIP/{number}@old_trunk', numberFormat: 'e164', enabled: false },
  ],
});
const mobileId = (await prisma.outboundRoute.findUniqueOrThrow({ where: { name: 'mobile' } })).id;
await prisma.outboundRouteTrunk.create({
  data: { routeId: mobileId, trunkId: (await prisma.trunk.findUniqueOrThrow({ where: { name: 'backup_trunk' } })).id, position: 1 },
});
await prisma.configVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
await web.deps.snapshots.refresh();
await web.createUser('manager1', 'manager');
const admin: TestSession = await web.login('admin');

type Fields = Record<string, string | readonly string[]>;

const post = (url: string, fields: Fields, options: { htmx?: boolean; session?: TestSession } = {}) =>
  (options.session ?? admin).post(url, fields, options);

const { get } = admin;

/** A complete, valid route form; tests override what they check. */
function routeFields(overrides: Fields = {}): Fields {
  return {
    name: 'landline',
    priority: '30',
    patterns: '_0[1-6]XXXXXXXX',
    strip: '0',
    prepend: '',
    callerIdDid: '',
    trunks: ['main_trunk'],
    enabled: 'on',
    ...overrides,
  };
}

/** The trunk list the form shows, in order (its hidden fields). */
function shownTrunks(body: string): string[] {
  return [...body.matchAll(/<input type="hidden" name="trunks" value="([^"]*)">/g)].map((match) => match[1]!);
}

async function savedTrunks(name: string): Promise<string[]> {
  const route = await prisma.outboundRoute.findUniqueOrThrow({
    where: { name },
    include: { trunks: { orderBy: { position: 'asc' }, include: { trunk: true } } },
  });
  return route.trunks.map((link) => link.trunk.name);
}

async function routeId(name: string): Promise<number> {
  return (await prisma.outboundRoute.findUniqueOrThrow({ where: { name } })).id;
}

t.test('one URL: the full page, or only the table for htmx, with Vary: HX-Request', async (t) => {
  const page = await get('/routes');
  t.equal(page.statusCode, 200);
  t.match(page.body, /^<!doctype html>/);
  t.match(page.body, /<a href="\/routes" aria-current="page">Outbound routes<\/a>/, 'in the navigation, marked current');
  t.match(page.body, /<section id="routes-table"[^>]*hx-trigger="routes-changed from:body"/);
  t.match(page.headers.vary, /HX-Request/);
  const partial = await get('/routes', { htmx: true });
  t.equal(partial.statusCode, 200);
  t.match(partial.body.trimStart(), /^<section id="routes-table"/);
  t.notMatch(partial.body, /<html|<nav aria-label="Main"/);
  t.match(partial.headers.vary, /HX-Request/);
});

t.test('the list: by priority, with patterns, rewrite, caller-ID policy and trunks in order', async (t) => {
  await prisma.outboundRoute.create({ data: { name: 'aaa-late', priority: 20, patterns: ['_09X.'], strip: 1, prepend: '+256', enabled: false } });
  const page = await get('/routes', { htmx: true });
  const rows = [...page.body.matchAll(/<tr id="route-\d+"[^>]*>\s*<td class="num">(\d+)<\/td>\s*<td>([^<]*)<\/td>/g)].map((m) => `${m[1]} ${m[2]}`);
  t.same(rows, ['10 mobile', '20 aaa-late', '20 international'], 'priority order, ties by name');
  const mobile = /<tr id="route-\d+">\s*<td class="num">10<\/td>[\s\S]*?<\/tr>/.exec(page.body)?.[0] ?? '';
  t.match(mobile, /<li>_07XXXXXXXX<\/li>/);
  t.match(mobile, /as dialed/);
  t.match(mobile, /agent&#39;s DID|agent's DID/);
  t.match(mobile, /<ol class="trunk-chain"><li><span class="mono">main_trunk<\/span><\/li><li><span class="mono">backup_trunk<\/span><\/li><\/ol>/);
  t.match(page.body, /Head office \(<span class="mono">0310000001<\/span>\)/, 'a fixed caller ID shows the DID label and number');
  t.match(page.body, /strip 1, prepend <span class="mono">\+256<\/span>/);
  t.match(page.body, /<tr id="route-\d+" class="disabled">/, 'a disabled route is marked');
  await prisma.outboundRoute.delete({ where: { name: 'aaa-late' } });
});

t.test('creating a route without JavaScript: POST, redirect, flash with the next call, version bump', async (t) => {
  const before = await configVersion(prisma);
  const response = await post('/routes', routeFields({ trunks: ['backup_trunk', 'main_trunk'], prepend: '+256', strip: '1' }));
  t.equal(response.statusCode, 303);
  t.equal(response.headers.location, '/routes');
  t.equal(await configVersion(prisma), before + 1, 'the config version moved');
  t.match(await prisma.outboundRoute.findUniqueOrThrow({ where: { name: 'landline' } }), {
    priority: 30,
    patterns: ['_0[1-6]XXXXXXXX'],
    strip: 1,
    prepend: '+256',
    callerIdDid: null,
    enabled: true,
  });
  t.same(await savedTrunks('landline'), ['backup_trunk', 'main_trunk'], 'the trunks in the order given');
  const next = await get('/routes');
  t.match(next.body, /Route landline saved \(config version \d+\)/);
  t.match(next.body, /Next call: agent 1009 dialing 0223456789 leaves as 0223456789 with caller ID 0310000046 via backup_trunk \(then main_trunk as 256223456789\)/, 'strip 1 and prepend +256, written per trunk');
  t.notMatch((await get('/routes')).body, /Route landline saved/, 'a flash is shown once');
});

t.test('creating a route with htmx: the form inline, then the flash and a refresh event', async (t) => {
  const blank = await get('/routes/new', { htmx: true });
  t.match(blank.body.trimStart(), /^<form id="route-form"/);
  t.match(blank.body, /hx-post="\/routes"/);
  t.match(blank.body, /<option value="0310000045">Outlet 45 \(0310000045\)<\/option>/, 'fixed caller ID from the outbound DIDs');
  t.notMatch(blank.body, /0310000047/, 'a DID without outbound is not offered');
  const page = await get('/routes/new');
  t.match(page.body, /^<!doctype html>/);
  t.notMatch(page.body, /hx-post="\/routes"/, 'without htmx the form posts normally');
  const response = await post('/routes', routeFields({ name: 'premium', patterns: '_0900XXXXXX', callerIdDid: '0310000001' }), { htmx: true });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['hx-trigger'], 'routes-changed');
  t.match(response.headers.vary, /HX-Request/);
  t.match(response.body, /<div id="flash" aria-live="polite" hx-swap-oob="true">/);
  t.match(response.body, /Route premium saved/);
  t.match(response.body, /Next call: agent 1009 dialing 0900456789 leaves as 256900456789 with caller ID 256310000001 via main_trunk/);
  t.equal((await prisma.outboundRoute.findUniqueOrThrow({ where: { name: 'premium' } })).callerIdDid, '0310000001');
});

interface Rule {
  readonly what: string;
  readonly fields: Fields;
  readonly field: string;
  readonly message: RegExp;
}

const RULES: readonly Rule[] = [
  { what: 'a name', fields: { name: '  ' }, field: 'name', message: /Name is required/ },
  { what: 'a unique name', fields: { name: 'mobile' }, field: 'name', message: /Name mobile is already another route&#39;s name; choose a different name/ },
  { what: 'a whole-number priority', fields: { priority: '1.5' }, field: 'priority', message: /Priority must be a whole number ≥ 0/ },
  { what: 'a priority', fields: { priority: '' }, field: 'priority', message: /Priority is required/ },
  { what: 'patterns', fields: { patterns: '\n  \n' }, field: 'patterns', message: /Patterns must list at least one pattern/ },
  { what: 'patterns that parse', fields: { patterns: '_07XXXXXXXX\n_07[12' }, field: 'patterns', message: /line 2: unclosed \[ in pattern _07\[12/ },
  { what: 'patterns that parse (every line)', fields: { patterns: '_0Q1\n\n_0.1' }, field: 'patterns', message: /line 1: invalid character Q in pattern _0Q1<\/li>\s*<li>Patterns line 3: \. is only allowed at the end in pattern _0\.1/ },
  { what: 'a whole-number strip', fields: { strip: '-1' }, field: 'strip', message: /Strip must be a whole number ≥ 0/ },
  { what: 'a digits-only prepend', fields: { prepend: '25a' }, field: 'prepend', message: /Prepend must be digits, with an optional leading \+/ },
  { what: 'a + only in front of the prepend', fields: { prepend: '2+56' }, field: 'prepend', message: /Prepend must be digits, with an optional leading \+/ },
  { what: 'an outbound caller-ID DID', fields: { callerIdDid: '0310000047' }, field: 'callerIdDid', message: /Caller ID 0310000047 does not allow outbound calls/ },
  { what: 'a known caller-ID DID', fields: { callerIdDid: '0399999999' }, field: 'callerIdDid', message: /Caller ID 0399999999 is not a DID; add it under DIDs first/ },
  { what: 'a trunk', fields: { trunks: [] }, field: 'trunks', message: /Trunks: needs at least one enabled trunk/ },
  { what: 'an enabled trunk', fields: { trunks: ['old_trunk'] }, field: 'trunks', message: /Trunks: needs at least one enabled trunk/ },
  { what: 'known trunks', fields: { trunks: ['main_trunk', 'no_such_trunk'] }, field: 'trunks', message: /Trunks: no_such_trunk is not a trunk; add it under Trunks first, or take it off this route/ },
];

t.test('each validation rule: 422 with the error at its field, nothing saved', async (t) => {
  for (const rule of RULES) {
    for (const htmx of [false, true]) {
      const before = await configVersion(prisma);
      const label = `${rule.what}${htmx ? ' (htmx)' : ''}`;
      const response = await post('/routes', routeFields({ name: 'rejected', ...rule.fields }), { htmx });
      t.equal(response.statusCode, 422, label);
      if (htmx) t.match(response.body.trimStart(), /^<form id="route-form"/, `${label}: the form alone`);
      else t.match(response.body, /^<!doctype html>/, `${label}: the form page`);
      const marked = rule.field === 'trunks' ? /<fieldset id="route-trunks" class="trunk-order has-error"/ : new RegExp(`id="route-${rule.field}"[^>]*aria-invalid="true"`);
      t.match(response.body, marked, `${label}: the field is marked`);
      t.match(response.body, rule.message, `${label}: the message`);
      t.equal(await configVersion(prisma), before, `${label}: the version did not move`);
    }
  }
  t.equal(await prisma.outboundRoute.count({ where: { name: 'rejected' } }), 0);
  const kept = await post('/routes', routeFields({ name: 'rejected', patterns: '_07[12', prepend: '9x' }));
  t.match(kept.body, /<textarea id="route-patterns"[^>]*>_07\[12<\/textarea>/, 'the input is kept');
  t.match(kept.body, /id="route-prepend" name="prepend" value="9x"/);
  t.match(kept.body, /<input type="hidden" name="trunks" value="main_trunk">/);
});

t.test('a disabled route may wait without an enabled trunk', async (t) => {
  const response = await post('/routes', routeFields({ name: 'parked', patterns: '_08X.', trunks: ['old_trunk'], enabled: [] }));
  t.equal(response.statusCode, 303);
  t.same(await savedTrunks('parked'), ['old_trunk']);
  t.equal((await prisma.outboundRoute.findUniqueOrThrow({ where: { name: 'parked' } })).enabled, false);
});

t.test('reordering trunks without JavaScript: the buttons re-render the form, Save keeps the shown order', async (t) => {
  const id = await routeId('mobile');
  const before = await configVersion(prisma);
  const edit = await get(`/routes/${id}/edit`);
  t.same(shownTrunks(edit.body), ['main_trunk', 'backup_trunk']);
  t.match(edit.body, /<button type="submit" name="move" value="up:1" formnovalidate disabled/, 'the first cannot go up');
  t.match(edit.body, /<button type="submit" name="move" value="down:2" formnovalidate disabled/, 'the last cannot go down');
  t.match(edit.body, /<option value="old_trunk">old_trunk \(disabled\)<\/option>/, 'only the trunks not listed can be added');
  t.notMatch(edit.body, /<option value="main_trunk">/);

  const shown = shownTrunks(edit.body);
  const fields = routeFields({ name: 'mobile', priority: '10', patterns: '_07XXXXXXXX', trunks: shown });
  const down = await post(`/routes/${id}`, { ...fields, move: 'down:1' });
  t.equal(down.statusCode, 200);
  t.match(down.body, /^<!doctype html>/, 'a full page without JavaScript');
  t.same(shownTrunks(down.body), ['backup_trunk', 'main_trunk'], 'main_trunk moved down');
  t.match(down.body, /<form id="route-form" class="card form" method="post" action="\/routes\/\d+">/);

  const added = await post(`/routes/${id}`, { ...fields, trunks: shownTrunks(down.body), move: 'add', addTrunk: 'old_trunk' });
  t.same(shownTrunks(added.body), ['backup_trunk', 'main_trunk', 'old_trunk']);
  t.match(added.body, /old_trunk<\/span>\s*<span class="badge badge-muted">disabled<\/span>/);
  t.notMatch(added.body, /id="route-addTrunk"/, 'nothing left to add');
  const up = await post(`/routes/${id}`, { ...fields, trunks: shownTrunks(added.body), move: 'up:3' });
  t.same(shownTrunks(up.body), ['backup_trunk', 'old_trunk', 'main_trunk']);
  const removed = await post(`/routes/${id}`, { ...fields, trunks: shownTrunks(up.body), move: 'remove:2' });
  t.same(shownTrunks(removed.body), ['backup_trunk', 'main_trunk']);
  const htmx = await post(`/routes/${id}`, { ...fields, trunks: shownTrunks(removed.body), move: 'up:2' }, { htmx: true });
  t.equal(htmx.statusCode, 200);
  t.match(htmx.body.trimStart(), /^<form id="route-form"[^>]*hx-post="\/routes\/\d+" hx-target="#editor"/, 'htmx swaps the form in place');
  t.same(shownTrunks(htmx.body), ['main_trunk', 'backup_trunk']);

  t.equal(await configVersion(prisma), before, 'moving trunks saved nothing');
  t.same(await savedTrunks('mobile'), ['main_trunk', 'backup_trunk']);

  const save = await post(`/routes/${id}`, { ...fields, trunks: shownTrunks(removed.body) });
  t.equal(save.statusCode, 303);
  t.same(await savedTrunks('mobile'), ['backup_trunk', 'main_trunk'], 'the saved order is the shown order');
  t.equal(await configVersion(prisma), before + 1);
  const list = await get('/routes');
  t.match(list.body, /Next call: agent 1009 dialing 0723456789 leaves as 0723456789 with caller ID 0310000046 via backup_trunk \(then main_trunk as 256723456789\)/);
  t.equal((await post(`/routes/${id}`, { ...fields, move: 'sideways:1' })).statusCode, 400, 'an unknown button is refused');
});

t.test('editing: the form holds the route, the save replaces it, a rename keeps its trunks', async (t) => {
  const id = await routeId('landline');
  const edit = await get(`/routes/${id}/edit`, { htmx: true });
  t.match(edit.body.trimStart(), /^<form id="route-form"/);
  t.match(edit.body, /<h2>Edit route landline<\/h2>/);
  t.match(edit.body, /<textarea id="route-patterns"[^>]*>_0\[1-6\]XXXXXXXX<\/textarea>/);
  t.match(edit.body, /id="route-prepend" name="prepend" value="\+256"/);
  const before = await configVersion(prisma);
  const response = await post(`/routes/${id}`, routeFields({ name: 'fixed-line', patterns: '_0[1-6]XXXXXXXX\n_04XXXXXXXX', trunks: ['main_trunk'] }), { htmx: true });
  t.equal(response.statusCode, 200);
  t.match(response.body, /Route fixed-line saved/);
  t.equal(await configVersion(prisma), before + 1);
  t.match(await prisma.outboundRoute.findUniqueOrThrow({ where: { id } }), { name: 'fixed-line', patterns: ['_0[1-6]XXXXXXXX', '_04XXXXXXXX'], strip: 0, prepend: '' });
  t.same(await savedTrunks('fixed-line'), ['main_trunk']);
  const duplicate = await post(`/routes/${id}`, routeFields({ name: 'international' }), { htmx: true });
  t.equal(duplicate.statusCode, 422);
  t.match(duplicate.body, /Name international is already another route&#39;s name/);
});

t.test('the next-call line says when a route earlier in priority takes the number', async (t) => {
  const response = await post('/routes', routeFields({ name: 'shadowed', priority: '50', patterns: '_07XXXXXXXX' }), { htmx: true });
  t.equal(response.statusCode, 200);
  t.match(response.body, /dialing 0723456789 leaves as 0723456789 with caller ID 0310000046 via backup_trunk \(then main_trunk as 256723456789\), by route mobile, which comes first/);
});

t.test('values are escaped in the list, the form and the flash', async (t) => {
  const response = await post('/routes', routeFields({ name: '<b>x</b>', patterns: '_05XXXXXXXX' }), { htmx: true });
  t.equal(response.statusCode, 200);
  t.match(response.body, /Route &lt;b&gt;x&lt;\/b&gt; saved/);
  t.notMatch(response.body, /<b>x<\/b>/);
  const id = await routeId('<b>x</b>');
  for (const page of [await get('/routes'), await get('/routes', { htmx: true }), await get(`/routes/${id}/edit`), await get(`/routes/${id}/delete`)]) {
    t.match(page.body, /&lt;b&gt;x&lt;\/b&gt;/);
    t.notMatch(page.body, /<b>x<\/b>/);
  }
  const invalid = await post('/routes', routeFields({ name: 'y', patterns: '_0<i>' }));
  t.match(invalid.body, /invalid character &lt; in pattern _0&lt;i&gt;/);
  t.notMatch(invalid.body, /<i>/);
});

t.test('deleting a route: a confirmation page without JavaScript, a prompt with htmx, then the delete', async (t) => {
  const id = await routeId('shadowed');
  const confirm = await get(`/routes/${id}/delete`);
  t.equal(confirm.statusCode, 200);
  t.match(confirm.body, /<form class="card form" method="post" action="\/routes\/\d+\/delete">/);
  t.match(confirm.body, /Delete route shadowed\?/);
  const list = await get('/routes');
  t.match(list.body, new RegExp(`hx-post="/routes/${id}/delete" hx-confirm="Delete route shadowed\\?"`));
  const before = await configVersion(prisma);
  const response = await post(`/routes/${id}/delete`, {});
  t.equal(response.statusCode, 303);
  t.equal(response.headers.location, '/routes');
  t.equal(await prisma.outboundRoute.count({ where: { id } }), 0);
  t.equal(await prisma.outboundRouteTrunk.count({ where: { routeId: id } }), 0, 'its trunk links went with it');
  t.equal(await configVersion(prisma), before + 1);
  t.match((await get('/routes')).body, /Route shadowed deleted/);

  const other = await routeId('parked');
  const htmx = await post(`/routes/${other}/delete`, {}, { htmx: true });
  t.equal(htmx.statusCode, 200);
  t.equal(htmx.headers['hx-trigger'], 'routes-changed');
  t.match(htmx.body, /Route parked deleted/);
  t.equal((await post(`/routes/${other}/delete`, {})).statusCode, 404);
});

t.test('a manager edits routes too; an unknown route is a 404', async (t) => {
  const manager = await web.login('manager1');
  const response = await post(`/routes/${await routeId('fixed-line')}`, routeFields({ name: 'fixed-line', priority: '31' }), { session: manager });
  t.equal(response.statusCode, 303);
  t.equal((await prisma.outboundRoute.findUniqueOrThrow({ where: { name: 'fixed-line' } })).priority, 31);
  for (const url of ['/routes/999999/edit', '/routes/999999/delete']) {
    const missing = await get(url);
    t.equal(missing.statusCode, 404, url);
    t.match(missing.body, /This route does not exist/);
  }
  t.equal((await post('/routes/999999', routeFields())).statusCode, 404);
});
