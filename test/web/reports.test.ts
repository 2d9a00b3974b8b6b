import t from 'tap';
import { buildReport, groupRecords } from '../../src/domain/reports/calls.js';
import { reportCsv } from '../../src/domain/reports/csv.js';
import { callRecordRow, type CallRecordRow } from '../support/call-records.js';
import { buildTestWebApp, seedRouting, type TestSession } from '../support/web.js';

const web = await buildTestWebApp(t);
await seedRouting(web.db.prisma);
await web.createUser('manager1', 'manager');
await web.createUser('agent1009', 'agent', '1009');
const admin: TestSession = await web.login('admin');

const at = (day: number, hour: number, minute = 0, ms = 0) => new Date(Date.UTC(2026, 10, day, hour, minute, 0, ms));

// Two days of calls (20th and 21st of November), plus one just before and one just after.
const inRange: CallRecordRow[] = [
  // sales: 2 answered (wait 10 and 20, talk 60 and 31), 1 abandoned (wait 45)
  callRecordRow({ startedAt: at(20, 9, 5), direction: 'inbound', queue: 'sales', agent: '1009', answeredBy: 'Agent 1009', waitSeconds: 10, talkSeconds: 60 }),
  callRecordRow({ startedAt: at(21, 9, 50), direction: 'inbound', queue: 'sales', agent: '1010', answeredBy: 'Agent 1010', waitSeconds: 20, talkSeconds: 31 }),
  callRecordRow({ startedAt: at(21, 10), direction: 'inbound', queue: 'sales', outcome: 'no_answer', abandoned: true, waitSeconds: 45 }),
  // support: 1 not answered (wait 60), at the last minute of the range; its (odd) talk seconds must not count
  callRecordRow({ startedAt: at(21, 23, 59), direction: 'inbound', queue: 'support', outcome: 'no_answer', waitSeconds: 60, talkSeconds: 9 }),
  // outbound, no queue: 1009 busy, 1009 answered with talk 100
  callRecordRow({ startedAt: at(20, 0), direction: 'outbound', agent: '1009', outcome: 'busy' }),
  callRecordRow({ startedAt: at(20, 9, 1), direction: 'outbound', agent: '1009', talkSeconds: 100 }),
  // a queue name a spreadsheet would run, and one with markup
  callRecordRow({ startedAt: at(20, 14), direction: 'inbound', queue: '=HYPERLINK("x")', outcome: 'failed' }),
  callRecordRow({ startedAt: at(20, 14, 30), direction: 'inbound', queue: '<b>vip</b>', agent: '1011', talkSeconds: 12 }),
];
const outside = [
  callRecordRow({ startedAt: at(19, 23, 59, 999), queue: 'sales', agent: '1009', talkSeconds: 5 }),
  callRecordRow({ startedAt: at(22, 0), queue: 'sales', agent: '1009', talkSeconds: 5 }),
];
await web.db.prisma.callRecord.createMany({ data: [...inRange, ...outside] });

const RANGE = '/reports?from=2026-11-20&to=2026-11-21';
const range = { from: at(20, 0), to: at(22, 0), withinSeconds: 20 };

/** The report's table `id` as [name, calls, answered, abandoned, no answer, avg wait, avg talk, rate, service level] rows. */
function tableRows(body: string, id: string): string[][] {
  const section = new RegExp(`id="${id}"[\\s\\S]*?</table>`).exec(body)?.[0] ?? '';
  return [...section.matchAll(/<tr><th scope="row"[^>]*>([^<]*)<\/th>((?:<td class="num">[^<]*<\/td>)+)<\/tr>/g)].map((match) => [
    match[1]!,
    ...[...match[2]!.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((cell) => cell[1]!),
  ]);
}

t.test('one URL: the full page, or only the range form and report for htmx, with Vary: HX-Request', async (t) => {
  const page = await admin.get(RANGE);
  t.equal(page.statusCode, 200);
  t.match(page.body, /^<!doctype html>/);
  t.match(page.body, /<h1>Reports<\/h1>/);
  t.match(page.body, /href="\/reports" aria-current="page">Reports</, 'in the navigation, marked current');
  t.match(page.headers.vary, /HX-Request/);
  const partial = await admin.get(RANGE, { htmx: true });
  t.match(partial.body.trimStart(), /^<div id="reports">/);
  t.notMatch(partial.body, /<html/);
});

t.test('per queue and per agent totals of the range only', async (t) => {
  const body = (await admin.get(RANGE)).body;
  t.same(tableRows(body, 'reports-queues'), [
    ['&lt;b&gt;vip&lt;/b&gt;', '1', '1', '0', '0', '—', '12', '100 %', '—'],
    ['=HYPERLINK(&quot;x&quot;)', '1', '0', '0', '1', '—', '—', '0 %', '—'],
    ['sales', '3', '2', '1', '0', '25', '46', '66.7 %', '66.7 %'],
    ['support', '1', '0', '0', '1', '60', '—', '0 %', '0 %'],
  ]);
  t.same(tableRows(body, 'reports-agents'), [
    ['1009', '3', '2', '0', '1', '10', '80', '66.7 %', '100 %'],
    ['1010', '1', '1', '0', '0', '20', '31', '100 %', '100 %'],
    ['1011', '1', '1', '0', '0', '—', '12', '100 %', '—'],
  ]);
  t.same(tableRows(body, 'reports-total'), [['Total', '8', '4', '1', '3', '34', '51', '50 %', '50 %']]);
  t.match(body, /Service level \(≤ 20 s\)/, 'the default threshold, named in the column');
  const hours = tableRows(body, 'reports-hours').filter((row) => row[1] !== '0');
  t.same(hours, [
    ['00:00', '1', '0', '0', '1'],
    ['09:00', '3', '3', '0', '0'],
    ['10:00', '1', '0', '1', '0'],
    ['14:00', '2', '1', '0', '1'],
    ['23:00', '1', '0', '0', '1'],
  ]);
  t.notMatch(body, /<b>vip<\/b>/, 'names are escaped');
});

t.test('one day: the 21st alone', async (t) => {
  const body = (await admin.get('/reports?from=2026-11-21&to=2026-11-21')).body;
  t.same(tableRows(body, 'reports-total'), [['Total', '3', '1', '1', '1', '42', '31', '33.3 %', '33.3 %']]);
});

t.test('a service-level threshold of 15 s: the 20 s answer no longer counts', async (t) => {
  const body = (await admin.get(`${RANGE}&within=15`)).body;
  t.same(tableRows(body, 'reports-queues').find((row) => row[0] === 'sales'), ['sales', '3', '2', '1', '0', '25', '46', '66.7 %', '33.3 %']);
  t.same(tableRows(body, 'reports-total'), [['Total', '8', '4', '1', '3', '34', '51', '50 %', '25 %']]);
  t.match(body, /id="reports-export" href="\/reports.csv\?from=2026-11-20&amp;to=2026-11-21&amp;within=15"/);
  t.match((await admin.get('/reports.csv?from=2026-11-20&to=2026-11-21&within=15')).body, /^section,.*,service_level_15s_pct\r\n/);
});

t.test('the hourly chart is inline SVG drawn by the server: one bar per hour, heights by calls', async (t) => {
  const body = (await admin.get(RANGE)).body;
  t.match(body, /<svg id="reports-chart" class="chart" viewBox="0 0 720 240" role="img"/);
  const bars = [...body.matchAll(/<g class="chart-bar" data-hour="(\d+)" data-calls="(\d+)">/g)].map((match) => [Number(match[1]), Number(match[2])]);
  t.equal(bars.length, 24);
  t.same(bars.filter((bar) => bar[1]! > 0), [[0, 1], [9, 3], [10, 1], [14, 2], [23, 1]]);
  const heights = (hour: number) =>
    [...(new RegExp(`data-hour="${hour}"[\\s\\S]*?</g>`).exec(body)?.[0] ?? '').matchAll(/<rect class="chart-(\w+)"[^>]* height="([\d.]+)"/g)].map((match) => [
      match[1],
      Number(match[2]),
    ]);
  const nine = heights(9);
  t.same(nine.map(([kind]) => kind), ['answered'], '09:00: only answered calls');
  t.same(heights(14).map(([kind]) => kind), ['answered', 'unanswered']);
  t.ok(Number(nine[0]![1]) > Number(heights(14)[0]![1]) * 2.9, 'three answered calls stand three times as high as one');
  t.notMatch(body, /<script(?! src)/, 'no chart script');
});

t.test('the CSV: the same numbers, escaped, formulas defused, as an attachment', async (t) => {
  const page = await admin.get(RANGE, { htmx: true });
  const href = /id="reports-export" href="([^"]+)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');
  t.equal(href, '/reports.csv?from=2026-11-20&to=2026-11-21&within=20');
  const csv = await admin.get(href!);
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/);
  t.equal(csv.headers['content-disposition'], 'attachment; filename="mayday-report-2026-11-20-to-2026-11-21.csv"');
  const lines = csv.body.split('\r\n');
  t.equal(lines[0], 'section,name,calls,answered,abandoned,no_answer,avg_wait_s,avg_talk_s,answer_rate_pct,service_level_20s_pct');
  t.ok(lines.includes(`queue,"'=HYPERLINK(""x"")",1,0,0,1,,,0,`), 'the formula queue is quoted and defused');
  t.ok(lines.includes('queue,sales,3,2,1,0,25,46,66.7,66.7'));
  t.ok(lines.includes('agent,1009,3,2,0,1,10,80,66.7,100'));
  t.ok(lines.includes('total,Total,8,4,1,3,34,51,50,50'));
  t.ok(lines.includes('hour,09:00,3,3,0,0,,,,'));
  // The SQL GROUP BY path gives what the per-row path gives over the same records.
  t.equal(csv.body, reportCsv(buildReport(groupRecords(inRange.map((row) => ({ ...row, startedAt: row.startedAt as Date, agent: row.agent ?? null, queue: row.queue ?? null, waitSeconds: row.waitSeconds ?? null, abandoned: row.abandoned })), 20), range)));
});

t.test('a bad range is named at its field with 422, never a 500, and offers no CSV', async (t) => {
  const reversed = await admin.get('/reports?from=2026-11-21&to=2026-11-20');
  t.equal(reversed.statusCode, 422);
  t.match(reversed.body, /<p class="field-error" id="reports-to-error">To \(UTC day, inclusive\) must be on or after From<\/p>/);
  t.match(reversed.body, /id="reports-to"[^>]*aria-invalid="true"/);
  t.notMatch(reversed.body, /reports-export/);
  t.notMatch(reversed.body, /reports-chart/);
  const garbage = await admin.get('/reports?from=yesterday&to=2026-02-30', { htmx: true });
  t.equal(garbage.statusCode, 422);
  t.match(garbage.body, /From \(UTC day\) must be a date \(YYYY-MM-DD\)/);
  t.match(garbage.body, /To \(UTC day, inclusive\) must be a date \(YYYY-MM-DD\)/);
  const long = await admin.get('/reports?from=2026-01-01&to=2026-12-31');
  t.equal(long.statusCode, 422);
  t.match(long.body, /must be at most 92 days after From/);
  const within = await admin.get(`${RANGE}&within=0`);
  t.equal(within.statusCode, 422);
  t.match(within.body, /<p class="field-error" id="reports-within-error">Service level within \(s\) must be whole seconds from 1 to 3600<\/p>/);
  const csv = await admin.get('/reports.csv?from=2026-11-21&to=2026-11-20');
  t.equal(csv.statusCode, 422);
  t.equal(csv.body, 'to must be on or after From');
  const tooLong = await admin.get(`/reports?from=${'9'.repeat(40)}`);
  t.equal(tooLong.statusCode, 400, 'an over-long value is refused by the schema');
});

t.test('no range: today (UTC)', async (t) => {
  const before = new Date().toISOString().slice(0, 10);
  const page = await admin.get('/reports');
  const after = new Date().toISOString().slice(0, 10);
  t.equal(page.statusCode, 200);
  // Either day, should the request cross midnight.
  const today = `(?:${before}|${after})`;
  t.match(page.body, new RegExp(`id="reports-from" name="from" value="${today}"`));
  t.match(page.body, new RegExp(`id="reports-to" name="to" value="${today}"`));
});

t.test('admins and managers only; signed out goes to the login page', async (t) => {
  const manager = await web.login('manager1');
  t.equal((await manager.get(RANGE)).statusCode, 200);
  t.equal((await manager.get('/reports.csv?from=2026-11-20')).statusCode, 200);
  const agent = await web.login('agent1009');
  t.equal((await agent.get(RANGE)).statusCode, 403);
  t.equal((await agent.get('/reports.csv')).statusCode, 403);
  t.notMatch((await agent.get('/profile')).body, /href="\/reports"/, 'not in an agent\'s navigation');
  const anonymous = await web.app.inject({ method: 'GET', url: '/reports.csv' });
  t.equal(anonymous.statusCode, 302);
  t.match(anonymous.headers.location, /^\/login\?next=/);
});
