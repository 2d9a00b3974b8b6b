import t from 'tap';
import { buildTestWebApp, configVersion, seedRouting, type TestSession, type FormFields } from '../support/web.js';

const web = await buildTestWebApp(t);
await seedRouting(web.db.prisma);
await web.createUser('agent1010', 'agent', '1010');
await web.createUser('viewer', 'agent');
const admin: TestSession = await web.login('admin');
const agent1010: TestSession = await web.login('agent1010');

const post = (session: TestSession, url: string, fields: FormFields, options: { htmx?: boolean } = {}) => session.post(url, fields, options);

async function agentRow(extension: string) {
  return web.db.prisma.agent.findUniqueOrThrow({ where: { extension }, include: { allowedPrefixes: { include: { prefixRule: true } } } });
}

t.test('the agents list, full page and partial', async (t) => {
  const page = await web.app.inject({ method: 'GET', url: '/agents', headers: admin.headers() });
  t.match(page.body, /<!doctype html>/);
  t.match(page.body, /Agent 1009/);
  const partial = await web.app.inject({ method: 'GET', url: '/agents?q=1010', headers: admin.headers({ htmx: true }) });
  t.match(partial.body.trimStart(), /^<section id="agents-table"/);
  t.match(partial.body, /Agent 1010/);
  t.notMatch(partial.body, /Agent 1009/);
  t.match(partial.headers.vary, /HX-Request/);
});

t.test('the default DID is picked from the outbound DIDs, labelled with their numbers', async (t) => {
  const { id } = await agentRow('1010');
  const edit = await web.app.inject({ method: 'GET', url: `/agents/${id}/edit`, headers: admin.headers({ htmx: true }) });
  t.match(edit.body, /<option value="0310000045">Outlet 45 \(0310000045\)<\/option>/);
  t.notMatch(edit.body, /0310000047/, 'an inbound-only DID is not offered');
  t.match(edit.body, /name="allowedPrefixes" value="45">/, "no prefix ticked: every prefix");
});

t.test('saving an agent writes it, bumps the version and shows the next call', async (t) => {
  const { id } = await agentRow('1010');
  const before = await configVersion(web.db.prisma);
  const response = await post(admin, `/agents/${id}`, { name: 'Agent Ten', defaultDid: '0310000045', enabled: 'on', allowedPrefixes: ['45'] }, { htmx: true });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['hx-trigger'], 'agents-changed');
  t.match(response.body, /Agent 1010 saved/);
  t.match(response.body, /Next call: agent 1010 dialing 0723456789 leaves as 256723456789 with caller ID 256310000045 via main_trunk/);
  const row = await agentRow('1010');
  t.match(row, { name: 'Agent Ten', defaultDid: '0310000045', enabled: true });
  t.same(row.allowedPrefixes.map((grant) => grant.prefixRule.prefix), ['45']);
  t.equal(await configVersion(web.db.prisma), before + 1);
});

t.test('a DID that does not allow outbound is refused under its field', async (t) => {
  const { id } = await agentRow('1009');
  const response = await post(admin, `/agents/${id}`, { name: 'Agent 1009', defaultDid: '0310000047', enabled: 'on' });
  t.equal(response.statusCode, 422);
  t.match(response.body, /id="agent-defaultDid"[^>]*aria-invalid="true"/);
  t.match(response.body, /Default DID DID 0310000047 does not allow outbound/);
  t.equal((await agentRow('1009')).defaultDid, '0310000046');
  const empty = await post(admin, `/agents/${id}`, { name: '', defaultDid: '' });
  t.equal(empty.statusCode, 422);
  t.match(empty.body, /Name is required/);
});

t.test('an agent picks their own default DID on their profile, and only their own', async (t) => {
  const page = await web.app.inject({ method: 'GET', url: '/profile', headers: agent1010.headers() });
  t.equal(page.statusCode, 200);
  t.match(page.body, /Agent 1010/);
  t.match(page.body, /Outlet 46 \(0310000046\)/);
  const response = await post(agent1010, '/profile', { defaultDid: '0310000046', extension: '1009' });
  t.equal(response.statusCode, 303);
  t.equal((await agentRow('1010')).defaultDid, '0310000046');
  t.equal((await agentRow('1009')).defaultDid, '0310000046', 'agent 1009 untouched');
  const flash = await web.app.inject({ method: 'GET', url: '/profile', headers: agent1010.headers() });
  t.match(flash.body, /Your default DID is saved/);
  t.match(flash.body, /with caller ID 256310000046/);
  const refused = await post(agent1010, '/profile', { defaultDid: '0310000047' });
  t.equal(refused.statusCode, 422);
  t.match(refused.body, /does not allow outbound/);
  t.equal((await web.app.inject({ method: 'GET', url: '/agents', headers: agent1010.headers() })).statusCode, 403);
  t.equal((await post(agent1010, `/agents/${(await agentRow('1009')).id}`, { name: 'x' })).statusCode, 403);
});

t.test('an account without an agent has nothing to choose', async (t) => {
  const viewer = await web.login('viewer');
  const page = await web.app.inject({ method: 'GET', url: '/profile', headers: viewer.headers() });
  t.match(page.body, /not linked to an agent/);
  t.equal((await post(viewer, '/profile', { defaultDid: '0310000045' })).statusCode, 409);
});
