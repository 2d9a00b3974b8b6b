import t from 'tap';
import { buildTestWebApp, seedRouting, type TestSession } from '../support/web.js';

const web = await buildTestWebApp(t);
await seedRouting(web.db.prisma);
await web.createUser('manager1', 'manager');
await web.createUser('agent1009', 'agent', '1009');
await web.createUser('agent-unlinked', 'agent', null);
const admin: TestSession = await web.login('admin');

const get = (url: string, options: { htmx?: boolean; session?: TestSession } = {}) => (options.session ?? admin).get(url, options);

// 130 decisions. Ten share each created_at (ties), agents and results alternate, so
// every filter has rows on several pages. Row n (1-based insert order) gets id order.
const BASE = Date.UTC(2026, 10, 20, 9, 0, 0);
const rows = Array.from({ length: 130 }, (_, index) => {
  const agent = index % 3 === 0 ? '1010' : '1009';
  const reject = index % 4 === 0;
  return {
    createdAt: new Date(BASE + Math.floor(index / 10) * 60_000),
    uniqueId: `u-${index}`,
    channel: `PJSIP/${agent}-${index.toString(16).padStart(8, '0')}`,
    agent,
    dialed: `07${String(index).padStart(8, '0')}`,
    result: reject ? 'reject' : 'dial',
    did: reject ? null : index % 2 === 0 ? '0310000046' : '0310000045',
    dialStrings: reject ? '' : `PJSIP/2567${index}@main_trunk`,
    rule: reject ? null : 'route mobile',
    reason: reject ? 'NO_ROUTE' : null,
    configVersion: 2,
    decisionMicros: 40 + index,
  };
});
await web.db.prisma.decisionLog.createMany({ data: rows });
const all = (await web.db.prisma.decisionLog.findMany({ orderBy: { id: 'desc' }, select: { id: true, agent: true, did: true, result: true, createdAt: true } })).map(
  (row) => ({ ...row, id: row.id.toString() }),
);

function idsOn(body: string): string[] {
  return [...body.matchAll(/<tr id="decision-(\d+)">/g)].map((match) => match[1]!);
}

function olderLink(body: string): string | null {
  const match = /<a class="button" rel="next" href="([^"]+)"/.exec(body);
  return match === null ? null : match[1]!.replace(/&amp;/g, '&');
}

/** Follows "Older" links from `url` to the end; the ids of every page, in order. */
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

t.test('one URL: the full page, or only the filters, export link and table for htmx, with Vary: HX-Request', async (t) => {
  const page = await get('/decisions');
  t.equal(page.statusCode, 200);
  t.match(page.body, /^<!doctype html>/);
  t.match(page.body, /<form id="decisions-filters"/);
  t.match(page.body, /<section id="decisions-table"/);
  t.match(page.headers.vary, /HX-Request/);
  const partial = await get('/decisions', { htmx: true });
  t.match(partial.body.trimStart(), /^<div id="decisions">/);
  t.match(partial.body, /<form id="decisions-filters"[\s\S]*id="decisions-export"[\s\S]*<section id="decisions-table"/);
  t.notMatch(partial.body, /<html/);
  t.match(partial.headers.vary, /HX-Request/);
});

t.test('the export link of a filtered answer carries exactly its filters, and the CSV holds its rows of every page', async (t) => {
  const filtered = await get('/decisions?result=reject&agent=1009', { htmx: true });
  const href = /id="decisions-export" href="([^"]+)"/.exec(filtered.body)?.[1]?.replace(/&amp;/g, '&');
  t.equal(href, '/decisions.csv?agent=1009&result=reject');
  const expected = all.filter((row) => row.result === 'reject' && row.agent === '1009').map((row) => row.id);
  const shown = await walk('/decisions?result=reject&agent=1009');
  t.same(shown.ids, expected, 'the screen, page by page');
  const csv = await get(href!);
  t.same(csv.body.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]), expected, 'the export: the same rows in the same order');
  t.notMatch((await get('/decisions?from=2026-11-20T10:00&to=2026-11-20T09:00', { htmx: true })).body, /decisions-export/, 'no export of filters that cannot be used');
});

t.test('newest first, 50 a page; "Older" carries the cursor and no row is skipped or repeated across ties', async (t) => {
  const first = await get('/decisions');
  const ids = idsOn(first.body);
  t.same(ids, all.slice(0, 50).map((row) => row.id));
  t.equal(olderLink(first.body), `/decisions?before=${all[49]!.id}`);
  t.notMatch(first.body, /Newest<\/a>/, 'the first page has no way back');
  const walked = await walk('/decisions');
  t.equal(walked.pages, 3);
  t.same(walked.ids, all.map((row) => row.id), 'every row once, in id order, newest first');
  const last = await get(`/decisions?before=${all[99]!.id}`);
  t.equal(olderLink(last.body), null, 'the last page has no "Older"');
  t.match(last.body, /href="\/decisions"[^>]*>&larr; Newest/);
  const pastEnd = await get(`/decisions?before=${all.at(-1)!.id}`);
  t.match(pastEnd.body, /No older decisions/);
});

t.test('filters: agent, DID, result and time range, alone and together, across pages', async (t) => {
  const cases: [string, (row: (typeof all)[number]) => boolean][] = [
    ['agent=1010', (row) => row.agent === '1010'],
    ['did=0310000045', (row) => row.did === '0310000045'],
    ['result=reject', (row) => row.result === 'reject'],
    ['result=dial&agent=1009', (row) => row.result === 'dial' && row.agent === '1009'],
    [
      'from=2026-11-20T09:03&to=2026-11-20T09:07',
      (row) => row.createdAt >= new Date(Date.UTC(2026, 10, 20, 9, 3)) && row.createdAt < new Date(Date.UTC(2026, 10, 20, 9, 7)),
    ],
    ['agent=1009&from=2026-11-20T09:10', (row) => row.agent === '1009' && row.createdAt >= new Date(Date.UTC(2026, 10, 20, 9, 10))],
  ];
  for (const [query, keep] of cases) {
    const expected = all.filter(keep).map((row) => row.id);
    t.ok(expected.length > 0, `${query} selects some rows`);
    const walked = await walk(`/decisions?${query}`);
    t.same(walked.ids, expected, query);
  }
  const page = await get('/decisions?agent=1009&result=dial');
  t.match(olderLink(page.body) ?? '', /^\/decisions\?agent=1009&result=dial&before=\d+$/, 'the cursor link keeps the filters');
  t.match(page.body, /href="\/decisions.csv\?agent=1009&amp;result=dial"/, 'and so does the export');
  const none = await get('/decisions?agent=4242');
  t.match(none.body, /No decision matches these filters/);
});

t.test('bad filters are named and answered with 422', async (t) => {
  const response = await get('/decisions?result=maybe&from=yesterday', { htmx: true });
  t.equal(response.statusCode, 422);
  t.match(response.body, /Result must be dial or reject/);
  t.match(response.body, /From \(UTC\) must be a date and time/);
  t.equal(idsOn(response.body).length, 0);
  const reversed = await get('/decisions?from=2026-11-20T10:00&to=2026-11-20T09:00');
  t.equal(reversed.statusCode, 422);
  t.match(reversed.body, /<p class="field-error" id="decisions-to-error">To \(UTC\) must be after From<\/p>/, 'under the To field');
  t.match(reversed.body, /id="decisions-to"[^>]*aria-invalid="true"/);
  const csv = await get('/decisions.csv?result=maybe');
  t.equal(csv.statusCode, 422);
  t.equal((await get('/decisions?before=abc')).statusCode, 200, 'a malformed cursor is the first page');
});

t.test('an agent sees only their own calls, whatever the query says', async (t) => {
  const agent = await web.login('agent1009');
  const own = all.filter((row) => row.agent === '1009').map((row) => row.id);
  for (const query of ['', '?agent=1010', '?agent=', '?agent=1010&did=0310000045', '?agent[]=1010']) {
    const walked = await walk(`/decisions${query}`, agent);
    const expected = query.includes('did=') ? all.filter((row) => row.agent === '1009' && row.did === '0310000045').map((row) => row.id) : own;
    t.same(walked.ids, expected, `agent1009 on /decisions${query}`);
  }
  const page = await get('/decisions', { session: agent });
  t.match(page.body, /<h1>My routing decisions<\/h1>/);
  t.notMatch(page.body, /name="agent"/, 'no agent filter to try');
  t.notMatch(page.body, /<li><a href="\/decisions"/, "the decision log is not in an agent's navigation (their calls are)");
  const other = all.find((row) => row.agent === '1010')!;
  const crafted = await get(`/decisions?agent=1010&before=${BigInt(other.id) + 1n}`, { session: agent });
  t.notOk(idsOn(crafted.body).includes(other.id), 'a crafted cursor does not reach another agent');
  const csv = await get('/decisions.csv?agent=1010', { session: agent });
  t.equal(csv.statusCode, 200);
  const agents = new Set(csv.body.trim().split('\r\n').slice(1).map((line) => line.split(',')[2]));
  t.same([...agents], ['1009'], 'the export too');
  t.equal(csv.body.trim().split('\r\n').length - 1, own.length);
});

t.test('an agent account without an agent sees no calls', async (t) => {
  const unlinked = await web.login('agent-unlinked');
  const page = await get('/decisions?agent=1009', { session: unlinked });
  t.equal(page.statusCode, 200);
  t.equal(idsOn(page.body).length, 0);
  t.match(page.body, /not linked to an agent/);
  const csv = await get('/decisions.csv?agent=1009', { session: unlinked });
  t.equal(csv.body.trim().split('\r\n').length, 1, 'only the header');
});

t.test('managers see every call', async (t) => {
  const manager = await web.login('manager1');
  t.same((await walk('/decisions', manager)).ids, all.map((row) => row.id));
});

t.test('the CSV export: streamed in batches, as an attachment, quoted where needed, with the filters', async (t) => {
  // A value with a comma and a quote, a line break, and one a spreadsheet would run.
  await web.db.prisma.decisionLog.create({
    data: {
      createdAt: new Date(BASE + 3_600_000),
      uniqueId: 'tricky',
      channel: 'PJSIP/1009-"odd", name\nnext',
      agent: '1009',
      dialed: '=HYPERLINK("x")',
      result: 'reject',
      reason: 'INVALID_NUMBER',
      dialStrings: '',
      configVersion: 2,
      decisionMicros: 12,
    },
  });
  // More than one export batch (1,000 rows).
  await web.db.prisma.decisionLog.createMany({
    data: Array.from({ length: 2100 }, (_, index) => ({ ...rows[index % rows.length]!, uniqueId: `bulk-${index}`, agent: '1011' })),
  });
  const response = await get('/decisions.csv');
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], /^text\/csv; charset=utf-8/);
  t.match(response.headers['content-disposition'], /^attachment; filename="mayday-decisions-\d{8}-\d{6}\.csv"$/);
  t.equal(response.headers['content-length'], undefined, 'sent as a stream, not a buffered body');
  const lines = response.body.split('\r\n');
  t.equal(lines[0], 'id,created_at,agent,dialed,result,reason,did,rule,dial_strings,unique_id,channel,config_version,decision_us');
  t.equal(lines.at(-1), '', 'ends with a line break');
  const total = await web.db.prisma.decisionLog.count();
  t.equal(total, 130 + 1 + 2100);
  const tricky = await web.db.prisma.decisionLog.findFirstOrThrow({ where: { uniqueId: 'tricky' } });
  t.ok(
    response.body.includes(
      `${tricky.id},2026-11-20T10:00:00.000Z,1009,"'=HYPERLINK(""x"")",reject,INVALID_NUMBER,,,,tricky,"PJSIP/1009-""odd"", name\nnext",2,12\r\n`,
    ),
    'the tricky row is quoted, its quotes doubled, the formula defused',
  );
  // Records, not lines: the tricky row holds a line break inside quotes.
  t.equal(response.body.match(/\r\n/g)?.length, total + 1, 'a header and every row');
  const ids = [...response.body.matchAll(/\r\n(\d+),/g)].map((match) => BigInt(match[1]!));
  t.ok(ids.every((id, index) => index === 0 || id < ids[index - 1]!), 'newest first, across batches');
  t.equal(new Set(ids).size, total, 'no row twice');
  const filtered = await get('/decisions.csv?agent=1010&result=dial');
  const expected = all.filter((row) => row.agent === '1010' && row.result === 'dial').length;
  t.equal(filtered.body.trim().split('\r\n').length - 1, expected);
  t.ok(filtered.body.trim().split('\r\n').slice(1).every((line) => /^\d+,[^,]+,1010,[^,]*,dial,/.test(line)));
});

t.test('the page escapes logged values', async (t) => {
  const page = await get('/decisions?agent=1009&result=reject');
  t.match(page.body, /=HYPERLINK\(&quot;x&quot;\)/);
  t.notMatch(page.body, /HYPERLINK\("x"\)/);
});
