import t from 'tap';
import { buildTestWebApp, configVersion, seedRouting, type TestSession, type FormFields } from '../support/web.js';

const web = await buildTestWebApp(t);
await seedRouting(web.db.prisma);
await web.createUser('manager1', 'manager');
const admin: TestSession = await web.login('admin');
const manager: TestSession = await web.login('manager1');
const prisma = web.db.prisma;

const VALID = { countryCode: '256', nationalPrefix: '0', internationalPrefix: '00', defaultDid: '0310000001', emergencyNumbers: '112, 999' };

const post = (fields: FormFields, options: { htmx?: boolean; session?: TestSession } = {}) =>
  (options.session ?? admin).post('/settings', fields, options);

const get = (options: { htmx?: boolean; session?: TestSession } = {}) => (options.session ?? admin).get('/settings', options);

t.test('one URL: the full page, or only the form for htmx, with Vary: HX-Request', async (t) => {
  const page = await get();
  t.equal(page.statusCode, 200);
  t.match(page.body, /^<!doctype html>/);
  t.match(page.body, /<a href="\/settings" aria-current="page">Settings<\/a>/);
  t.match(page.body, /<div id="settings-editor" hx-get="\/settings" hx-trigger="settings-changed from:body"/);
  t.match(page.headers.vary, /HX-Request/);
  const partial = await get({ htmx: true });
  t.equal(partial.statusCode, 200);
  t.match(partial.body.trimStart(), /^<form id="settings-form"/);
  t.notMatch(partial.body, /<html|<nav aria-label="Main"/);
  t.match(partial.headers.vary, /HX-Request/);
  t.match(partial.body, /id="settings-countryCode" name="countryCode" value="256"/);
  t.match(partial.body, /<option value="0310000001" selected>Head office \(0310000001\)<\/option>/);
  t.notMatch(partial.body, /<option value="0310000047"/, 'only outbound DIDs are offered');
});

t.test('settings are for admins: a manager gets 403 and no link', async (t) => {
  t.equal((await get({ session: manager })).statusCode, 403);
  t.equal((await get({ session: manager, htmx: true })).statusCode, 403);
  const before = await configVersion(prisma);
  const response = await post({ ...VALID, countryCode: '44' }, { session: manager });
  t.equal(response.statusCode, 403);
  t.equal(await configVersion(prisma), before);
  t.equal((await prisma.setting.findUniqueOrThrow({ where: { id: 1 } })).countryCode, '256');
  const dids = await web.app.inject({ method: 'GET', url: '/dids', headers: manager.headers() });
  t.notMatch(dids.body, /href="\/settings"/);
  const mine = await web.app.inject({ method: 'GET', url: '/dids', headers: admin.headers() });
  t.match(mine.body, /href="\/settings"/);
});

t.test('saving without JavaScript: redirect, flash with the first agent\'s next call, version bump', async (t) => {
  const before = await configVersion(prisma);
  const response = await post({ ...VALID, emergencyNumbers: '112,\r\n999\r\n 911 , 112' });
  t.equal(response.statusCode, 303);
  t.equal(response.headers.location, '/settings');
  t.equal(await configVersion(prisma), before + 1, 'the config version moved');
  const row = await prisma.setting.findUniqueOrThrow({ where: { id: 1 } });
  t.same(row.emergencyNumbers, ['112', '999', '911'], 'commas and new lines both separate, duplicates go');
  const next = await get();
  t.match(next.body, /Settings saved \(config version \d+\)/);
  t.match(next.body, /Next call: agent 1009 dialing 0723456789 leaves as 256723456789 with caller ID 256310000046 via main_trunk/);
  t.match(next.body, />112, 999, 911<\/textarea>/);
});

t.test('saving with htmx: the flash, a refresh event, and the next call under the new settings', async (t) => {
  const before = await configVersion(prisma);
  const response = await post({ ...VALID, countryCode: '+44' }, { htmx: true });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['hx-trigger'], 'settings-changed');
  t.match(response.headers.vary, /HX-Request/);
  t.match(response.body, /<div id="flash" aria-live="polite" hx-swap-oob="true">/);
  t.match(response.body, /Next call: agent 1009 dialing 0723456789 leaves as 44723456789 with caller ID 44310000046/);
  t.equal(await configVersion(prisma), before + 1);
  t.equal((await prisma.setting.findUniqueOrThrow({ where: { id: 1 } })).countryCode, '44');
  t.equal((await post(VALID)).statusCode, 303);
});

t.test('field errors are rendered in the form, and nothing is saved', async (t) => {
  const before = await configVersion(prisma);
  const response = await post({ ...VALID, countryCode: '2x6', nationalPrefix: 'o', emergencyNumbers: '112, 99#' });
  t.equal(response.statusCode, 422);
  t.match(response.body, /<!doctype html>/, 'without htmx: the page');
  t.match(response.body, /id="settings-countryCode"[^>]*aria-invalid="true"/);
  t.match(response.body, /Country code must be digits only/);
  t.match(response.body, /National prefix must be digits only/);
  t.match(response.body, /id="settings-emergencyNumbers"[^>]*aria-invalid="true"/);
  t.match(response.body, /Emergency numbers must be digits only \(at most 16\); not: 99#/);
  t.match(response.body, /value="2x6"/, 'the input is kept');
  const empty = await post({ ...VALID, countryCode: '' }, { htmx: true });
  t.equal(empty.statusCode, 422);
  t.match(empty.body.trimStart(), /^<form id="settings-form"/);
  t.match(empty.body, /Country code is required/);
  const long = await post({ ...VALID, internationalPrefix: '00000' }, { htmx: true });
  t.match(long.body, /International prefix must be at most 4 digits/);
  t.equal(await configVersion(prisma), before);
});

t.test('the default DID must allow outbound (checked by validateConfig)', async (t) => {
  const before = await configVersion(prisma);
  const inbound = await post({ ...VALID, defaultDid: '0310000047' }, { htmx: true });
  t.equal(inbound.statusCode, 422);
  t.match(inbound.body, /id="settings-defaultDid"[^>]*aria-invalid="true"/);
  t.match(inbound.body, /System default DID 0310000047 does not allow outbound calls/);
  t.match(inbound.body, /<option value="0310000047" selected>0310000047 \(not an outbound DID\)<\/option>/, 'the chosen value stays visible');
  const unknown = await post({ ...VALID, defaultDid: '0999' }, { htmx: true });
  t.equal(unknown.statusCode, 422);
  t.match(unknown.body, /System default DID 0999 is not a DID; add it under DIDs first, or choose an existing one/);
  t.equal(await configVersion(prisma), before);
  t.equal((await prisma.setting.findUniqueOrThrow({ where: { id: 1 } })).defaultDid, '0310000001');
  const none = await post({ ...VALID, defaultDid: '' });
  t.equal(none.statusCode, 303, 'no default DID is allowed');
  t.equal((await prisma.setting.findUniqueOrThrow({ where: { id: 1 } })).defaultDid, null);
});

t.test('values are escaped in pages and partials', async (t) => {
  await prisma.did.create({ data: { number: '0310000066', label: '<script>alert(1)</script>' } });
  const response = await post({ ...VALID, defaultDid: '0310000066', emergencyNumbers: '</textarea><script>alert(2)</script>' });
  t.equal(response.statusCode, 422);
  t.match(response.body, /&lt;\/textarea&gt;&lt;script&gt;alert\(2\)/);
  t.notMatch(response.body, /<script>alert/);
  for (const page of [await get(), await get({ htmx: true })]) {
    t.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; \(0310000066\)/);
    t.notMatch(page.body, /<script>alert/);
  }
});
