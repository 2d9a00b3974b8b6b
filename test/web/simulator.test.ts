import t from 'tap';
import { decideOutbound } from '../../src/domain/outbound/decide.js';
import { describeDecision } from '../../src/domain/outbound/describe.js';
import { buildTestWebApp, seedRouting, type TestSession } from '../support/web.js';

const web = await buildTestWebApp(t);
await seedRouting(web.db.prisma);
await web.deps.snapshots.refresh();
await web.createUser('manager1', 'manager');
await web.createUser('agent1009', 'agent', '1009');
const admin: TestSession = await web.login('admin');

const get = (url: string, options: { htmx?: boolean; session?: TestSession } = {}) => (options.session ?? admin).get(url, options);

/** The sentence the domain gives for this call on the app's current snapshot. */
function expectedSentence(agent: string, dialed: string): string {
  const snapshot = web.deps.snapshots.current();
  if (snapshot === null) throw new Error('no snapshot');
  return describeDecision({ agent, dialed }, decideOutbound({ agent, dialed }, snapshot));
}

/** HTML text as the template escapes it. */
function escaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

t.test('the empty form: full page, an agent field that takes any extension, no result yet', async (t) => {
  const page = await get('/simulator');
  t.equal(page.statusCode, 200);
  t.match(page.body, /^<!doctype html>/);
  t.match(page.body, /<form id="simulator-form"[^>]*method="get" action="\/simulator"/);
  t.match(page.body, /hx-get="\/simulator" hx-target="#simulator"/);
  t.match(page.body, /<input id="simulator-agent" name="agent" value="" list="simulator-agent-options"[^>]*hx-get="\/simulator\/agents"/);
  t.notMatch(page.body, /<select id="simulator-agent"/, 'not a closed list');
  t.match(page.body, /outbound decisions do not depend on the time of day today/);
  t.match(page.body, /Enter an agent's extension and a number/);
  t.match(page.headers.vary, /HX-Request/);
});

t.test('a dialed call: the sentence, rule, caller ID and one row per trunk attempt, from the domain function', async (t) => {
  const page = await get('/simulator?agent=1009&number=0712345678');
  t.equal(page.statusCode, 200);
  const sentence = expectedSentence('1009', '0712345678');
  t.equal(sentence, 'agent 1009 dialing 0712345678 leaves as 256712345678 with caller ID 256310000046 via main_trunk');
  t.match(page.body, escaped(sentence));
  t.match(page.body, /<dt>Matched rule<\/dt><dd class="mono">route mobile/);
  t.match(page.body, /<dt>Caller ID<\/dt><dd><span class="mono">0310000046<\/span>/);
  t.match(page.body, /id="simulator-agent" name="agent" value="1009"/, 'the form keeps the agent');
  t.match(page.body, /value="0712345678"/, 'and the number');
  const attempts = page.body.slice(page.body.indexOf('<table class="data attempts">'));
  t.match(attempts, /<td>main_trunk<\/td>\s*<td class="mono">256712345678<\/td>\s*<td class="mono">256310000046<\/td>\s*<td class="mono">PJSIP\/256712345678@main_trunk<\/td>/);
});

t.test('htmx gets the form and the result, not the page, with Vary: HX-Request', async (t) => {
  const partial = await get('/simulator?agent=1009&number=45%200712%20345678', { htmx: true });
  t.equal(partial.statusCode, 200);
  t.match(partial.body.trimStart(), /^<div id="simulator">\s*<form id="simulator-form"/);
  t.match(partial.body, /<section id="simulation-result"/);
  t.notMatch(partial.body, /<html/);
  t.match(partial.headers.vary, /HX-Request/);
  const sentence = expectedSentence('1009', '45 0712 345678');
  t.match(sentence, /with caller ID 256310000045/, 'the prefix picks the outlet DID');
  t.match(partial.body, escaped(sentence));
  t.match(partial.body, /<dt>Matched rule<\/dt><dd class="mono">prefix 45/);
});

t.test('a rejected call shows the reason and its detail', async (t) => {
  const noRoute = await get('/simulator?agent=1009&number=0999');
  t.equal(noRoute.statusCode, 200);
  t.match(noRoute.body, /<strong>Reject:<\/strong>/);
  t.match(noRoute.body, /<span class="mono">NO_ROUTE<\/span>/);
  t.match(noRoute.body, escaped(expectedSentence('1009', '0999')));
  t.notMatch(noRoute.body, /<table class="data attempts">/);
  const unknown = await get('/simulator?agent=7777&number=0712345678', { htmx: true });
  t.match(unknown.body, /UNKNOWN_AGENT/);
  t.match(unknown.body, /agent 7777 does not exist/);
});

t.test('the optional time is shown, and a bad one or a missing field is refused with 422', async (t) => {
  const timed = await get('/simulator?agent=1009&number=0712345678&at=2026-11-22T08:30');
  t.equal(timed.statusCode, 200);
  t.match(timed.body, /2026-11-22 08:30 UTC/);
  t.match(timed.body, /does not change an outbound decision/);
  const bad = await get('/simulator?agent=1009&number=0712345678&at=tomorrow', { htmx: true });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /id="simulator-at-error">Time \(UTC, optional\) must be a date and time/);
  t.notMatch(bad.body, /leaves as/);
  const missing = await get('/simulator?agent=1009&number=');
  t.equal(missing.statusCode, 422);
  t.match(missing.body, /id="simulator-number"[^>]*aria-invalid="true"/);
  t.match(missing.body, /<p class="field-error" id="simulator-number-error">Number dialed is required<\/p>/, 'under its field');
  const noAgent = await get('/simulator?agent=&number=0712345678', { htmx: true });
  t.equal(noAgent.statusCode, 422);
  t.match(noAgent.body, /<input id="simulator-agent"[^>]*aria-invalid="true" aria-describedby="simulator-agent-error">/);
  t.match(noAgent.body, /<p class="field-error" id="simulator-agent-error">Agent is required<\/p>/);
  t.match(noAgent.body, /correct the fields marked above/);
});

t.test('agent suggestions: a few options matching the extension or the name, for the datalist', async (t) => {
  const options = (body: string) => [...body.matchAll(/<option value="([^"]+)">([^<]*)<\/option>/g)].map((match) => `${match[1]} ${match[2]}`);
  t.same(options((await get('/simulator/agents?agent=', { htmx: true })).body), ['1009 Agent 1009', '1010 Agent 1010']);
  t.same(options((await get('/simulator/agents?agent=101', { htmx: true })).body), ['1010 Agent 1010'], 'by the start of the extension');
  t.same(options((await get('/simulator/agents?agent=agent%201009', { htmx: true })).body), ['1009 Agent 1009'], 'by the name');
  t.same(options((await get('/simulator/agents?agent=77', { htmx: true })).body), []);
  await web.db.prisma.agent.createMany({ data: Array.from({ length: 3000 }, (_, index) => ({ extension: String(20000 + index), name: `Bulk ${index}` })) });
  await web.db.prisma.configVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
  await web.deps.snapshots.refresh();
  const many = options((await get('/simulator/agents?agent=2', { htmx: true })).body);
  t.equal(many.length, 20, 'at most twenty of 3,000 matches');
  t.same(many.slice(0, 2), ['20000 Bulk 0', '20001 Bulk 1'], 'in extension order');
  const agent = await web.login('agent1009');
  t.equal((await get('/simulator/agents?agent=1', { session: agent })).statusCode, 403, 'agents may not list agents');
});

t.test('the simulator follows a saved change at once', async (t) => {
  await web.db.prisma.agent.update({ where: { extension: '1009' }, data: { defaultDid: '0310000001' } });
  await web.db.prisma.configVersion.update({ where: { id: 1 }, data: { version: { increment: 1 } } });
  await web.deps.snapshots.refresh();
  const page = await get('/simulator?agent=1009&number=0712345678', { htmx: true });
  t.match(page.body, /with caller ID 256310000001 via main_trunk/);
  t.match(page.body, new RegExp(`<dt>Config version</dt><dd>${web.deps.snapshots.current()?.version}</dd>`));
});

t.test('values from the request are escaped', async (t) => {
  const page = await get('/simulator?agent=%3Cb%3Ex&number=%3Cscript%3E1');
  t.notMatch(page.body, /<script>1|<b>x/);
  t.match(page.body, /&lt;script&gt;1/);
});

t.test('managers may simulate; agents may not', async (t) => {
  const manager = await web.login('manager1');
  t.equal((await get('/simulator?agent=1009&number=0712345678', { session: manager })).statusCode, 200);
  const agent = await web.login('agent1009');
  t.equal((await get('/simulator?agent=1009&number=0712345678', { session: agent })).statusCode, 403);
});
