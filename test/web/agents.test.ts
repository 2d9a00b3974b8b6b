import t from 'tap';
import { decideOutbound } from '../../src/domain/outbound/decide.js';
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
  t.match(response.body, /Default DID 0310000047 does not allow outbound calls; tick &quot;Allow as outbound caller ID&quot; on that DID, or choose another/);
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

t.test('creating an agent without JavaScript: the form, POST, redirect, flash, version bump', async (t) => {
  const list = await admin.get('/agents');
  t.match(list.body, /<a class="button primary" href="\/agents\/new" hx-get="\/agents\/new"/);
  const form = await admin.get('/agents/new');
  t.equal(form.statusCode, 200);
  t.match(form.body, /<!doctype html>/);
  t.match(form.body, /id="agent-extension"/);
  t.match(form.body, /<option value="0310000045">Outlet 45 \(0310000045\)<\/option>/);
  t.notMatch(form.body, /0310000047/, 'an inbound-only DID is not offered');
  t.match(form.body, /name="allowedPrefixes" value="45">/);
  const before = await configVersion(web.db.prisma);
  const response = await admin.post('/agents', { extension: '1011', name: 'Agent 1011', defaultDid: '0310000045', enabled: 'on', allowedPrefixes: '45' });
  t.equal(response.statusCode, 303);
  t.equal(response.headers.location, '/agents');
  t.equal(await configVersion(web.db.prisma), before + 1, 'the config version moved');
  const row = await agentRow('1011');
  t.match(row, { name: 'Agent 1011', defaultDid: '0310000045', enabled: true });
  t.same(row.allowedPrefixes.map((grant) => grant.prefixRule.prefix), ['45']);
  const next = await admin.get('/agents');
  t.match(next.body, /Agent 1011 saved/);
  t.match(next.body, /Next call: agent 1011 dialing 0723456789 leaves as 256723456789 with caller ID 256310000045 via main_trunk/);
  t.match(next.body, new RegExp(`<tr id="agent-${row.id}">`), 'the row appears');
  await web.deps.snapshots.refresh();
  const snapshot = web.deps.snapshots.current()!;
  t.ok(snapshot.agents.has('1011'), 'the snapshot has the agent');
  t.match(decideOutbound({ agent: '1011', dialed: '0723456789' }, snapshot), { kind: 'dial', did: '0310000045' });
});

t.test('creating an agent with htmx answers with the flash, the next call and a refresh event', async (t) => {
  const form = await admin.get('/agents/new', { htmx: true });
  t.match(form.body.trimStart(), /^<form id="agent-form"/);
  t.match(form.body, /hx-post="\/agents"/);
  const before = await configVersion(web.db.prisma);
  const response = await admin.post('/agents', { extension: '1012', name: 'Agent 1012', defaultDid: '' }, { htmx: true });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['hx-trigger'], 'agents-changed');
  t.match(response.body, /<div id="flash" aria-live="polite" hx-swap-oob="true">/);
  t.match(response.body, /Agent 1012 saved/);
  t.equal(await configVersion(web.db.prisma), before + 1);
  t.match(await agentRow('1012'), { name: 'Agent 1012', defaultDid: null, enabled: false });
  const list = await admin.get('/agents?q=1012', { htmx: true });
  t.match(list.body, /Agent 1012/);
  await web.deps.snapshots.refresh();
  t.match(web.deps.snapshots.current()!.agents.get('1012'), { extension: '1012', enabled: false });
});

t.test('a duplicate or non-digit extension is a field error, and nothing is saved', async (t) => {
  const before = await configVersion(web.db.prisma);
  const duplicate = await admin.post('/agents', { extension: '1009', name: 'Another 1009', enabled: 'on' }, { htmx: true });
  t.equal(duplicate.statusCode, 422);
  t.match(duplicate.body.trimStart(), /^<form id="agent-form"/);
  t.match(duplicate.body, /id="agent-extension"[^>]*aria-invalid="true"/);
  t.match(duplicate.body, /Extension 1009 is already another agent&#39;s extension; choose a free one/);
  const letters = await admin.post('/agents', { extension: '10a9', name: 'Letters', enabled: 'on' });
  t.equal(letters.statusCode, 422);
  t.match(letters.body, /<!doctype html>/, 'without htmx: the form page');
  t.match(letters.body, /id="agent-extension"[^>]*aria-invalid="true"/);
  t.match(letters.body, /Extension must be digits only/);
  t.match(letters.body, /value="10a9"/, 'the input is kept');
  const badDid = await admin.post('/agents', { extension: '1013', name: 'Bad DID', defaultDid: '0310000047' });
  t.equal(badDid.statusCode, 422);
  t.match(badDid.body, /id="agent-defaultDid"[^>]*aria-invalid="true"/);
  const empty = await admin.post('/agents', { extension: '', name: '' });
  t.equal(empty.statusCode, 422);
  t.match(empty.body, /Extension is required/);
  t.match(empty.body, /Name is required/);
  t.equal(await configVersion(web.db.prisma), before);
  t.equal(await web.db.prisma.agent.count({ where: { extension: { in: ['10a9', '1013'] } } }), 0);
});

t.test('deleting an agent: a confirmation page naming the linked user, then the delete', async (t) => {
  await admin.post('/agents', { extension: '1014', name: 'Agent 1014', enabled: 'on', allowedPrefixes: '45' });
  await web.createUser('agent1014', 'agent', '1014');
  const { id } = await agentRow('1014');
  const confirm = await admin.get(`/agents/${id}/delete`);
  t.equal(confirm.statusCode, 200);
  t.match(confirm.body, /<form class="card form" method="post" action="\/agents\/\d+\/delete">/);
  t.match(confirm.body, /Delete agent 1014 \(Agent 1014\)\?/);
  t.match(confirm.body, /The dashboard user <strong>agent1014<\/strong> will no longer be linked/);
  const list = await admin.get('/agents?q=1014');
  t.match(list.body, new RegExp(`hx-post="/agents/${id}/delete" hx-confirm="Delete agent 1014 \\(Agent 1014\\)\\? The dashboard user agent1014 will no longer be linked\\."`));
  const before = await configVersion(web.db.prisma);
  const response = await admin.post(`/agents/${id}/delete`, {}, { htmx: true });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['hx-trigger'], 'agents-changed');
  t.match(response.body, /Agent 1014 deleted/);
  t.equal(await configVersion(web.db.prisma), before + 1);
  t.equal(await web.db.prisma.agent.count({ where: { id } }), 0);
  t.equal(await web.db.prisma.agentAllowedPrefix.count({ where: { agentId: id } }), 0, 'its allowed prefixes went with it');
  t.equal((await web.db.prisma.dashboardUser.findUniqueOrThrow({ where: { username: 'agent1014' } })).agentExtension, null, 'the user is unlinked');
  await web.deps.snapshots.refresh();
  t.notOk(web.deps.snapshots.current()!.agents.has('1014'));
  t.equal((await admin.post(`/agents/${id}/delete`, {})).statusCode, 404);
  t.equal((await admin.get(`/agents/${id}/delete`)).statusCode, 404);
});

t.test('deleting the only agent a prefix rule is restricted to is refused', async (t) => {
  await admin.post('/agents', { extension: '1015', name: 'Agent 1015', enabled: 'on' });
  await admin.post('/agents', { extension: '1016', name: 'Agent 1016', enabled: 'on' });
  const only = await agentRow('1015');
  const other = await agentRow('1016');
  const rule = await web.db.prisma.prefixRule.create({ data: { prefix: '46', didNumber: '0310000046' } });
  await web.db.prisma.prefixRuleAgent.create({ data: { prefixRuleId: rule.id, agentId: only.id } });
  const shared = await web.db.prisma.prefixRule.create({ data: { prefix: '47', didNumber: '0310000046' } });
  await web.db.prisma.prefixRuleAgent.createMany({ data: [{ prefixRuleId: shared.id, agentId: only.id }, { prefixRuleId: shared.id, agentId: other.id }] });
  await web.db.prisma.configVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
  const before = await configVersion(web.db.prisma);
  const refused = await admin.post(`/agents/${only.id}/delete`, {}, { htmx: true });
  t.equal(refused.statusCode, 409);
  t.equal(refused.headers['hx-retarget'], '#flash');
  t.match(refused.body, /Agent 1015 is the only agent prefix rule 46 is restricted to/);
  t.notMatch(refused.body, /prefix rule 47/);
  const plain = await admin.post(`/agents/${only.id}/delete`, {});
  t.equal(plain.statusCode, 409);
  t.equal(await configVersion(web.db.prisma), before);
  t.equal(await web.db.prisma.agent.count({ where: { id: only.id } }), 1);
  t.equal(await web.db.prisma.prefixRuleAgent.count({ where: { prefixRuleId: rule.id } }), 1);
  // An agent sharing a restriction with another may go; the rule keeps the other agent.
  const deleted = await admin.post(`/agents/${other.id}/delete`, {});
  t.equal(deleted.statusCode, 303);
  t.equal(await configVersion(web.db.prisma), before + 1);
  t.same(
    (await web.db.prisma.prefixRuleAgent.findMany({ where: { prefixRuleId: shared.id } })).map((grant) => grant.agentId),
    [only.id],
  );
});
