import t from 'tap';
import { buildTestWebApp, configVersion, seedRouting, type TestSession } from '../support/web.js';

const web = await buildTestWebApp(t);
await seedRouting(web.db.prisma);
const admin: TestSession = await web.login('admin');
const prisma = web.db.prisma;

const { get, post } = admin;

async function trunkId(name: string): Promise<number> {
  return (await prisma.trunk.findUniqueOrThrow({ where: { name } })).id;
}

function rowOf(body: string, name: string): string {
  return new RegExp(`<tr id="trunk-\\d+">\\s*<td class="mono">${name}</td>[\\s\\S]*?</tr>`).exec(body)?.[0] ?? '';
}

t.test('one URL: the full page, or only the table for htmx, with Vary: HX-Request', async (t) => {
  const page = await get('/trunks');
  t.equal(page.statusCode, 200);
  t.match(page.body, /^<!doctype html>/);
  t.match(page.body, /<a href="\/trunks" aria-current="page">Trunks<\/a>/);
  t.match(page.headers.vary, /HX-Request/);
  const partial = await get('/trunks', { htmx: true });
  t.equal(partial.statusCode, 200);
  t.match(partial.body.trimStart(), /^<section id="trunks-table"/);
  t.notMatch(partial.body, /<html|<nav aria-label="Main"/);
  t.match(partial.headers.vary, /HX-Request/);
  const row = rowOf(partial.body, 'main_trunk');
  t.match(row, /<td class="mono">PJSIP\/\{number\}@main_trunk<\/td>/);
  t.match(row, /e164 <span class="hint">\(0712345678 → <span class="mono">256712345678<\/span>\)/);
  t.match(row, /<td>yes<\/td>/);
  t.match(row, /<td>international, mobile<\/td>/, 'the routes using it');
});

t.test('the number format select shows how 0712345678 is written in each, under the current settings', async (t) => {
  const partial = await get('/trunks/new', { htmx: true });
  t.match(partial.body.trimStart(), /^<form id="trunk-form"/);
  t.match(partial.body, /hx-post="\/trunks"/);
  t.match(partial.body, /<option value="national">national: 0712345678<\/option>/);
  t.match(partial.body, /<option value="e164" selected>e164: 256712345678<\/option>/);
  t.match(partial.body, /<option value="e164plus">e164plus: \+256712345678<\/option>/);
  t.match(partial.body, /is sent as <span class="mono">0712345678<\/span> in national \(national form\), <span class="mono">256712345678<\/span> in e164/);
  await prisma.setting.update({ where: { id: 1 }, data: { countryCode: '44' } });
  const changed = await get('/trunks/new');
  t.match(changed.body, /<!doctype html>/);
  t.match(changed.body, /<option value="e164plus">e164plus: \+44712345678<\/option>/, 'the examples follow the settings');
  await prisma.setting.update({ where: { id: 1 }, data: { countryCode: '256' } });
});

t.test('creating a trunk without JavaScript: redirect, flash, version bump', async (t) => {
  const before = await configVersion(prisma);
  const response = await post('/trunks', { name: 'backup_trunk', dial: 'PJSIP/{number}@backup', numberFormat: 'e164plus', enabled: 'on' });
  t.equal(response.statusCode, 303);
  t.equal(response.headers.location, '/trunks');
  t.equal(await configVersion(prisma), before + 1, 'the config version moved');
  t.match(await prisma.trunk.findUniqueOrThrow({ where: { name: 'backup_trunk' } }), { dialTemplate: 'PJSIP/{number}@backup', numberFormat: 'e164plus', enabled: true });
  const next = await get('/trunks');
  t.match(next.body, /Trunk backup_trunk saved \(config version \d+\)/);
  t.match(rowOf(next.body, 'backup_trunk'), /<td>—<\/td>/, 'no route uses it yet');
});

t.test('creating a trunk with htmx answers with the flash and a refresh event', async (t) => {
  const response = await post('/trunks', { name: 'spare', dial: 'SIP/spare/{number}', numberFormat: 'national' }, { htmx: true });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['hx-trigger'], 'trunks-changed');
  t.match(response.body, /<div id="flash" aria-live="polite" hx-swap-oob="true">/);
  t.match(response.body, /Trunk spare saved/);
  t.match(await prisma.trunk.findUniqueOrThrow({ where: { name: 'spare' } }), { enabled: false, numberFormat: 'national' });
});

t.test('field errors: {number} in the dial template, a unique name, a known format', async (t) => {
  const before = await configVersion(prisma);
  const noNumber = await post('/trunks', { name: 'broken', dial: 'PJSIP/0712345678@main', numberFormat: 'e164', enabled: 'on' });
  t.equal(noNumber.statusCode, 422);
  t.match(noNumber.body, /<!doctype html>/, 'without htmx: the form page');
  t.match(noNumber.body, /id="trunk-dial"[^>]*aria-invalid="true"/);
  t.match(noNumber.body, /Dial template must contain \{number\}/);
  t.match(noNumber.body, /value="PJSIP\/0712345678@main"/, 'the input is kept');
  const duplicate = await post('/trunks', { name: 'main_trunk', dial: 'PJSIP/{number}@other', numberFormat: 'e164' }, { htmx: true });
  t.equal(duplicate.statusCode, 422);
  t.match(duplicate.body.trimStart(), /^<form id="trunk-form"/);
  t.match(duplicate.body, /id="trunk-name"[^>]*aria-invalid="true"/);
  t.match(duplicate.body, /Name main_trunk is already another trunk&#39;s name; choose a different name/);
  const format = await post('/trunks', { name: 'odd', dial: 'PJSIP/{number}@odd', numberFormat: 'hex' }, { htmx: true });
  t.equal(format.statusCode, 422);
  t.match(format.body, /Number format must be one of national, e164, e164plus/);
  const name = await post('/trunks', { name: 'a b', dial: 'PJSIP/{number}@x', numberFormat: 'e164' }, { htmx: true });
  t.match(name.body, /Name may use letters, digits, _ \. and - only/);
  t.equal(await configVersion(prisma), before);
  t.equal(await prisma.trunk.count({ where: { name: { in: ['broken', 'odd'] } } }), 0);
});

t.test('disabling the last enabled trunk of a route is refused with a clear message', async (t) => {
  const before = await configVersion(prisma);
  const id = await trunkId('main_trunk');
  const response = await post(`/trunks/${id}`, { name: 'main_trunk', dial: 'PJSIP/{number}@main_trunk', numberFormat: 'e164' }, { htmx: true });
  t.equal(response.statusCode, 422);
  t.match(response.body, /id="trunk-enabled"[^>]*aria-invalid="true"/);
  t.match(response.body, /route mobile and route international need at least one enabled trunk, and this is their last one/);
  t.notMatch(response.body, /class="form-errors"/, 'nothing is left above the form');
  t.equal(await configVersion(prisma), before);
  t.equal((await prisma.trunk.findUniqueOrThrow({ where: { id } })).enabled, true);

  // International also fails over to backup_trunk: only mobile is left without a trunk.
  const international = await prisma.outboundRoute.findUniqueOrThrow({ where: { name: 'international' } });
  await prisma.outboundRouteTrunk.create({ data: { routeId: international.id, trunkId: await trunkId('backup_trunk'), position: 1 } });
  const one = await post(`/trunks/${id}`, { name: 'main_trunk', dial: 'PJSIP/{number}@main_trunk', numberFormat: 'e164' });
  t.equal(one.statusCode, 422);
  t.match(one.body, /route mobile needs at least one enabled trunk, and this is its last one: enable another trunk on it/);
  t.notMatch(one.body, /route international need/);
  t.equal(await configVersion(prisma), before);
});

t.test('editing and renaming a trunk keeps it on its routes, and shows the next call', async (t) => {
  const id = await trunkId('main_trunk');
  const edit = await get(`/trunks/${id}/edit`, { htmx: true });
  t.match(edit.body, /value="main_trunk"/);
  t.match(edit.body, /<option value="e164" selected>/);
  const before = await configVersion(prisma);
  const response = await post(`/trunks/${id}`, { name: 'primary', dial: 'PJSIP/{number}@primary', numberFormat: 'e164plus', enabled: 'on' }, { htmx: true });
  t.equal(response.statusCode, 200);
  t.match(response.body, /Trunk primary saved/);
  t.match(response.body, /Next call: agent 1009 dialing 0723456789 leaves as \+256723456789 with caller ID \+256310000046 via primary/);
  t.equal(await configVersion(prisma), before + 1);
  const links = await prisma.outboundRouteTrunk.findMany({ where: { trunkId: id }, include: { route: true } });
  t.same(links.map((link) => link.route.name).sort(), ['international', 'mobile']);
  const list = await get('/trunks', { htmx: true });
  t.match(rowOf(list.body, 'primary'), /<td>international, mobile<\/td>/);
});

t.test('deleting a trunk a route uses is refused naming the routes; an unused one is deleted', async (t) => {
  const before = await configVersion(prisma);
  const used = await trunkId('primary');
  const refused = await post(`/trunks/${used}/delete`, {}, { htmx: true });
  t.equal(refused.statusCode, 409);
  t.equal(refused.headers['hx-retarget'], '#flash');
  t.match(refused.body, /Trunk primary was not deleted: route mobile, route international dial through it. Take it off those routes first, then delete it./);
  const plain = await post(`/trunks/${used}/delete`, {});
  t.equal(plain.statusCode, 409);
  t.equal(await configVersion(prisma), before);
  t.equal(await prisma.trunk.count({ where: { id: used } }), 1);

  const id = await trunkId('spare');
  const confirm = await get(`/trunks/${id}/delete`);
  t.match(confirm.body, /<form class="card form" method="post" action="\/trunks\/\d+\/delete">/);
  t.match(confirm.body, /Delete trunk spare\?/);
  const list = await get('/trunks');
  t.match(list.body, new RegExp(`hx-post="/trunks/${id}/delete" hx-confirm="Delete trunk spare\\?"`));
  const response = await post(`/trunks/${id}/delete`, {});
  t.equal(response.statusCode, 303);
  t.equal(await prisma.trunk.count({ where: { id } }), 0);
  t.equal(await configVersion(prisma), before + 1);
  t.equal((await post(`/trunks/${id}/delete`, {})).statusCode, 404);
});

t.test('values are escaped in pages and partials', async (t) => {
  const response = await post('/trunks', { name: 'xss', dial: 'PJSIP/{number}@"><script>alert(1)</script>', numberFormat: 'e164' });
  t.equal(response.statusCode, 303);
  for (const page of [await get('/trunks'), await get('/trunks', { htmx: true }), await get(`/trunks/${await trunkId('xss')}/edit`)]) {
    t.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    t.notMatch(page.body, /<script>alert/);
  }
});

t.test('an unknown trunk id is a 404 page', async (t) => {
  const response = await get('/trunks/999999/edit');
  t.equal(response.statusCode, 404);
  t.match(response.body, /This trunk does not exist/);
});
