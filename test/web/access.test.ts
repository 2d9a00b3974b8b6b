import type { RouteOptions } from 'fastify';
import t from 'tap';
import { ROLES, type Role } from '../../src/domain/users/roles.js';
import type { Access } from '../../src/web/access.js';
import { buildTestWebApp, FORM_HEADERS, seedRouting, type TestSession } from '../support/web.js';

interface SeenRoute {
  readonly method: string;
  readonly url: string;
  readonly access: Access | undefined;
}

// Kept as registered and read once the app is ready: later onRoute hooks (the assets
// context's) complete the same route objects.
const registered: RouteOptions[] = [];
const web = await buildTestWebApp(t, { onRoute: (route) => void registered.push(route) });
const routes: SeenRoute[] = registered.flatMap((route) =>
  [route.method].flat().map((method) => ({ method, url: route.url, access: route.config?.access })),
);
await seedRouting(web.db.prisma);
await web.createUser('manager1', 'manager');
await web.createUser('agent1009', 'agent', '1009');
const sessions: Record<Role, TestSession> = {
  admin: await web.login('admin'),
  manager: await web.login('manager1'),
  agent: await web.login('agent1009'),
};

/** A concrete URL for a route pattern: ids that exist, a real file for wildcards. */
function concrete(url: string): string {
  return url.replace(/:id/g, '1').replace(/:partner/g, '256712345678').replace(/\*$/, url.startsWith('/assets/htmx-ext-ws/') ? 'ws.min.js' : url.startsWith('/assets/htmx/') ? 'htmx.min.js' : 'app.css');
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

t.test('every route declares who may call it', async (t) => {
  t.ok(routes.length > 10, `${routes.length} routes registered`);
  for (const route of routes) t.not(route.access, undefined, `${route.method} ${route.url} declares access`);
});

t.test('only login, static assets and /healthz answer without a session, for every method', async (t) => {
  const open = routes.filter((route) => route.access === 'static' || route.access === 'public');
  t.same(
    [...new Set(open.map((route) => `${route.method} ${route.url}`))].sort(),
    [
      'GET /assets/*',
      'GET /assets/htmx-ext-ws/*',
      'GET /assets/htmx/*',
      'GET /favicon.ico',
      'GET /healthz',
      'GET /login',
      'GET /webhooks/sms/:token',
      'HEAD /assets/*',
      'HEAD /assets/htmx-ext-ws/*',
      'HEAD /assets/htmx/*',
      'HEAD /favicon.ico',
      'HEAD /healthz',
      'HEAD /login',
      'HEAD /webhooks/sms/:token',
      'POST /login',
      'POST /webhooks/sms/:token',
    ],
  );
  for (const route of routes.filter((candidate) => !open.includes(candidate))) {
    const url = concrete(route.url);
    const page = await web.app.inject({ method: route.method as 'GET', url, headers: FORM_HEADERS, payload: route.method === 'GET' || route.method === 'HEAD' ? undefined : '' });
    t.equal(page.statusCode, 302, `${route.method} ${url} redirects to sign-in`);
    t.match(page.headers.location, /^\/login/, `${route.method} ${url} goes to /login`);
    const htmx = await web.app.inject({ method: route.method as 'GET', url, headers: { 'hx-request': 'true' } });
    t.equal(htmx.statusCode, 401, `${route.method} ${url} answers htmx with 401`);
    t.equal(htmx.headers['hx-redirect'], '/login');
  }
  // The SMS webhook checks its own token (test/sms/webhook.test.ts).
  for (const route of open.filter((candidate) => candidate.method === 'GET' && !candidate.url.startsWith('/webhooks/'))) {
    const page = await web.app.inject({ method: 'GET', url: concrete(route.url) });
    t.equal(page.statusCode, 200, `${route.url} is open`);
  }
});

t.test('unknown URLs also send a signed-out visitor to sign in, and show a 404 page once signed in', async (t) => {
  const signedOut = await web.app.inject({ method: 'GET', url: '/no-such-page' });
  t.equal(signedOut.statusCode, 302);
  const signedIn = await web.app.inject({ method: 'GET', url: '/no-such-page', headers: sessions.admin.headers() });
  t.equal(signedIn.statusCode, 404);
  t.match(signedIn.body, /<h1>Not found<\/h1>/);
  const htmx = await web.app.inject({ method: 'GET', url: '/no-such-page', headers: sessions.admin.headers({ htmx: true }) });
  t.equal(htmx.statusCode, 404);
  t.notMatch(htmx.body, /<html/);
  t.equal(htmx.headers['hx-retarget'], '#flash');
});

t.test('every route refuses the roles it does not admit with 403', async (t) => {
  let checked = 0;
  for (const route of routes) {
    if (!Array.isArray(route.access)) continue;
    for (const role of ROLES.filter((candidate) => !(route.access as readonly Role[]).includes(candidate))) {
      const response = await web.app.inject({
        method: route.method as 'GET',
        url: concrete(route.url),
        headers: { ...FORM_HEADERS, ...sessions[role].headers({ csrf: true }) },
        payload: UNSAFE.has(route.method) ? '' : undefined,
      });
      t.equal(response.statusCode, 403, `${role} on ${route.method} ${route.url}`);
      checked += 1;
    }
  }
  t.ok(checked > 0, 'some routes are closed to some roles');
});

t.test('every state change needs the session CSRF token', async (t) => {
  const changes = routes.filter((route) => UNSAFE.has(route.method) && Array.isArray(route.access));
  t.ok(changes.length >= 5, `${changes.length} state-changing routes`);
  for (const route of changes) {
    const role = (route.access as readonly Role[])[0]!;
    for (const token of [undefined, 'wrong-token']) {
      const response = await web.app.inject({
        method: route.method as 'POST',
        url: concrete(route.url),
        headers: { ...FORM_HEADERS, ...sessions[role].headers() },
        payload: token === undefined ? 'number=0999&label=x' : `_csrf=${token}&number=0999&label=x`,
      });
      t.equal(response.statusCode, 403, `${route.method} ${route.url} with ${token ?? 'no'} token`);
    }
  }
  t.equal(await web.db.prisma.did.count({ where: { number: '0999' } }), 0, 'nothing was written');
});

t.test('security headers are on pages, errors and static files', async (t) => {
  for (const url of ['/login', '/assets/app.css', '/no-such-page', '/healthz']) {
    const response = await web.app.inject({ method: 'GET', url });
    t.match(response.headers['content-security-policy'], /default-src 'self'/, url);
    t.match(response.headers['content-security-policy'], /frame-ancestors 'none'/, url);
    t.equal(response.headers['x-frame-options'], 'DENY', url);
    t.equal(response.headers['x-content-type-options'], 'nosniff', url);
    t.equal(response.headers['referrer-policy'], 'same-origin', url);
  }
});

t.test('the UI shows a role only the links it may use', async (t) => {
  const manager = await web.app.inject({ method: 'GET', url: '/dids', headers: sessions.manager.headers() });
  t.match(manager.body, /href="\/agents"/);
  const agent = await web.app.inject({ method: 'GET', url: '/profile', headers: sessions.agent.headers() });
  t.notMatch(agent.body, /href="\/dids"/);
  t.notMatch(agent.body, /href="\/agents"/);
  t.match(agent.body, /href="\/profile"/);
});
