import t from 'tap';
import { buildTestWebApp, configVersion, seedRouting, type TestSession } from '../support/web.js';

const web = await buildTestWebApp(t);
await seedRouting(web.db.prisma);
const admin: TestSession = await web.login('admin');

const { get, post } = admin;

async function didId(number: string): Promise<number> {
  return (await web.db.prisma.did.findUniqueOrThrow({ where: { number } })).id;
}

t.test('one URL: the full page, or only the table for htmx, with Vary: HX-Request', async (t) => {
  const page = await get('/dids');
  t.equal(page.statusCode, 200);
  t.match(page.body, /^<!doctype html>/);
  t.match(page.body, /<section id="dids-table"/);
  t.match(page.headers.vary, /HX-Request/);
  const partial = await get('/dids', { htmx: true });
  t.equal(partial.statusCode, 200);
  t.match(partial.body.trimStart(), /^<section id="dids-table"/);
  t.notMatch(partial.body, /<html|<nav aria-label="Main"/);
  t.match(partial.headers.vary, /HX-Request/);
  t.match(partial.body, /Outlet 45/);
});

t.test('creating a DID without JavaScript: POST, redirect, flash, version bump', async (t) => {
  const before = await configVersion(web.db.prisma);
  const response = await post('/dids', { number: '0310000050', label: 'Outlet 50', allowOutbound: 'on', allowInbound: 'on' });
  t.equal(response.statusCode, 303);
  t.equal(response.headers.location, '/dids');
  t.equal(await configVersion(web.db.prisma), before + 1, 'the config version moved');
  const row = await web.db.prisma.did.findUniqueOrThrow({ where: { number: '0310000050' } });
  t.match(row, { label: 'Outlet 50', allowOutbound: true, allowInbound: true, callerIdName: null });
  const next = await get('/dids');
  t.match(next.body, /class="flash flash-success"/);
  t.match(next.body, /DID 0310000050 saved/);
  const again = await get('/dids');
  t.notMatch(again.body, /DID 0310000050 saved/, 'a flash is shown once');
});

t.test('creating a DID with htmx answers with the flash and a refresh event', async (t) => {
  const form = await get('/dids/new', { htmx: true });
  t.match(form.body.trimStart(), /^<form id="did-form"/);
  t.match(form.body, /hx-post="\/dids"/);
  const response = await post('/dids', { number: '0310000051', label: 'Outlet 51', allowOutbound: 'on' }, { htmx: true });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['hx-trigger'], 'dids-changed');
  t.match(response.body, /<div id="flash" aria-live="polite" hx-swap-oob="true">/);
  t.match(response.body, /DID 0310000051 saved/);
  t.match(await web.db.prisma.did.findUniqueOrThrow({ where: { number: '0310000051' } }), { allowInbound: false });
});

t.test('field errors are rendered in the form, and nothing is saved', async (t) => {
  const before = await configVersion(web.db.prisma);
  const response = await post('/dids', { number: '03x1', label: '  ' });
  t.equal(response.statusCode, 422);
  t.match(response.body, /<!doctype html>/, 'without htmx: the form page');
  t.match(response.body, /id="did-number"[^>]*aria-invalid="true"/);
  t.match(response.body, /Number must be digits only/);
  t.match(response.body, /Label is required/);
  t.match(response.body, /value="03x1"/, 'the input is kept');
  const htmx = await post('/dids', { number: '0310000045', label: 'Duplicate' }, { htmx: true });
  t.equal(htmx.statusCode, 422);
  t.match(htmx.body.trimStart(), /^<form id="did-form"/);
  t.match(htmx.body, /Number 0310000045 is already a DID; enter another number, or edit the existing DID/);
  t.equal(await configVersion(web.db.prisma), before);
});

t.test('values are escaped in pages and partials', async (t) => {
  const response = await post('/dids', { number: '0310000052', label: '<script>alert(1)</script>', allowOutbound: 'on' });
  t.equal(response.statusCode, 303);
  for (const page of [await get('/dids?q=0310000052'), await get('/dids?q=0310000052', { htmx: true })]) {
    t.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    t.notMatch(page.body, /<script>alert/);
  }
  const search = await get('/dids?q=%22%3E%3Cscript%3Ex%3C%2Fscript%3E');
  t.notMatch(search.body, /"><script>x/);
});

t.test('editing a DID shows what the next call of an affected agent does', async (t) => {
  const id = await didId('0310000046');
  const edit = await get(`/dids/${id}/edit`);
  t.match(edit.body, /value="Outlet 46"/);
  const response = await post(`/dids/${id}`, { number: '0310000046', label: 'Outlet 46 renamed', callerIdName: 'Outlet Forty-Six', allowOutbound: 'on' }, { htmx: true });
  t.equal(response.statusCode, 200);
  t.match(response.body, /Next call: agent 1009 dialing 0723456789 leaves as 256723456789 with caller ID 256310000046 via main_trunk/);
});

t.test('renaming a DID number carries to what uses it', async (t) => {
  const id = await didId('0310000045');
  const response = await post(`/dids/${id}`, { number: '0310000145', label: 'Outlet 45', allowOutbound: 'on' });
  t.equal(response.statusCode, 303);
  t.equal((await web.db.prisma.prefixRule.findUniqueOrThrow({ where: { prefix: '45' } })).didNumber, '0310000145');
  await post(`/dids/${id}`, { number: '0310000045', label: 'Outlet 45', allowOutbound: 'on' });
});

t.test('a DID used as outbound caller ID keeps "allow outbound", naming its users', async (t) => {
  const id = await didId('0310000001');
  const before = await configVersion(web.db.prisma);
  const response = await post(`/dids/${id}`, { number: '0310000001', label: 'Head office', allowInbound: 'on' }, { htmx: true });
  t.equal(response.statusCode, 422);
  t.match(response.body, /id="did-allowOutbound"[^>]*aria-invalid="true"/);
  t.match(response.body, /route international, caller ID uses this DID as outbound caller ID/);
  t.match(response.body, /settings, default DID uses this DID as outbound caller ID/);
  t.equal(await configVersion(web.db.prisma), before);
  t.equal((await web.db.prisma.did.findUniqueOrThrow({ where: { id } })).allowOutbound, true);
});

t.test('deleting a DID in use is refused with the list of what uses it', async (t) => {
  const before = await configVersion(web.db.prisma);
  const headOffice = await post(`/dids/${await didId('0310000001')}/delete`, {}, { htmx: true });
  t.equal(headOffice.statusCode, 409);
  t.equal(headOffice.headers['hx-retarget'], '#flash');
  t.match(headOffice.body, /fixed caller ID of route international/);
  t.match(headOffice.body, /the default DID in settings/);
  const outlet = await post(`/dids/${await didId('0310000046')}/delete`, {});
  t.equal(outlet.statusCode, 409);
  t.match(outlet.body, /DID 0310000046 was not deleted: it is the default DID of agent 1009 \(Agent 1009\)[^.]*\. Choose another DID there first, then delete this one\./, 'what happened and what to do');
  const prefixed = await post(`/dids/${await didId('0310000045')}/delete`, {});
  t.match(prefixed.body, /prefix rule 45/);
  t.equal(await configVersion(web.db.prisma), before);
  t.equal(await web.db.prisma.did.count({ where: { number: { in: ['0310000001', '0310000045', '0310000046'] } } }), 3);
});

t.test('deleting an unused DID: a confirmation page without JavaScript, then the delete', async (t) => {
  const id = await didId('0310000050');
  const confirm = await get(`/dids/${id}/delete`);
  t.equal(confirm.statusCode, 200);
  t.match(confirm.body, /<form class="card form" method="post" action="\/dids\/\d+\/delete">/);
  t.match(confirm.body, /hx-confirm|Delete DID 0310000050/);
  const list = await get('/dids');
  t.match(list.body, new RegExp(`hx-post="/dids/${id}/delete" hx-confirm="Delete DID 0310000050 \\(Outlet 50\\)\\?"`));
  const before = await configVersion(web.db.prisma);
  const response = await post(`/dids/${id}/delete`, {});
  t.equal(response.statusCode, 303);
  t.equal(await web.db.prisma.did.count({ where: { id } }), 0);
  t.equal(await configVersion(web.db.prisma), before + 1);
  t.equal((await post(`/dids/${id}/delete`, {})).statusCode, 404);
});

t.test('search and keyset paging', async (t) => {
  await web.db.prisma.did.createMany({
    data: Array.from({ length: 120 }, (_, index) => ({ number: `0419${String(index).padStart(6, '0')}`, label: `Bulk ${index}` })),
  });
  const first = await get('/dids?q=0419');
  t.match(first.body, /120 in total/);
  t.equal(first.body.match(/<tr id="did-/g)?.length, 50);
  t.match(first.body, /href="\/dids\?q=0419&amp;after=0419000049"/);
  t.notMatch(first.body, /Previous/);
  const second = await get('/dids?q=0419&after=0419000049', { htmx: true });
  t.match(second.body, /0419000050/);
  t.notMatch(second.body, /0419000049</);
  t.match(second.body, /before=0419000050/);
  const back = await get('/dids?q=0419&before=0419000050');
  t.match(back.body, /0419000000/);
  t.match(back.body, /0419000049/);
  t.notMatch(back.body, /Previous/);
  const byLabel = await get('/dids?q=Bulk%207');
  t.match(byLabel.body, /11 in total/, 'Bulk 7 and Bulk 70-79');
  const none = await get('/dids?q=nothing-like-this');
  t.match(none.body, /No DID matches/);
});

t.test('an unknown DID id is a 404 page', async (t) => {
  const response = await get('/dids/999999/edit');
  t.equal(response.statusCode, 404);
  t.match(response.body, /This DID does not exist/);
});
