import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { ensureFirstAdmin } from '../../src/main/first-admin.js';
import { hashPassword, verifyPassword } from '../../src/auth/password.js';
import { DashboardUserRepository } from '../../src/data/repositories/dashboard-users.js';
import { createTestDatabase } from '../support/database.js';
import { capturingLogger } from '../support/logger.js';
import { ADMIN_PASSWORD, buildTestWebApp, FORM_HEADERS, form, sessionCookie, submitLogin } from '../support/web.js';

t.test('passwords are hashed with scrypt, salted per hash, and checked', async (t) => {
  const first = await hashPassword('correct horse battery');
  const second = await hashPassword('correct horse battery');
  t.match(first, /^scrypt\$N=\d+,r=\d+,p=\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
  t.not(first, second, 'a new salt each time');
  t.equal(await verifyPassword('correct horse battery', first), true);
  t.equal(await verifyPassword('correct horse batterx', first), false);
  t.equal(await verifyPassword('anything', 'not a hash'), false);
});

t.test('signing in and out', async (t) => {
  const web = await buildTestWebApp(t);

  t.test('a wrong password shows the form again with an error', async (t) => {
    const response = await submitLogin(web.app, 'admin', 'wrong password');
    t.equal(response.statusCode, 401);
    t.match(response.body, /Wrong username or password/);
    t.equal(response.cookies.find((cookie) => cookie.name === 'mayday_session'), undefined);
  });

  t.test('the login form needs its CSRF token', async (t) => {
    const response = await web.app.inject({
      method: 'POST',
      url: '/login',
      headers: FORM_HEADERS,
      payload: form({ username: 'admin', password: ADMIN_PASSWORD, _csrf: 'made-up' }),
    });
    t.equal(response.statusCode, 403);
    t.equal(response.cookies.find((cookie) => cookie.name === 'mayday_session'), undefined);
  });

  t.test('the right password starts a session in an httpOnly SameSite cookie', async (t) => {
    const response = await submitLogin(web.app, 'admin', ADMIN_PASSWORD);
    t.equal(response.statusCode, 303);
    const cookie = response.cookies.find((candidate) => candidate.name === 'mayday_session');
    t.ok(cookie);
    t.equal(cookie?.httpOnly, true);
    t.equal(cookie?.sameSite, 'Lax');
    t.equal(cookie?.secure, undefined, 'not Secure unless COOKIE_SECURE');
    t.equal(cookie?.value.length, 43, '256 random bits');
    const page = await web.app.inject({ method: 'GET', url: '/dids', headers: { cookie: sessionCookie(response) } });
    t.equal(page.statusCode, 200);
    const row = await web.db.prisma.dashboardUser.findUniqueOrThrow({ where: { username: 'admin' } });
    t.ok(row.lastLoginAt);
    t.not(row.passwordHash, ADMIN_PASSWORD);
  });

  t.test('signing in again rotates the session id and ends the old session', async (t) => {
    const first = await web.login('admin');
    const page = await web.app.inject({ method: 'GET', url: '/login' });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const loginCookie = page.cookies.find((cookie) => cookie.name === 'mayday_login')?.value ?? '';
    const again = await web.app.inject({
      method: 'POST',
      url: '/login',
      headers: { ...FORM_HEADERS, cookie: `${first.cookie}; mayday_login=${loginCookie}` },
      payload: form({ username: 'admin', password: ADMIN_PASSWORD, _csrf: token }),
    });
    t.equal(again.statusCode, 303);
    t.not(sessionCookie(again), first.cookie);
    const old = await web.app.inject({ method: 'GET', url: '/dids', headers: first.headers() });
    t.equal(old.statusCode, 302, 'the old session id no longer works');
  });

  t.test('after sign-in the user lands where ?next= pointed, never off-site', async (t) => {
    const page = await web.app.inject({ method: 'GET', url: '/login?next=%2Fagents' });
    t.match(page.body, /name="next" value="\/agents"/);
    const offsite = await web.app.inject({ method: 'GET', url: '/login?next=%2F%2Fevil.example' });
    t.match(offsite.body, /name="next" value=""/);
  });

  t.test('logout deletes the session', async (t) => {
    const session = await web.login('admin');
    const response = await web.app.inject({
      method: 'POST',
      url: '/logout',
      headers: { ...FORM_HEADERS, ...session.headers() },
      payload: form({ _csrf: session.csrf }),
    });
    t.equal(response.statusCode, 303);
    t.equal(response.headers.location, '/login?signed_out=1');
    const landing = await web.app.inject({ method: 'GET', url: response.headers.location });
    t.match(landing.body, /<div class="flash flash-success" role="status"><p class="flash-message">You are signed out\./, 'the login page says so');
    t.notMatch((await web.app.inject({ method: 'GET', url: '/login' })).body, /You are signed out/, 'and only after a sign-out');
    const after = await web.app.inject({ method: 'GET', url: '/dids', headers: session.headers() });
    t.equal(after.statusCode, 302);
    const keys = await web.rawRedis.keys(`${web.redisPrefix}mayday:session:${session.cookie.split('=')[1]}`);
    t.same(keys, []);
  });
});

t.test('failed logins are limited per username and address', async (t) => {
  const web = await buildTestWebApp(t, { loginThrottle: { maxFailures: 3, windowMs: 60_000 } });
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    t.equal((await submitLogin(web.app, 'admin', 'wrong')).statusCode, 401, `failure ${attempt}`);
  }
  const blocked = await submitLogin(web.app, 'admin', ADMIN_PASSWORD);
  t.equal(blocked.statusCode, 429, 'even the right password is refused now');
  t.match(blocked.body, /Too many failed attempts/);
  const keys = await web.rawRedis.keys(`${web.redisPrefix}mayday:login-failures:*`);
  t.equal(keys.length, 1);
  const ttl = await web.rawRedis.pttl(keys[0]!);
  t.ok(ttl > 0 && ttl <= 60_000, 'the counter expires with the window');
});

t.test('a session expires after the idle time, and each request renews it', async (t) => {
  const web = await buildTestWebApp(t, { config: { sessionIdleMinutes: 0.02 } });
  const session = await web.login('admin');
  const key = `${web.redisPrefix}mayday:session:${session.cookie.split('=')[1]}`;
  await sleep(400);
  t.equal((await web.app.inject({ method: 'GET', url: '/dids', headers: session.headers() })).statusCode, 200);
  t.ok((await web.rawRedis.pttl(key)) > 800, 'the request pushed the expiry out again');
  await sleep(2000);
  const expired = await web.app.inject({ method: 'GET', url: '/dids', headers: session.headers() });
  t.equal(expired.statusCode, 302);
  t.match(expired.headers.location, /^\/login\?next=/);
});

t.test('with Redis down the login page says sessions are unavailable', async (t) => {
  const web = await buildTestWebApp(t, { redisUrl: 'redis://127.0.0.1:1' });
  const page = await web.app.inject({ method: 'GET', url: '/login' });
  t.equal(page.statusCode, 200);
  const response = await submitLogin(web.app, 'admin', ADMIN_PASSWORD);
  t.equal(response.statusCode, 503);
  t.match(response.body, /Sessions are unavailable/);
  const withCookie = await web.app.inject({ method: 'GET', url: '/dids', headers: { cookie: 'mayday_session=abc' } });
  t.equal(withCookie.statusCode, 503);
  t.match(withCookie.body, /Sessions are unavailable/);
  t.notMatch(withCookie.body, /at .*\.ts:\d+/, 'no stack trace');
});

t.test('the first start creates admin with a generated password logged once', async (t) => {
  const db = await createTestDatabase(t);
  const users = new DashboardUserRepository(db.prisma);
  const captured = capturingLogger('warn');
  await ensureFirstAdmin(users, null, captured.log);
  await ensureFirstAdmin(users, null, captured.log);
  const lines = captured.lines().filter((line) => typeof line.password === 'string');
  t.equal(lines.length, 1, 'printed once');
  const password = lines[0]!.password as string;
  t.ok(password.length >= 20);
  const stored = await users.findForLogin('admin');
  t.equal(stored?.role, 'admin');
  t.not(stored?.passwordHash, password);
  t.equal(await verifyPassword(password, stored!.passwordHash), true);
  t.equal(await db.prisma.dashboardUser.count(), 1);
});
