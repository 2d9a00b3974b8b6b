import t from 'tap';
import { callRecordRow, type CallRecordRow } from '../support/call-records.js';
import { buildTestWebApp, seedRouting, type TestSession } from '../support/web.js';

const web = await buildTestWebApp(t);
await seedRouting(web.db.prisma);
await web.createUser('manager1', 'manager');
await web.createUser('agent1009', 'agent', '1009');
await web.createUser('agent-unlinked', 'agent', null);
const admin: TestSession = await web.login('admin');

// 120 calls, a minute apart: outbound (agents 1009/1010, each with its decision), inbound
// through the IVR into queue sales or support (answered by 1009/1010, or abandoned), and
// internal ones. Every filter has rows on several pages.
const BASE = Date.UTC(2026, 10, 20, 9, 0, 0);
const kinds = ['outbound', 'inbound', 'inbound', 'internal'] as const;
const records: CallRecordRow[] = Array.from({ length: 120 }, (_, index) => {
  const kind = kinds[index % 4]!;
  const startedAt = new Date(BASE + index * 60_000);
  const agent = index % 3 === 0 ? '1010' : '1009';
  if (kind === 'outbound') {
    const outcome = index % 8 === 0 ? 'busy' : 'answered';
    return callRecordRow({ startedAt, direction: 'outbound', outcome, agent, caller: agent, dialed: `07${String(index).padStart(8, '0')}`, routingUniqueId: `out-${index}`, talkSeconds: outcome === 'answered' ? index : 0, answeredBy: outcome === 'answered' ? 'PJSIP/main_trunk-00000001' : null });
  }
  if (kind === 'inbound') {
    const abandoned = index % 5 === 0;
    return callRecordRow({
      startedAt,
      direction: 'inbound',
      outcome: abandoned ? 'no_answer' : 'answered',
      abandoned,
      agent: abandoned ? null : agent,
      answeredBy: abandoned ? null : `Agent ${agent}`,
      queue: index % 2 === 0 ? 'sales' : 'support',
      caller: `2567${String(index).padStart(8, '0')}`,
      dialed: '0310000001',
      routingUniqueId: `in-${index}`,
      waitSeconds: 5 + (index % 7),
      talkSeconds: abandoned ? 0 : 30,
    });
  }
  return callRecordRow({ startedAt, direction: 'internal', agent, caller: agent, dialed: agent === '1009' ? '1010' : '1009', talkSeconds: 7 });
});
await web.db.prisma.callRecord.createMany({ data: records });
await web.db.prisma.decisionLog.createMany({
  data: records
    .filter((row) => row.direction === 'outbound')
    .map((row) => ({
      createdAt: row.startedAt,
      uniqueId: row.routingUniqueId,
      channel: `PJSIP/${row.agent}-00000001`,
      agent: row.agent!,
      dialed: row.dialed,
      result: 'dial',
      did: '0310000046',
      dialStrings: `PJSIP/256${row.dialed.slice(1)}@main_trunk`,
      rule: 'route mobile',
      configVersion: 2,
      decisionMicros: 41,
    })),
});
await web.db.prisma.ivrPath.createMany({
  data: records
    .filter((row) => row.direction === 'inbound')
    .map((row) => ({ createdAt: row.startedAt, uniqueId: row.routingUniqueId, channel: 'PJSIP/main_trunk-00000002', menu: 'main', configVersion: 2, steps: '1', outcome: 'destination', destination: `queue ${row.queue}` })),
});
const all = (await web.db.prisma.callRecord.findMany({ orderBy: { id: 'desc' } })).map((row) => ({ ...row, id: row.id.toString() }));

const get = (url: string, options: { htmx?: boolean; session?: TestSession } = {}) => (options.session ?? admin).get(url, options);

function idsOn(body: string): string[] {
  return [...body.matchAll(/<tr id="call-(\d+)" class="call-row">/g)].map((match) => match[1]!);
}

function olderLink(body: string): string | null {
  const match = /<a class="button" rel="next" href="([^"]+)"/.exec(body);
  return match === null ? null : match[1]!.replace(/&amp;/g, '&');
}

async function walk(url: string, session: TestSession = admin): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let next: string | null = url;
  let pages = 0;
  while (next !== null) {
    const page = await get(next, { htmx: pages > 0, session });
    if (page.statusCode !== 200) throw new Error(`${next} answered ${page.statusCode}`);
    ids.push(...idsOn(page.body));
    next = olderLink(page.body);
    pages += 1;
    if (pages > 20) throw new Error('too many pages');
  }
  return { ids, pages };
}

t.test('one URL: the full page, or only the filters and table for htmx, with Vary: HX-Request', async (t) => {
  const page = await get('/calls');
  t.equal(page.statusCode, 200);
  t.match(page.body, /^<!doctype html>/);
  t.match(page.body, /<h1>Call history<\/h1>/);
  t.match(page.body, /<form id="calls-filters"/);
  t.match(page.headers.vary, /HX-Request/);
  const partial = await get('/calls', { htmx: true });
  t.match(partial.body.trimStart(), /^<div id="calls">/);
  t.notMatch(partial.body, /<html/);
});

t.test('each call shows its outcome, people, times and seconds, with its routing decision beneath', async (t) => {
  const body = (await get('/calls')).body;
  const outbound = all.find((row) => row.direction === 'outbound' && row.outcome === 'answered')!;
  const row = new RegExp(`<tr id="call-${outbound.id}" class="call-row">([\\s\\S]*?)</tr>\\s*<tr id="call-${outbound.id}-decision" class="call-decision">([\\s\\S]*?)</tr>`).exec(body);
  t.ok(row, 'the decision row follows its call');
  const cells = [...row![1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((match) => match[1]!.replace(/<[^>]+>/g, '').trim());
  t.same(cells, [
    outbound.startedAt.toISOString().replace('T', ' ').slice(0, 19),
    'outbound',
    'answered',
    outbound.agent,
    outbound.dialed,
    outbound.agent,
    '—',
    'PJSIP/main_trunk-00000001',
    '2',
    '—',
    String(outbound.talkSeconds),
    `${outbound.answeredAt!.toISOString().replace('T', ' ').slice(0, 19)}${outbound.endedAt.toISOString().replace('T', ' ').slice(0, 19)}`,
  ]);
  const decision = row![2]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
  t.match(decision, `Outbound decision dial · agent ${outbound.agent} dialed ${outbound.dialed} · caller ID 0310000046 · rule route mobile · dial strings PJSIP/256${outbound.dialed.slice(1)}@main_trunk · 41 µs, config v2`);

  const inbound = all.find((row) => row.direction === 'inbound' && row.abandoned)!;
  const inboundRows = new RegExp(`<tr id="call-${inbound.id}" class="call-row">([\\s\\S]*?)</tr>\\s*<tr id="call-${inbound.id}-decision"[^>]*>([\\s\\S]*?)</tr>`).exec(body)!;
  t.match(inboundRows[1], /<span class="status status-down">abandoned<\/span>/);
  t.match(inboundRows[1], new RegExp(`<td class="num">${inbound.waitSeconds}</td>`));
  t.match(inboundRows[2]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' '), `Inbound IVR menu main · steps 1 · destination → queue ${inbound.queue} · config v2`);

  const internal = all.find((row) => row.direction === 'internal')!;
  t.match(new RegExp(`<tr id="call-${internal.id}-decision"[^>]*>([\\s\\S]*?)</tr>`).exec(body)![1], /Internal call: no routing decision\./);
});

t.test('newest first, 50 a page; "Older" carries the cursor; every call once', async (t) => {
  const first = await get('/calls');
  t.same(idsOn(first.body), all.slice(0, 50).map((row) => row.id));
  t.equal(olderLink(first.body), `/calls?before=${all[49]!.id}`);
  const walked = await walk('/calls');
  t.equal(walked.pages, 3);
  t.same(walked.ids, all.map((row) => row.id));
  t.match((await get(`/calls?before=${all.at(-1)!.id}`)).body, /No older calls/);
});

t.test('filters: agent, queue, outcome and time range, alone and together, across pages', async (t) => {
  type Row = (typeof all)[number];
  const cases: [string, (row: Row) => boolean][] = [
    ['agent=1010', (row) => row.agent === '1010'],
    ['queue=sales', (row) => row.queue === 'sales'],
    ['outcome=answered', (row) => row.outcome === 'answered'],
    ['outcome=abandoned', (row) => row.abandoned],
    ['outcome=busy', (row) => row.outcome === 'busy'],
    ['outcome=answered&queue=support&agent=1009', (row) => row.outcome === 'answered' && row.queue === 'support' && row.agent === '1009'],
    ['from=2026-11-20T09:30&to=2026-11-20T10:10', (row) => row.startedAt >= new Date(BASE + 30 * 60_000) && row.startedAt < new Date(BASE + 70 * 60_000)],
    ['agent=1009&from=2026-11-20T10:00', (row) => row.agent === '1009' && row.startedAt >= new Date(BASE + 60 * 60_000)],
  ];
  for (const [query, keep] of cases) {
    const expected = all.filter(keep).map((row) => row.id);
    t.ok(expected.length > 0, `${query} selects some rows`);
    t.same((await walk(`/calls?${query}`)).ids, expected, query);
  }
  t.equal(await web.db.prisma.callRecord.count({ where: { outcome: 'no_answer', abandoned: false } }), 0);
  t.match((await get('/calls?outcome=no_answer')).body, /No call matches these filters/, 'no_answer leaves the abandoned ones to "abandoned"');
  t.match(olderLink((await get('/calls?agent=1009')).body) ?? '', /^\/calls\?agent=1009&before=\d+$/, 'the cursor link keeps the filters');
});

t.test('bad filters are named at their field with 422, not a 500', async (t) => {
  const response = await get('/calls?outcome=maybe&from=yesterday', { htmx: true });
  t.equal(response.statusCode, 422);
  t.match(response.body, /Outcome must be one of answered, no answer, abandoned, busy, failed/);
  t.match(response.body, /From \(UTC\) must be a date and time/);
  t.equal(idsOn(response.body).length, 0);
  const reversed = await get('/calls?from=2026-11-20T10:00&to=2026-11-20T09:00');
  t.equal(reversed.statusCode, 422);
  t.match(reversed.body, /<p class="field-error" id="calls-to-error">To \(UTC\) must be after From<\/p>/);
  t.equal((await get('/calls?before=abc')).statusCode, 200, 'a malformed cursor is the first page');
});

t.test('an agent sees only their own calls, whatever the query says; unlinked sees none; signed out goes to login', async (t) => {
  const agent = await web.login('agent1009');
  const own = all.filter((row) => row.agent === '1009').map((row) => row.id);
  for (const query of ['', '?agent=1010', '?agent=', '?agent[]=1010']) t.same((await walk(`/calls${query}`, agent)).ids, own, `agent1009 on /calls${query}`);
  const page = await get('/calls', { session: agent });
  t.match(page.body, /<h1>My calls<\/h1>/);
  t.notMatch(page.body, /name="agent"/);
  t.match(page.body, /<li><a href="\/calls"[^>]*>My calls</);
  const unlinked = await web.login('agent-unlinked');
  const none = await get('/calls?agent=1009', { session: unlinked });
  t.equal(idsOn(none.body).length, 0);
  t.match(none.body, /not linked to an agent/);
  const anonymous = await web.app.inject({ method: 'GET', url: '/calls' });
  t.equal(anonymous.statusCode, 302);
  t.match(anonymous.headers.location, /^\/login\?next=/);
  const manager = await web.login('manager1');
  t.equal((await walk('/calls', manager)).ids.length, all.length, 'managers see every call');
});

t.test('the page escapes recorded values and decisions', async (t) => {
  const evil = await web.db.prisma.callRecord.create({
    data: callRecordRow({ startedAt: new Date(BASE + 200 * 60_000), direction: 'outbound', agent: '1009', caller: '<script>alert(1)</script>', dialed: '"><img src=x>', routingUniqueId: 'evil', answeredBy: '<b>x</b>' }),
  });
  await web.db.prisma.decisionLog.create({
    data: { createdAt: new Date(), uniqueId: 'evil', channel: 'c', agent: '1009', dialed: '<i>07</i>', result: 'reject', reason: '<u>R</u>', dialStrings: '', configVersion: 2, decisionMicros: 1 },
  });
  const body = (await get('/calls?agent=1009')).body;
  t.ok(idsOn(body).includes(evil.id.toString()));
  t.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  t.notMatch(body, /<script>alert/);
  t.notMatch(body, /<img src=x>/);
  t.notMatch(body, /<b>x<\/b>|<i>07<\/i>|<u>R<\/u>/);
  t.match(body, /&lt;i&gt;07&lt;\/i&gt;/);
});
