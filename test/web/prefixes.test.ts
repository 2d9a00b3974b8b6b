import t from 'tap';
import { buildTestWebApp, configVersion, seedRouting, type TestSession } from '../support/web.js';

const web = await buildTestWebApp(t);
await seedRouting(web.db.prisma);
const admin: TestSession = await web.login('admin');
const prisma = web.db.prisma;

const { get, post } = admin;

async function ruleId(prefix: string): Promise<number> {
  return (await prisma.prefixRule.findUniqueOrThrow({ where: { prefix } })).id;
}

async function restrictedTo(prefix: string): Promise<string[]> {
  const rule = await prisma.prefixRule.findUniqueOrThrow({ where: { prefix }, include: { agents: { include: { agent: true } } } });
  return rule.agents.map((grant) => grant.agent.extension).sort();
}

t.test('one URL: the full page, or only the table for htmx, with Vary: HX-Request', async (t) => {
  const page = await get('/prefixes');
  t.equal(page.statusCode, 200);
  t.match(page.body, /^<!doctype html>/);
  t.match(page.body, /<a href="\/prefixes" aria-current="page">Prefix rules<\/a>/);
  t.match(page.body, /<section id="prefixes-table"/);
  t.match(page.headers.vary, /HX-Request/);
  const partial = await get('/prefixes', { htmx: true });
  t.equal(partial.statusCode, 200);
  t.match(partial.body.trimStart(), /^<section id="prefixes-table"/);
  t.notMatch(partial.body, /<html|<nav aria-label="Main"/);
  t.match(partial.headers.vary, /HX-Request/);
  t.match(partial.body, /<td class="mono">45<\/td>/);
  t.match(partial.body, /Outlet 45 \(0310000045\)/);
  t.match(partial.body, /every agent/);
});

t.test('the form offers every DID and the agents to restrict to', async (t) => {
  const page = await get('/prefixes/new');
  t.match(page.body, /<!doctype html>/);
  const partial = await get('/prefixes/new', { htmx: true });
  t.match(partial.body.trimStart(), /^<form id="prefix-form"/);
  t.match(partial.body, /hx-post="\/prefixes"/);
  t.match(partial.body, /<option value="0310000046">Outlet 46 \(0310000046\)<\/option>/);
  t.match(partial.body, /<option value="0310000047">Inbound only \(0310000047\) — does not allow outbound<\/option>/);
  t.match(partial.body, /name="agents" value="1009"/);
  t.match(partial.body, /name="agents" value="1010"/);
  t.notMatch(page.body, /hx-post="\/prefixes"/, 'without htmx the form posts normally');
});

t.test('creating a rule without JavaScript: redirect, flash with the next call, version bump', async (t) => {
  const before = await configVersion(prisma);
  const response = await post('/prefixes', { prefix: '46', did: '0310000046', enabled: 'on', agents: '1009' });
  t.equal(response.statusCode, 303);
  t.equal(response.headers.location, '/prefixes');
  t.equal(await configVersion(prisma), before + 1, 'the config version moved');
  t.match(await prisma.prefixRule.findUniqueOrThrow({ where: { prefix: '46' } }), { didNumber: '0310000046', enabled: true });
  t.same(await restrictedTo('46'), ['1009']);
  const next = await get('/prefixes');
  t.match(next.body, /Prefix 46 saved \(config version \d+\)/);
  t.match(next.body, /Next call: agent 1009 dialing 46 0723456789 leaves as 256723456789 with caller ID 256310000046 via main_trunk/);
  t.match(next.body, /1009 \(Agent 1009\)/, 'the restriction is listed');
});

t.test('creating a rule with htmx answers with the flash and a refresh event', async (t) => {
  const response = await post('/prefixes', { prefix: '44', did: '0310000001', agents: ['1009', '1010'] }, { htmx: true });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['hx-trigger'], 'prefixes-changed');
  t.match(response.headers.vary, /HX-Request/);
  t.match(response.body, /<div id="flash" aria-live="polite" hx-swap-oob="true">/);
  t.match(response.body, /Prefix 44 saved/);
  t.notMatch(response.body, /Next call/, 'a disabled rule has no next call');
  t.match(await prisma.prefixRule.findUniqueOrThrow({ where: { prefix: '44' } }), { enabled: false, didNumber: '0310000001' });
  t.same(await restrictedTo('44'), ['1009', '1010']);
});

t.test('the prefix must be digits, and a DID must be chosen', async (t) => {
  const before = await configVersion(prisma);
  const response = await post('/prefixes', { prefix: '4x', did: '' });
  t.equal(response.statusCode, 422);
  t.match(response.body, /<!doctype html>/, 'without htmx: the form page');
  t.match(response.body, /id="prefix-prefix"[^>]*aria-invalid="true"/);
  t.match(response.body, /Prefix must be digits only/);
  t.match(response.body, /DID is required/);
  t.match(response.body, /value="4x"/, 'the input is kept');
  const long = await post('/prefixes', { prefix: '123456789', did: '0310000045' }, { htmx: true });
  t.equal(long.statusCode, 422);
  t.match(long.body.trimStart(), /^<form id="prefix-form"/);
  t.match(long.body, /Prefix must be at most 8 digits/);
  const unknown = await post('/prefixes', { prefix: '43', did: '0999' }, { htmx: true });
  t.equal(unknown.statusCode, 422);
  t.match(unknown.body, /DID 0999 is not a DID; add it under DIDs first/);
  t.equal(await configVersion(prisma), before);
});

t.test('a prefix must be unique and must not collide with another prefix', async (t) => {
  const before = await configVersion(prisma);
  const duplicate = await post('/prefixes', { prefix: '45', did: '0310000046', enabled: 'on' }, { htmx: true });
  t.equal(duplicate.statusCode, 422);
  t.match(duplicate.body, /Prefix 45 already exists/);
  const shorter = await post('/prefixes', { prefix: '4', did: '0310000046', enabled: 'on' }, { htmx: true });
  t.equal(shorter.statusCode, 422);
  t.match(shorter.body, /id="prefix-prefix"[^>]*aria-invalid="true"/);
  t.match(shorter.body, /Prefix collides with prefix 4[456] \(one is the start of the other, so a dialed number could mean either\); choose a prefix that does not start another one/);
  const longer = await post('/prefixes', { prefix: '451', did: '0310000046', enabled: 'on' }, { htmx: true });
  t.equal(longer.statusCode, 422);
  t.match(longer.body, /id="prefix-prefix"[^>]*aria-invalid="true"/, 'the other rule reports it; the form claims it');
  t.match(longer.body, /Prefix collides with prefix 45 \(one is the start of the other/);
  t.equal(await configVersion(prisma), before);
  t.equal(await prisma.prefixRule.count({ where: { prefix: { in: ['4', '451'] } } }), 0);
});

t.test('a prefix must not shadow a route pattern', async (t) => {
  const before = await configVersion(prisma);
  const response = await post('/prefixes', { prefix: '07', did: '0310000046', enabled: 'on' }, { htmx: true });
  t.equal(response.statusCode, 422);
  t.match(response.body, /id="prefix-prefix"[^>]*aria-invalid="true"/);
  t.match(response.body, /Prefix 07 would hide route mobile \(pattern _07XXXXXXXX\): a number starting 07 would be read as prefix 07 \+ number; choose a prefix that no enabled route&#39;s pattern starts with/);
  const zero = await post('/prefixes', { prefix: '0', did: '0310000046', enabled: 'on' });
  t.equal(zero.statusCode, 422);
  t.match(zero.body, /0 would hide route mobile \(pattern _07XXXXXXXX\)/);
  t.match(zero.body, /0 would hide route international \(pattern _00X\.\)/);
  const edit = await post(`/prefixes/${await ruleId('45')}`, { prefix: '00', did: '0310000045', enabled: 'on' }, { htmx: true });
  t.equal(edit.statusCode, 422, 'an edit is checked too');
  t.match(edit.body, /00 would hide route international \(pattern _00X\.\)/);
  t.equal(await configVersion(prisma), before);
  t.equal(await prisma.prefixRule.count({ where: { prefix: { in: ['07', '0', '00'] } } }), 0);
});

t.test('a rule may point at a DID without outbound, and the list warns about it', async (t) => {
  const before = await configVersion(prisma);
  const response = await post('/prefixes', { prefix: '47', did: '0310000047', enabled: 'on' });
  t.equal(response.statusCode, 303);
  t.equal(await configVersion(prisma), before + 1);
  const list = await get('/prefixes', { htmx: true });
  const row = /<tr id="prefix-\d+">\s*<td class="mono">47<\/td>[\s\S]*?<\/tr>/.exec(list.body)?.[0] ?? '';
  t.match(row, /Inbound only \(0310000047\)/);
  t.match(row, /class="warning">DID 0310000047 does not allow outbound: calls through this prefix are rejected \(DID_NOT_OUTBOUND\)/);
  const ok = /<tr id="prefix-\d+">\s*<td class="mono">45<\/td>[\s\S]*?<\/tr>/.exec(list.body)?.[0] ?? '';
  t.notMatch(ok, /class="warning"/, 'an outbound DID gets no warning');
});

t.test('editing a rule: a new prefix keeps the agents allowed it', async (t) => {
  await prisma.agent.update({ where: { extension: '1010' }, data: { allowedPrefixes: { create: [{ prefixRuleId: await ruleId('45') }, { prefixRuleId: await ruleId('46') }] } } });
  await web.deps.snapshots.refresh();
  const id = await ruleId('46');
  const edit = await get(`/prefixes/${id}/edit`, { htmx: true });
  t.match(edit.body, /value="46"/);
  t.match(edit.body, /id="prefix-agent-1009"[^>]*checked/);
  t.notMatch(edit.body, /id="prefix-agent-1010"[^>]*checked/);
  t.match(edit.body, /<option value="0310000046" selected>/);
  const before = await configVersion(prisma);
  const response = await post(`/prefixes/${id}`, { prefix: '48', did: '0310000046', enabled: 'on', agents: ['1009', '1010'] }, { htmx: true });
  t.equal(response.statusCode, 200);
  t.match(response.body, /Prefix 48 saved/);
  t.match(response.body, /Next call: agent 1009 dialing 48 0723456789 leaves as 256723456789 with caller ID 256310000046/);
  t.equal(await configVersion(prisma), before + 1);
  t.equal(await prisma.prefixRule.count({ where: { prefix: '46' } }), 0);
  t.same(await restrictedTo('48'), ['1009', '1010']);
  const agent = await prisma.agent.findUniqueOrThrow({ where: { extension: '1010' }, include: { allowedPrefixes: { include: { prefixRule: true } } } });
  t.same(agent.allowedPrefixes.map((grant) => grant.prefixRule.prefix).sort(), ['45', '48'], 'agent 1010 is still allowed it under its new prefix');
});

t.test('deleting a rule: confirmation page, the delete, and a refusal that would widen an agent', async (t) => {
  const id = await ruleId('44');
  const confirm = await get(`/prefixes/${id}/delete`);
  t.equal(confirm.statusCode, 200);
  t.match(confirm.body, /<form class="card form" method="post" action="\/prefixes\/\d+\/delete">/);
  t.match(confirm.body, /Delete prefix 44 \(Head office\)\?/);
  const list = await get('/prefixes');
  t.match(list.body, new RegExp(`hx-post="/prefixes/${id}/delete" hx-confirm="Delete prefix 44 \\(Head office\\)\\?"`));
  const before = await configVersion(prisma);
  const response = await post(`/prefixes/${id}/delete`, {}, { htmx: true });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['hx-trigger'], 'prefixes-changed');
  t.match(response.body, /Prefix 44 deleted/);
  t.equal(await prisma.prefixRule.count({ where: { id } }), 0);
  t.equal(await configVersion(prisma), before + 1);
  t.equal((await post(`/prefixes/${id}/delete`, {})).statusCode, 404);

  // Agent 1010 is allowed 45 and 48: deleting 48 leaves it 45; deleting 45 then would allow it every prefix.
  const shrink = await post(`/prefixes/${await ruleId('48')}/delete`, {});
  t.equal(shrink.statusCode, 303);
  const refused = await post(`/prefixes/${await ruleId('45')}/delete`, {}, { htmx: true });
  t.equal(refused.statusCode, 409);
  t.equal(refused.headers['hx-retarget'], '#flash');
  t.match(refused.body, /Prefix 45 was not deleted: it is the only prefix allowed to agent 1010 \(Agent 1010\)/);
  t.equal(await prisma.prefixRule.count({ where: { prefix: '45' } }), 1);
});

t.test('values are escaped in pages and partials', async (t) => {
  await prisma.did.create({ data: { number: '0310000066', label: '<script>alert(1)</script>' } });
  await prisma.agent.create({ data: { extension: '1066', name: '<img src=x onerror=alert(2)>' } });
  const response = await post('/prefixes', { prefix: '66', did: '0310000066', enabled: 'on', agents: '1066' });
  t.equal(response.statusCode, 303);
  for (const page of [await get('/prefixes'), await get('/prefixes', { htmx: true }), await get(`/prefixes/${await ruleId('66')}/edit`)]) {
    t.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    t.notMatch(page.body, /<script>alert/);
    t.notMatch(page.body, /<img src=x/);
  }
});

t.test('a manager edits prefix rules too; an unknown id is a 404', async (t) => {
  await web.createUser('manager1', 'manager');
  const manager = await web.login('manager1');
  const page = await web.app.inject({ method: 'GET', url: '/prefixes', headers: manager.headers() });
  t.equal(page.statusCode, 200);
  const missing = await get('/prefixes/999999/edit');
  t.equal(missing.statusCode, 404);
  t.match(missing.body, /This prefix rule does not exist/);
});
