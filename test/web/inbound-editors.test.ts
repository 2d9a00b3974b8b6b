import t from 'tap';
import { buildTestWebApp, configVersion, FORM_HEADERS, form, seedInbound, type TestSession } from '../support/web.js';

const web = await buildTestWebApp(t);
const { prisma } = web.db;
await seedInbound(prisma);
await web.deps.snapshots.refresh();
await web.createUser('manager1', 'manager');
await web.createUser('agent1009', 'agent', '1009');
const admin: TestSession = await web.login('admin');
const { get, post } = admin;

type Fields = Record<string, string | readonly string[]>;

function scheduleFields(overrides: Fields = {}): Fields {
  return { name: 'shop', timeZone: 'Europe/London', mon: '09:00-12:00, 13:00-17:30', sat: '9:00-13:00', exceptions: '2026-12-24 09:00-12:00 Christmas Eve\n2026-12-26 closed Boxing Day', ...overrides };
}

function menuFields(overrides: Fields = {}): Fields {
  return {
    name: 'support',
    language: 'en',
    greeting: 'hello-world',
    prompts: 'demo-instruct custom/press-1',
    digitTimeoutMs: '4000',
    interDigitTimeoutMs: '2000',
    maxRetries: '1',
    invalidPrompt: 'pbx-invalid',
    timeoutPrompt: '',
    invalid: 'hangup',
    timeout: 'agent:1010',
    key1: 'queue:support',
    key2: 'menu:main',
    keyStar: 'repeat',
    bargeIn: 'on',
    ...overrides,
  };
}

function routeFields(overrides: Fields = {}): Fields {
  return { name: 'outlet-45', did: '0310000045', caller: '', schedule: 'office', destination: 'menu:main', closed: 'hangup', enabled: 'on', ...overrides };
}

const scheduleId = async (name: string) => (await prisma.schedule.findUniqueOrThrow({ where: { name } })).id;
const menuId = async (name: string) => (await prisma.ivrMenu.findUniqueOrThrow({ where: { name } })).id;
const routeId = async (name: string) => (await prisma.inboundRoute.findUniqueOrThrow({ where: { name } })).id;

t.test('the three lists: full page in the navigation, or only the table for htmx', async (t) => {
  for (const [path, label, table, shown] of [
    ['/schedules', 'Schedules', 'schedules-table', /Christmas Day/],
    ['/menus', 'IVR menus', 'menus-table', /1 → queue:sales/],
    ['/inbound-routes', 'Inbound routes', 'inbound-routes-table', /head-office/],
  ] as const) {
    const page = await get(path);
    t.equal(page.statusCode, 200, path);
    t.match(page.body, new RegExp(`<a href="${path}" aria-current="page">${label}</a>`), `${path} in the navigation, marked current`);
    t.match(page.body, shown);
    const partial = await get(path, { htmx: true });
    t.match(partial.body.trimStart(), new RegExp(`^<section id="${table}"`));
    t.notMatch(partial.body, /<html/);
    t.match(partial.headers.vary, /HX-Request/);
  }
});

t.test('inbound DIDs no route answers are named on the inbound routes page', async (t) => {
  const page = await get('/inbound-routes', { htmx: true });
  t.match(page.body, /No enabled route answers these inbound DIDs, so their calls take the dialplan's fallback: <span class="mono">0310000045, 0310000046, 0310000047<\/span>/);
  t.notMatch(/id="unanswered-dids"[^]*?<\/p>/.exec(page.body)?.[0] ?? '', /0310000001/, 'the head office DID has its route');
});

t.test('a schedule: created with per-day hours and dated days, edited, renamed (carried to its routes)', async (t) => {
  const before = await configVersion(prisma);
  const created = await post('/schedules', scheduleFields());
  t.equal(created.statusCode, 303);
  t.equal(await configVersion(prisma), before + 1);
  const row = await prisma.schedule.findUniqueOrThrow({ where: { name: 'shop' } });
  t.same(row.weekly, [
    { day: 'mon', start: '09:00', end: '12:00' },
    { day: 'mon', start: '13:00', end: '17:30' },
    { day: 'sat', start: '09:00', end: '13:00' },
  ]);
  t.same(row.exceptions, [
    { date: '2026-12-24', label: 'Christmas Eve', ranges: [{ start: '09:00', end: '12:00' }] },
    { date: '2026-12-26', label: 'Boxing Day', ranges: [] },
  ]);
  const edit = await get(`/schedules/${row.id}/edit`);
  t.match(edit.body, /id="schedule-mon" name="mon" value="09:00-12:00, 13:00-17:30"/);
  t.match(edit.body, /2026-12-26 closed Boxing Day/);

  const office = await scheduleId('office');
  const renamed = await post(`/schedules/${office}`, scheduleFields({ name: 'head-office-hours', timeZone: 'Africa/Kampala', exceptions: '' }), { htmx: true });
  t.equal(renamed.statusCode, 200);
  t.equal(renamed.headers['hx-trigger'], 'schedules-changed');
  t.match(renamed.body, /Schedule head-office-hours saved/);
  t.equal((await prisma.inboundRoute.findUniqueOrThrow({ where: { name: 'head-office' } })).scheduleName, 'head-office-hours', 'the route follows the renamed schedule');
  await post(`/schedules/${office}`, scheduleFields({ name: 'office', timeZone: 'Africa/Kampala', mon: '08:00-17:00', sat: '', exceptions: '2026-12-25 closed Christmas Day' }));
  t.equal((await prisma.inboundRoute.findUniqueOrThrow({ where: { name: 'head-office' } })).scheduleName, 'office');
});

t.test('schedule field errors in plain words, next to the field; nothing saved', async (t) => {
  const before = await configVersion(prisma);
  const response = await post(
    '/schedules',
    scheduleFields({ name: 'bad', timeZone: 'Mars/Olympus', mon: '17:00-08:00', tue: 'all day', sat: '', exceptions: '2026-13-01 closed\n2026-12-24 Christmas Eve' }),
    { htmx: true },
  );
  t.equal(response.statusCode, 422);
  t.match(response.body, /id="schedule-timeZone"[^>]*aria-invalid="true"/);
  t.match(response.body, /Time zone Mars\/Olympus is not a time zone name this server knows/);
  t.match(response.body, /Monday 17:00-08:00: ends \(08:00\) before it starts \(17:00\)/);
  t.match(response.body, /Tuesday &quot;all day&quot; is not a time range like 08:00-17:00/);
  t.match(response.body, /line 1: &quot;2026-13-01&quot; is not a date like 2026-12-25/);
  t.match(response.body, /line 2: 2026-12-24: give the open hours \(08:00-12:00\) or the word closed/);
  const closedAllWeek = await post('/schedules', { name: 'never', timeZone: 'UTC' });
  t.equal(closedAllWeek.statusCode, 422);
  t.match(closedAllWeek.body, /Weekly hours has no open time: give at least one day its opening hours/);
  const duplicate = await post('/schedules', scheduleFields({ name: 'office' }));
  t.equal(duplicate.statusCode, 422);
  t.match(duplicate.body, /Name office is already another schedule&#39;s name; choose a different name/);
  t.equal(await configVersion(prisma), before);
  t.equal(await prisma.schedule.count({ where: { name: { in: ['bad', 'never'] } } }), 0);
});

t.test('a menu: per-key actions, timeouts and retries saved; field errors beside the key', async (t) => {
  const created = await post('/menus', menuFields());
  t.equal(created.statusCode, 303);
  const row = await prisma.ivrMenu.findUniqueOrThrow({ where: { name: 'support' } });
  t.match(row, { digitTimeoutMs: 4000, maxRetries: 1, invalidPrompt: 'pbx-invalid', timeoutPrompt: null, invalidDestination: 'hangup', timeoutDestination: 'agent:1010', bargeIn: true, directDial: false });
  t.same(row.prompts, ['demo-instruct', 'custom/press-1']);
  t.same(row.options, [
    { key: '1', to: 'queue:support' },
    { key: '2', to: 'menu:main' },
    { key: '*', to: 'repeat' },
  ]);
  const edit = await get(`/menus/${row.id}/edit`);
  t.match(edit.body, /id="menu-keyStar" name="keyStar" value="repeat"/);

  const before = await configVersion(prisma);
  const bad = await post('/menus', menuFields({ name: 'bad', key3: 'menu:nowhere', key4: 'queue', maxRetries: '11', digitTimeoutMs: 'soon', prompts: '../etc/passwd' }), { htmx: true });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /id="menu-key4"[^>]*aria-invalid="true"/);
  t.match(bad.body, /Key 4 is not understood: &quot;queue&quot; is not a destination/);
  t.match(bad.body, /Retries must be a whole number of retries from 0 to 10/);
  t.match(bad.body, /Wait for a key \(ms\) must be a whole number of milliseconds from 100 to 120000/);
  t.match(bad.body, /Prompts &quot;..\/etc\/passwd&quot; is not a sound name/);
  const unknown = await post('/menus', menuFields({ name: 'bad', key3: 'menu:nowhere' }), { htmx: true });
  t.equal(unknown.statusCode, 422);
  t.match(unknown.body, /id="menu-key3"[^>]*aria-invalid="true"/);
  t.match(unknown.body, /Key 3 unknown menu nowhere/);
  const loop = await post('/menus', menuFields({ name: 'loop', key1: 'menu:loop', key2: '', keyStar: '', invalid: 'menu:loop', timeout: 'menu:loop' }));
  t.equal(loop.statusCode, 422);
  t.match(loop.body, /a loop of sub-menus with no exit/);
  t.equal(await configVersion(prisma), before);
});

t.test('renaming a menu carries the new name to the routes and menus that lead to it', async (t) => {
  const main = await menuId('main');
  const response = await post(`/menus/${main}`, menuFields({ name: 'welcome', key2: '', keyStar: '', key1: 'queue:sales', prompts: 'demo-instruct', maxRetries: '2', timeout: 'agent:1010' }));
  t.equal(response.statusCode, 303);
  t.equal((await prisma.inboundRoute.findUniqueOrThrow({ where: { name: 'head-office' } })).destination, 'menu:welcome');
  t.same((await prisma.ivrMenu.findUniqueOrThrow({ where: { name: 'support' } })).options, [
    { key: '1', to: 'queue:support' },
    { key: '2', to: 'menu:welcome' },
    { key: '*', to: 'repeat' },
  ]);
  t.equal((await post(`/menus/${main}`, menuFields({ name: 'main', key2: '', keyStar: '9', key1: 'queue:sales', prompts: 'demo-instruct', maxRetries: '2' }))).statusCode, 422, 'a key given a bare digit is refused');
  await post(`/menus/${main}`, menuFields({ name: 'main', key2: '', keyStar: '', key9: 'repeat', key1: 'queue:sales', prompts: 'demo-instruct', maxRetries: '2' }));
  t.equal((await prisma.inboundRoute.findUniqueOrThrow({ where: { name: 'head-office' } })).destination, 'menu:main');
});

t.test('an inbound route: created, with the next call described; errors in plain words', async (t) => {
  const form = await get('/inbound-routes/new', { htmx: true });
  t.match(form.body.trimStart(), /^<form id="inbound-route-form"/);
  t.match(form.body, /<option value="office">office \(Africa\/Kampala\)<\/option>/);
  const response = await post('/inbound-routes', routeFields(), { htmx: true });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['hx-trigger'], 'inbound-routes-changed');
  t.match(response.body, /Inbound route outlet-45 saved/);
  t.match(response.body, /Next call: a call from a withheld number to 0310000045 on .* goes to (menu:main|hangup) by route outlet-45; schedule (open|closed)/);
  t.match(await prisma.inboundRoute.findUniqueOrThrow({ where: { name: 'outlet-45' } }), { did: '0310000045', scheduleName: 'office', destination: 'menu:main', closedDestination: 'hangup', caller: null });

  const before = await configVersion(prisma);
  const bad = await post('/inbound-routes', routeFields({ name: 'bad route', did: '', destination: 'menu', closed: '' }), { htmx: true });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /Name may only use letters, digits, _ \. or - \(no spaces\)/);
  t.match(bad.body, /DID is required/);
  t.match(bad.body, /Destination \(open\) is not understood: &quot;menu&quot; is not a destination \(expected kind:value, e.g. menu:main, or hangup\)/);
  t.match(bad.body, /Destination when closed is required when the route follows a schedule/);
  const inboundOff = await post('/inbound-routes', routeFields({ name: 'x', did: '0310000099', destination: 'menu:nope' }), { htmx: true });
  t.equal(inboundOff.statusCode, 422);
  t.match(inboundOff.body, /id="inbound-route-did"[^>]*aria-invalid="true"/);
  t.match(inboundOff.body, /DID unknown DID 0310000099/);
  t.match(inboundOff.body, /Destination \(open\) unknown menu nope/);
  t.equal(await configVersion(prisma), before);
});

t.test('deleting a schedule or menu in use is refused with what uses it; unused ones go', async (t) => {
  const before = await configVersion(prisma);
  const schedule = await post(`/schedules/${await scheduleId('office')}/delete`, {}, { htmx: true });
  t.equal(schedule.statusCode, 409);
  t.equal(schedule.headers['hx-retarget'], '#flash');
  t.match(schedule.body, /Schedule office was not deleted: inbound routes head-office and outlet-45 follow it\. Choose another schedule there \(or none\) first, then delete this one\./);
  const menu = await post(`/menus/${await menuId('main')}/delete`, {});
  t.equal(menu.statusCode, 409);
  t.match(menu.body, /Menu main was not deleted: callers reach it from inbound route head-office, inbound route outlet-45 and menu support\. Send those elsewhere first, then delete this menu\./);
  t.equal(await configVersion(prisma), before);
  t.equal(await prisma.schedule.count({ where: { name: 'office' } }), 1);

  const did = await post(`/dids/${(await prisma.did.findUniqueOrThrow({ where: { number: '0310000045' } })).id}/delete`, {});
  t.equal(did.statusCode, 409);
  t.match(did.body, /DID 0310000045 was not deleted: it is the DID of prefix rule 45 and the DID of inbound route outlet-45\./, 'a DID an inbound route answers is in use too');
  t.equal(await configVersion(prisma), before);

  const confirm = await get(`/menus/${await menuId('support')}/delete`);
  t.match(confirm.body, /Delete menu support\?/);
  t.equal((await post(`/menus/${await menuId('support')}/delete`, {})).statusCode, 303);
  t.equal((await post(`/inbound-routes/${await routeId('outlet-45')}/delete`, {})).statusCode, 303);
  t.equal((await post(`/schedules/${await scheduleId('shop')}/delete`, {})).statusCode, 303);
  t.equal(await configVersion(prisma), before + 3);
  t.equal(await prisma.ivrMenu.count({ where: { name: 'support' } }), 0);
});

t.test('the simulator: a DID at a time with keys walks the menu the live server would', async (t) => {
  const open = await get('/inbound-routes/simulate?did=%2B256310000001&caller=0712345678&at=2026-12-21T10%3A00&keys=91', { htmx: true });
  t.equal(open.statusCode, 200);
  t.match(open.body.trimStart(), /^<div id="inbound-simulator">/);
  t.match(open.body, /goes to menu:main by route head-office; schedule open: mon 08:00-17:00/);
  t.match(open.body, /Enters menu <strong class="mono">main<\/strong><\/li>\s*<li>Hears <span class="mono">hello-world<\/span><\/li>\s*<li>Hears <span class="mono">demo-instruct<\/span><\/li>\s*<li>Presses <span class="mono">9<\/span><\/li>\s*<li>Hears <span class="mono">demo-instruct<\/span><\/li>\s*<li>Presses <span class="mono">1<\/span>/);
  t.match(open.body, /id="inbound-simulation-destination">queue:sales</);
  const closed = await get('/inbound-routes/simulate?did=0310000001&at=2026-12-25T10%3A00&keys=1');
  t.match(closed.body, /^<!doctype html>/);
  t.match(closed.body, /goes to voicemail:100 by route head-office; schedule closed: Christmas Day \(2026-12-25\)/);
  t.notMatch(closed.body, /Enters menu/);
  const silent = await get('/inbound-routes/simulate?did=0310000001&at=2026-12-21T10%3A00&keys=', { htmx: true });
  t.match(silent.body, /Stays silent \(timeout\)/);
  t.match(silent.body, /id="inbound-simulation-destination">agent:1010</, 'silence runs out the retries to the timeout destination');
  const bad = await get('/inbound-routes/simulate?did=&at=yesterday&keys=1a', { htmx: true });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /DID dialed is required/);
  t.match(bad.body, /Keys pressed may only hold the keys 0-9, \* and #/);
  t.match(bad.body, /At must be a date and time/);
  const unknown = await get('/inbound-routes/simulate?did=0399999999', { htmx: true });
  t.match(unknown.body, /is rejected: UNKNOWN_DID/);
  const page = await get('/inbound-routes');
  t.match(page.body, /<form id="inbound-simulator-form"/, 'the simulator sits on the inbound routes page');
});

t.test('values are escaped in the lists, forms and the simulator', async (t) => {
  await prisma.schedule.update({ where: { name: 'office' }, data: { exceptions: [{ date: '2026-12-25', label: '<script>alert(1)</script>', ranges: [] }] } });
  for (const page of [await get('/schedules'), await get(`/schedules/${await scheduleId('office')}/edit`)]) {
    t.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    t.notMatch(page.body, /<script>alert/);
  }
  const refused = await post('/inbound-routes', routeFields({ name: 'x', destination: 'queue:<img src=x>' }), { htmx: true });
  t.equal(refused.statusCode, 422);
  t.match(refused.body, /&lt;img src=x&gt;/);
  t.notMatch(refused.body, /<img src=x>/);
  const simulated = await get('/inbound-routes/simulate?did=%3Cb%3E1&keys=', { htmx: true });
  t.notMatch(simulated.body, /<b>1/);
  t.match(simulated.body, /&lt;b&gt;1/);
});

t.test('CSRF: a POST without the session token is refused and changes nothing', async (t) => {
  const before = await configVersion(prisma);
  for (const [url, fields] of [
    ['/schedules', scheduleFields({ name: 'csrf' })],
    ['/menus', menuFields({ name: 'csrf' })],
    ['/inbound-routes', routeFields({ name: 'csrf' })],
    [`/schedules/${await scheduleId('office')}/delete`, {}],
  ] as const) {
    for (const token of [undefined, 'forged-token']) {
      const response = await web.app.inject({
        method: 'POST',
        url,
        headers: { ...FORM_HEADERS, cookie: admin.cookie },
        payload: form(token === undefined ? fields : { ...fields, _csrf: token }),
      });
      t.equal(response.statusCode, 403, `${url} with ${token ?? 'no'} token`);
    }
  }
  t.equal(await configVersion(prisma), before);
  t.equal(await prisma.schedule.count({ where: { name: 'csrf' } }), 0);
});

t.test('roles: managers edit like the other routing editors; agents are refused', async (t) => {
  const manager = await web.login('manager1');
  t.equal((await manager.get('/menus')).statusCode, 200);
  t.match((await manager.get('/inbound-routes')).body, /href="\/schedules"/);
  const agent = await web.login('agent1009');
  const before = await configVersion(prisma);
  for (const url of ['/schedules', '/menus', '/inbound-routes', '/inbound-routes/simulate?did=0310000001', '/menus/new']) {
    t.equal((await agent.get(url)).statusCode, 403, `GET ${url}`);
  }
  t.equal((await agent.post('/schedules', scheduleFields({ name: 'agent' }))).statusCode, 403);
  t.equal((await agent.post(`/menus/${await menuId('main')}/delete`, {})).statusCode, 403);
  t.notMatch((await agent.get('/profile')).body, /href="\/inbound-routes"/, 'not in an agent’s navigation');
  t.equal(await configVersion(prisma), before);
  t.equal(await prisma.ivrMenu.count({ where: { name: 'main' } }), 1);
});

t.test('a menu form saved after someone else changed the menu is refused as a conflict, saying what changed', async (t) => {
  const id = await menuId('main');
  const mainFields = (maxRetries: string, version: number): Fields =>
    menuFields({ name: 'main', key2: '', keyStar: '', key1: 'queue:sales', key9: 'repeat', prompts: 'demo-instruct', maxRetries, _version: String(version) });
  const loaded = await configVersion(prisma);
  t.equal((await post(`/menus/${id}`, mainFields('1', loaded))).statusCode, 303, 'the first save goes through');
  const stale = await post(`/menus/${id}`, mainFields('3', loaded), { htmx: true });
  t.equal(stale.statusCode, 409);
  t.match(stale.body, new RegExp(`The configuration changed from version ${loaded} to ${loaded + 1} while this form was open`));
  t.match(stale.body, /Changed meanwhile: menu main: maxRetries 2 → 1/);
  t.match(stale.body, new RegExp(`name="_version" value="${loaded + 1}"`), 'shown again on the live version');
  t.equal((await prisma.ivrMenu.findUniqueOrThrow({ where: { id } })).maxRetries, 1, 'the other save is not lost');
});
