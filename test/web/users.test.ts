import t from 'tap';
import { buildTestWebApp, seedRouting, submitLogin, USER_PASSWORD, type TestSession, type FormFields } from '../support/web.js';

const web = await buildTestWebApp(t);
await seedRouting(web.db.prisma);
await web.createUser('manager1', 'manager');
await web.createUser('agent1009', 'agent', '1009');
const admin: TestSession = await web.login('admin');

const post = (url: string, fields: FormFields, options: { htmx?: boolean; session?: TestSession } = {}) =>
  (options.session ?? admin).post(url, fields, options);

const get = (url: string, options: { htmx?: boolean; session?: TestSession } = {}) => (options.session ?? admin).get(url, options);

async function userId(username: string): Promise<number> {
  return (await web.db.prisma.dashboardUser.findUniqueOrThrow({ where: { username } })).id;
}

async function canLogin(username: string, password: string): Promise<boolean> {
  return (await submitLogin(web.app, username, password)).statusCode === 303;
}

t.test('only admins reach the users pages', async (t) => {
  const manager = await web.login('manager1');
  const agent = await web.login('agent1009');
  for (const session of [manager, agent]) {
    t.equal((await get('/users', { session })).statusCode, 403);
    t.equal((await post('/users', { username: 'sneaky', role: 'admin', password: 'long-enough-password' }, { session })).statusCode, 403);
    t.equal((await post(`/users/${await userId('manager1')}`, { role: 'admin' }, { session })).statusCode, 403);
  }
  t.equal(await web.db.prisma.dashboardUser.count({ where: { username: 'sneaky' } }), 0);
  t.equal((await web.db.prisma.dashboardUser.findUniqueOrThrow({ where: { username: 'manager1' } })).role, 'manager');
  t.notMatch((await get('/dids', { session: manager })).body, /href="\/users"/, 'and only admins see the link');
  t.match((await get('/dids')).body, /href="\/users"/);
});

t.test('the list: full page or the table for htmx, with Vary: HX-Request', async (t) => {
  const page = await get('/users');
  t.equal(page.statusCode, 200);
  t.match(page.body, /^<!doctype html>/);
  t.match(page.body, /<td>admin <span class="hint">\(you\)<\/span><\/td>/);
  t.match(page.body, /agent1009[\s\S]*?<td class="mono">1009<\/td>/);
  t.notMatch(page.body, new RegExp(`/users/${await userId('admin')}/disable`), 'no way to disable yourself');
  t.match(page.headers.vary, /HX-Request/);
  const partial = await get('/users', { htmx: true });
  t.match(partial.body.trimStart(), /^<section id="users-table"/);
  t.notMatch(partial.body, /<html/);
});

t.test('creating a user with a chosen password; that password signs in', async (t) => {
  const response = await post('/users', { username: 'carol', role: 'manager', agentExtension: '', password: 'carols-password-1' });
  t.equal(response.statusCode, 303);
  t.equal(response.headers.location, '/users');
  const row = await web.db.prisma.dashboardUser.findUniqueOrThrow({ where: { username: 'carol' } });
  t.match(row, { role: 'manager', agentExtension: null, enabled: true });
  t.notMatch(row.passwordHash, /carols-password-1/);
  t.match(row.passwordHash, /^scrypt\$/);
  t.ok(await canLogin('carol', 'carols-password-1'));
  t.match((await get('/users')).body, /User carol created/);
});

t.test('creating a user without a password generates one, shown once, that signs in', async (t) => {
  const form = await get('/users/new', { htmx: true });
  t.match(form.body.trimStart(), /^<form id="user-form"/);
  t.match(form.body, /hx-post="\/users"/);
  const response = await post('/users', { username: 'dave', role: 'agent', agentExtension: '1010', password: '' }, { htmx: true });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['cache-control'], 'no-store');
  t.equal(response.headers['hx-trigger'], 'users-changed');
  const password = /<p class="secret mono" id="one-time-password">([^<]+)<\/p>/.exec(response.body)?.[1];
  t.ok(password !== undefined && password.length >= 20, 'a generated password is shown');
  t.match(await web.db.prisma.dashboardUser.findUniqueOrThrow({ where: { username: 'dave' } }), { role: 'agent', agentExtension: '1010' });
  t.ok(await canLogin('dave', password!));
  t.notMatch((await get('/users')).body, new RegExp(password!), 'never shown again');
});

t.test('the create form says what is wrong, field by field', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ username: '', role: 'manager', password: '' }, /Username is required/],
    [{ username: 'bad name!', role: 'manager', password: '' }, /Username may use letters/],
    [{ username: 'erin', role: 'boss', password: '' }, /Role must be one of admin, manager, agent/],
    [{ username: 'erin', role: 'agent', agentExtension: '', password: '' }, /Linked agent is required for an agent account/],
    [{ username: 'erin', role: 'agent', agentExtension: '4242', password: '' }, /Linked agent must be an existing agent \(none has extension 4242\)/],
    [{ username: 'erin', role: 'manager', password: 'short' }, /Initial password must have at least 12 characters/],
    [{ username: 'carol', role: 'manager', password: '' }, /Username is taken/],
  ];
  for (const [fields, message] of cases) {
    const response = await post('/users', fields);
    t.equal(response.statusCode, 422, JSON.stringify(fields));
    t.match(response.body, message);
  }
  t.equal(await web.db.prisma.dashboardUser.count({ where: { username: 'erin' } }), 0);
  const htmx = await post('/users', { username: 'erin', role: 'boss' }, { htmx: true });
  t.equal(htmx.statusCode, 422);
  t.match(htmx.body.trimStart(), /^<form id="user-form"/);
  t.match(htmx.body, /value="erin"/, 'the input is kept');
});

t.test('changing a role applies to the open session at once', async (t) => {
  const carol = await web.login('carol', 'carols-password-1');
  t.equal((await get('/dids', { session: carol })).statusCode, 200);
  const edit = await get(`/users/${await userId('carol')}/edit`);
  t.match(edit.body, /<option value="manager" selected>/);
  const response = await post(`/users/${await userId('carol')}`, { role: 'agent', agentExtension: '1009' }, { htmx: true });
  t.equal(response.statusCode, 200);
  t.match(response.body, /carol is now agent for agent 1009/);
  t.equal((await get('/dids', { session: carol })).statusCode, 403);
  t.match((await get('/profile', { session: carol })).body, /Agent 1009/);
  const back = await post(`/users/${await userId('carol')}`, { role: 'manager', agentExtension: '1009' });
  t.equal(back.statusCode, 303);
  t.match(await web.db.prisma.dashboardUser.findUniqueOrThrow({ where: { username: 'carol' } }), { role: 'manager', agentExtension: null }, 'only agents are linked');
});

t.test('an admin cannot demote or disable themselves', async (t) => {
  const id = await userId('admin');
  const demote = await post(`/users/${id}`, { role: 'manager', agentExtension: '' });
  t.equal(demote.statusCode, 422);
  t.match(demote.body, /Role of your own account cannot be changed/);
  const disable = await post(`/users/${id}/disable`, {}, { htmx: true });
  t.equal(disable.statusCode, 409);
  t.match(disable.body, /You cannot disable your own account/);
  t.match(await web.db.prisma.dashboardUser.findUniqueOrThrow({ where: { id } }), { role: 'admin', enabled: true });
  t.equal((await post(`/users/${id}`, { role: 'admin', agentExtension: '' })).statusCode, 303, 'saving the same role is fine');
  t.equal((await get('/users')).statusCode, 200, 'still an admin');
});

t.test('another admin can be demoted; disabling ends their sessions and sign-ins until enabled', async (t) => {
  await web.createUser('admin2', 'admin');
  const other = await web.login('admin2');
  t.equal((await get('/users', { session: other })).statusCode, 200);
  const id = await userId('admin2');
  const disable = await post(`/users/${id}/disable`, {}, { htmx: true });
  t.equal(disable.statusCode, 200);
  t.equal(disable.headers['hx-trigger'], 'users-changed');
  t.match(disable.body, /admin2 is disabled and signed out/);
  const after = await get('/users', { session: other });
  t.equal(after.statusCode, 302, 'the open session is gone');
  t.notOk(await canLogin('admin2', USER_PASSWORD), 'and signing in is refused');
  t.match((await get('/users')).body, new RegExp(`action="/users/${id}/enable"`));
  t.equal((await post(`/users/${id}/enable`, {})).statusCode, 303);
  t.ok(await canLogin('admin2', USER_PASSWORD));
  t.equal((await post(`/users/${id}`, { role: 'manager' })).statusCode, 303);
  t.equal((await get('/users', { session: await web.login('admin2') })).statusCode, 403);
});

t.test('a password reset: generated and shown once, or chosen; the new one signs in, the old one not', async (t) => {
  const id = await userId('manager1');
  const form = await get(`/users/${id}/password`);
  t.match(form.body, /<form id="password-form"[^>]*action="\/users\/\d+\/password"/);
  const generated = await post(`/users/${id}/password`, { password: '' });
  t.equal(generated.statusCode, 200);
  t.equal(generated.headers['cache-control'], 'no-store');
  const password = /id="one-time-password">([^<]+)</.exec(generated.body)?.[1];
  t.ok(password);
  t.notOk(await canLogin('manager1', USER_PASSWORD), 'the old password no longer works');
  t.ok(await canLogin('manager1', password!));
  const short = await post(`/users/${id}/password`, { password: 'short' }, { htmx: true });
  t.equal(short.statusCode, 422);
  t.match(short.body, /New password must have at least 12 characters/);
  const chosen = await post(`/users/${id}/password`, { password: 'a-chosen-password' });
  t.equal(chosen.statusCode, 303);
  t.ok(await canLogin('manager1', 'a-chosen-password'));
  t.equal((await post('/users/999999/password', { password: '' })).statusCode, 404);
});

t.test('usernames are escaped', async (t) => {
  await web.db.prisma.dashboardUser.create({ data: { username: '<b>x</b>', role: 'manager', passwordHash: 'x' } });
  const page = await get('/users');
  t.notMatch(page.body, /<b>x<\/b>/);
  t.match(page.body, /&lt;b&gt;x&lt;\/b&gt;/);
});
