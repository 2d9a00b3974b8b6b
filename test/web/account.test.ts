import t from 'tap';
import { submitLogin, USER_PASSWORD, type TestSession } from '../support/web.js';
import { buildTestWebApp, seedRouting } from '../support/web.js';

const web = await buildTestWebApp(t, { loginThrottle: { maxFailures: 4, windowMs: 60_000 } });
await seedRouting(web.db.prisma);
await web.createUser('manager1', 'manager');
await web.createUser('agent1009', 'agent', '1009');

const NEW_PASSWORD = 'a-brand-new-password';
const canLogin = async (username: string, password: string) => (await submitLogin(web.app, username, password)).statusCode === 303;
const stillSignedIn = async (session: TestSession) => (await session.get('/account/password')).statusCode === 200;
const sessionIdsOf = async (username: string) => {
  const user = await web.db.prisma.dashboardUser.findUniqueOrThrow({ where: { username } });
  return web.rawRedis.smembers(`${web.redisPrefix}mayday:user-sessions:${user.id}`);
};

t.test('the form: current password, new one twice, with the autocomplete hints a password manager needs', async (t) => {
  const session = await web.login('manager1');
  const page = await session.get('/account/password');
  t.equal(page.statusCode, 200);
  t.match(page.body, /<input id="account-current" name="current" value="" type="password" required maxlength="200" autocomplete="current-password"/);
  t.match(page.body, /<input id="account-password" name="password" value="" type="password" required maxlength="200" autocomplete="new-password"/);
  t.match(page.body, /<input id="account-repeat" name="repeat"[^>]*autocomplete="new-password"/);
  t.match(page.body, /<a class="account-link" href="\/account\/password">Password<\/a>/, 'linked beside Sign out');
  t.equal((await web.app.inject({ method: 'GET', url: '/account/password' })).statusCode, 302, 'signed out: to the login page');
});

t.test('refusals stand at their field and change nothing', async (t) => {
  const session = await web.login('manager1');
  const wrong = await session.post('/account/password', { current: 'not-my-password', password: NEW_PASSWORD, repeat: NEW_PASSWORD });
  t.equal(wrong.statusCode, 422);
  t.match(wrong.body, /id="account-current-error">Current password is not right: type the password you signed in with/);
  const short = await session.post('/account/password', { current: USER_PASSWORD, password: 'short', repeat: 'short' });
  t.match(short.body, /id="account-password-error">New password needs at least 12 characters/);
  const mismatch = await session.post('/account/password', { current: USER_PASSWORD, password: NEW_PASSWORD, repeat: `${NEW_PASSWORD}x` });
  t.match(mismatch.body, /id="account-repeat-error">New password again is not the same as the new password/);
  t.ok(await canLogin('manager1', USER_PASSWORD), 'the password is unchanged');
  const forged = await web.app.inject({
    method: 'POST',
    url: '/account/password',
    headers: { ...session.headers(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: 'forged', current: USER_PASSWORD, password: NEW_PASSWORD, repeat: NEW_PASSWORD }).toString(),
  });
  t.equal(forged.statusCode, 403, 'a form without the session\'s CSRF token is refused');
  t.ok(await canLogin('manager1', USER_PASSWORD));
});

t.test('wrong current passwords count toward the sign-in limit', async (t) => {
  await web.createUser('guesser', 'manager');
  const session = await web.login('guesser');
  for (let attempt = 0; attempt < 4; attempt += 1) await session.post('/account/password', { current: `guess-${attempt}`, password: NEW_PASSWORD, repeat: NEW_PASSWORD });
  const blocked = await session.post('/account/password', { current: USER_PASSWORD, password: NEW_PASSWORD, repeat: NEW_PASSWORD });
  t.equal(blocked.statusCode, 429);
  t.match(blocked.body, /Too many wrong passwords/);
});

t.test('a change keeps this session, ends the user\'s others, and only the new password signs in', async (t) => {
  const here = await web.login('admin');
  const phone = await web.login('admin');
  const laptop = await web.login('admin');
  const bystander = await web.login('manager1');
  t.equal((await sessionIdsOf('admin')).length, 3, 'the user\'s sessions are indexed');
  const done = await here.post('/account/password', { current: 'admin-password-for-tests', password: NEW_PASSWORD, repeat: NEW_PASSWORD });
  t.equal(done.statusCode, 303);
  t.equal(done.headers.location, '/account/password');
  t.match((await here.get('/account/password')).body, /Your password is changed: use it the next time you sign in\. Your 2 other sessions are signed out\./);
  t.ok(await stillSignedIn(here), 'this session goes on');
  t.notOk(await stillSignedIn(phone), 'the others are ended');
  t.notOk(await stillSignedIn(laptop));
  t.ok(await stillSignedIn(bystander), 'another user\'s session is untouched');
  t.same(await sessionIdsOf('admin'), [here.cookie.split('=')[1]]);
  t.notOk(await canLogin('admin', 'admin-password-for-tests'));
  t.ok(await canLogin('admin', NEW_PASSWORD));
});

t.test('an agent may change their own password too', async (t) => {
  const session = await web.login('agent1009');
  const done = await session.post('/account/password', { current: USER_PASSWORD, password: NEW_PASSWORD, repeat: NEW_PASSWORD });
  t.equal(done.statusCode, 303);
  t.ok(await canLogin('agent1009', NEW_PASSWORD));
});

t.test('an admin\'s reset of a user\'s password ends all of that user\'s sessions', async (t) => {
  await web.createUser('resetme', 'manager');
  const first = await web.login('resetme');
  const second = await web.login('resetme');
  const admin = await web.login('admin', NEW_PASSWORD);
  const user = await web.db.prisma.dashboardUser.findUniqueOrThrow({ where: { username: 'resetme' } });
  const reset = await admin.post(`/users/${user.id}/password`, { password: 'reset-by-the-admin' }, { htmx: true });
  t.equal(reset.statusCode, 200);
  t.match(reset.body, /Password of resetme changed; their other sessions are signed out/);
  t.notOk(await stillSignedIn(first));
  t.notOk(await stillSignedIn(second));
  t.same(await sessionIdsOf('resetme'), []);
  t.ok(await stillSignedIn(admin), 'the admin stays signed in');
  const generated = await admin.post(`/users/${user.id}/password`, { password: '' }, { htmx: true });
  t.match(generated.body, /one-time-password/);
});

t.test('a new user\'s initial password field is marked as a new password', async (t) => {
  const admin = await web.login('admin', NEW_PASSWORD);
  const page = await admin.get('/users/new');
  t.match(page.body, /<input id="user-password" name="password" value="" type="password"[^>]*autocomplete="new-password"/);
  const user = await web.db.prisma.dashboardUser.findUniqueOrThrow({ where: { username: 'manager1' } });
  t.match((await admin.get(`/users/${user.id}/password`)).body, /<input id="reset-password"[^>]*autocomplete="new-password"/);
});

t.test('ids of sessions that expired are pruned from the index at the next sign-in', async (t) => {
  await web.createUser('pruned', 'manager');
  const old = await web.login('pruned');
  await web.rawRedis.del(`${web.redisPrefix}mayday:session:${old.cookie.split('=')[1]}`);
  const fresh = await web.login('pruned');
  t.same(await sessionIdsOf('pruned'), [fresh.cookie.split('=')[1]]);
});
