import t from 'tap';
import {
  buildReport,
  groupRecords,
  MAX_REPORT_DAYS,
  readReportRange,
  tallyOf,
  type ReportRecord,
} from '../../../src/domain/reports/calls.js';
import { csvCell, reportCsv } from '../../../src/domain/reports/csv.js';

const day = (hour: number, minute = 0) => new Date(Date.UTC(2026, 10, 20, hour, minute));
const rec = (fields: Partial<ReportRecord>): ReportRecord => ({
  startedAt: day(9),
  outcome: 'answered',
  abandoned: false,
  agent: null,
  queue: null,
  talkSeconds: 0,
  waitSeconds: null,
  ...fields,
});

t.test('one call as a tally', async (t) => {
  const cases: [string, ReportRecord, Record<string, number>][] = [
    ['answered: talk counted', rec({ talkSeconds: 30 }), { calls: 1, answered: 1, abandoned: 0, unanswered: 0, talkSeconds: 30, waitCount: 0 }],
    ['answered queue call: wait counted', rec({ queue: 'sales', waitSeconds: 7, talkSeconds: 5 }), { answered: 1, waitSeconds: 7, waitCount: 1 }],
    ['abandoned', rec({ outcome: 'no_answer', abandoned: true, waitSeconds: 12 }), { answered: 0, abandoned: 1, unanswered: 0, waitSeconds: 12, waitCount: 1 }],
    ['no answer', rec({ outcome: 'no_answer' }), { answered: 0, abandoned: 0, unanswered: 1 }],
    ['busy is unanswered', rec({ outcome: 'busy' }), { unanswered: 1 }],
    ['failed is unanswered, its talk ignored', rec({ outcome: 'failed', talkSeconds: 9 }), { unanswered: 1, talkSeconds: 0 }],
    ['a zero wait is a wait', rec({ waitSeconds: 0 }), { waitCount: 1, waitSeconds: 0, answeredWithin: 1 }],
    ['answered at the threshold: within', rec({ waitSeconds: 20 }), { answeredWithin: 1 }],
    ['answered a second late: not within', rec({ waitSeconds: 21 }), { answeredWithin: 0, waitCount: 1 }],
    ['answered without a queue: no service level', rec({ waitSeconds: null }), { answeredWithin: 0, waitCount: 0 }],
    ['abandoned at once: not within', rec({ outcome: 'no_answer', abandoned: true, waitSeconds: 1 }), { answeredWithin: 0, waitCount: 1 }],
  ];
  for (const [name, record, expected] of cases) t.match(tallyOf(record, 20), expected, name);
});

const range = { from: day(0), to: new Date(Date.UTC(2026, 10, 21)), withinSeconds: 20 };

t.test('the report: per queue, per agent, the total and the hours', async (t) => {
  const records = [
    rec({ queue: 'sales', agent: '1009', waitSeconds: 10, talkSeconds: 60, startedAt: day(9, 5) }),
    rec({ queue: 'sales', agent: '1010', waitSeconds: 20, talkSeconds: 31, startedAt: day(9, 50) }),
    rec({ queue: 'sales', outcome: 'no_answer', abandoned: true, waitSeconds: 45, startedAt: day(10) }),
    rec({ queue: 'support', outcome: 'no_answer', waitSeconds: 60, startedAt: day(23, 59) }),
    rec({ agent: '1009', outcome: 'busy', startedAt: day(0) }),
    rec({ agent: '1009', talkSeconds: 100, startedAt: day(9, 1) }),
  ];
  const report = buildReport(groupRecords(records, 15), { ...range, withinSeconds: 15 });
  t.equal(report.withinSeconds, 15);
  t.same(
    report.queues.map((row) => [row.name, row.calls, row.answered, row.abandoned, row.unanswered, row.averageWaitSeconds, row.averageTalkSeconds, row.answerRate, row.serviceLevel]),
    [
      ['sales', 3, 2, 1, 0, 25, 46, 2 / 3, 1 / 3],
      ['support', 1, 0, 0, 1, 60, null, 0, 0],
    ],
  );
  t.same(
    report.agents.map((row) => [row.name, row.calls, row.answered, row.unanswered, row.averageWaitSeconds, row.averageTalkSeconds, row.answerRate]),
    [
      ['1009', 3, 2, 1, 10, 80, 2 / 3],
      ['1010', 1, 1, 0, 20, 31, 1],
    ],
  );
  t.match(report.total, { name: 'Total', calls: 6, answered: 3, abandoned: 1, unanswered: 2, averageWaitSeconds: 34, averageTalkSeconds: 64, serviceLevel: 1 / 4 });
  t.equal(report.agents[0]!.serviceLevel, 1, '1009 answered its one queue call within 15 s');
  t.equal(report.hours.length, 24);
  t.same(
    report.hours.filter((bar) => bar.calls > 0).map((bar) => [bar.hour, bar.calls, bar.answered, bar.abandoned, bar.unanswered]),
    [
      [0, 1, 0, 0, 1],
      [9, 3, 3, 0, 0],
      [10, 1, 0, 1, 0],
      [23, 1, 0, 0, 1],
    ],
  );
});

t.test('groups from SQL and the per-row path give the same report', async (t) => {
  const groups = [
    { hour: 9, queue: 'sales', agent: '1009', calls: 2, answered: 1, abandoned: 1, unanswered: 0, waitSeconds: 30, waitCount: 2, talkSeconds: 40, answeredWithin: 1 },
    { hour: 14, queue: 'sales', agent: '1009', calls: 1, answered: 1, abandoned: 0, unanswered: 0, waitSeconds: 4, waitCount: 1, talkSeconds: 20, answeredWithin: 1 },
  ];
  const records = [
    rec({ queue: 'sales', agent: '1009', waitSeconds: 10, talkSeconds: 40, startedAt: day(9) }),
    rec({ queue: 'sales', agent: '1009', waitSeconds: 20, outcome: 'no_answer', abandoned: true, startedAt: day(9, 30) }),
    rec({ queue: 'sales', agent: '1009', waitSeconds: 4, talkSeconds: 20, startedAt: day(14) }),
  ];
  t.same(buildReport(groups, range), buildReport(groupRecords(records, 20), range));
});

t.test('an empty range: no rows, a zero total with no averages, 24 empty hours', async (t) => {
  const report = buildReport([], range);
  t.same(report.queues, []);
  t.same(report.agents, []);
  t.match(report.total, { calls: 0, averageWaitSeconds: null, averageTalkSeconds: null, answerRate: null, serviceLevel: null });
  t.ok(report.hours.every((bar) => bar.calls === 0));
});

t.test('rows ordered by name, byte order', async (t) => {
  const report = buildReport(groupRecords(['b', 'B', 'a', '10', '9'].map((queue) => rec({ queue })), 20), range);
  t.same(report.queues.map((row) => row.name), ['10', '9', 'B', 'a', 'b']);
});

t.test('the range of days', async (t) => {
  const now = new Date(Date.UTC(2026, 10, 20, 15, 30));
  const cases: [string, string, string, Record<string, unknown>][] = [
    ['empty: today', '', '', { kind: 'range', from: day(0), to: new Date(Date.UTC(2026, 10, 21)), fromDay: '2026-11-20', toDay: '2026-11-20', withinSeconds: 20 }],
    ['one day', '2026-11-01', '2026-11-01', { kind: 'range', from: new Date(Date.UTC(2026, 10, 1)), to: new Date(Date.UTC(2026, 10, 2)) }],
    ['From only: that day', '2026-11-01', '', { kind: 'range', toDay: '2026-11-01' }],
    ['a week, To inclusive', '2026-11-01', '2026-11-07', { kind: 'range', to: new Date(Date.UTC(2026, 10, 8)) }],
    ['To before From', '2026-11-07', '2026-11-01', { kind: 'invalid', errors: { from: [], to: ['must be on or after From'] } }],
    ['not a date', 'yesterday', '2026-11-01', { kind: 'invalid', errors: { from: ['must be a date (YYYY-MM-DD)'], to: [], within: [] } }],
    ['a day that does not exist', '2026-02-30', '', { kind: 'invalid', errors: { from: ['must be a date (YYYY-MM-DD)'] } }],
    ['a time is not a day', '2026-11-01T10:00', '2026-11-02', { kind: 'invalid' }],
    ['the longest range', '2026-01-01', '2026-04-02', { kind: 'range' }],
    ['one day too long', '2026-01-01', '2026-04-03', { kind: 'invalid', errors: { to: [`must be at most ${MAX_REPORT_DAYS} days after From`] } }],
  ];
  for (const [name, from, to, expected] of cases) t.match(readReportRange(from, to, now), expected, name);
  const thresholds: [string, Record<string, unknown>][] = [
    ['30', { kind: 'range', withinSeconds: 30 }],
    [' 1 ', { kind: 'range', withinSeconds: 1 }],
    ['3600', { kind: 'range', withinSeconds: 3600 }],
    ['0', { kind: 'invalid', errors: { within: ['must be whole seconds from 1 to 3600'] } }],
    ['3601', { kind: 'invalid' }],
    ['2.5', { kind: 'invalid' }],
    ['-5', { kind: 'invalid' }],
    ['twenty', { kind: 'invalid', errors: { from: [], to: [] } }],
  ];
  for (const [within, expected] of thresholds) t.match(readReportRange('2026-11-01', '2026-11-01', now, within), expected, `within ${JSON.stringify(within)}`);
});

t.test('CSV cells', async (t) => {
  const cases: [string | number | null, string][] = [
    ['sales', 'sales'],
    [12, '12'],
    [66.7, '66.7'],
    [null, ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded', '" padded"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    [Number.NaN, ''],
  ];
  for (const [value, expected] of cases) t.equal(csvCell(value), expected, JSON.stringify(value));
});

t.test('the report CSV: header, queues, agents, total, 24 hours, CRLF', async (t) => {
  const report = buildReport(groupRecords([rec({ queue: '=evil', agent: '1009', waitSeconds: 3, talkSeconds: 10 }), rec({ queue: '=evil', outcome: 'busy' })], 20), range);
  const lines = reportCsv(report).split('\r\n');
  t.equal(lines[0], 'section,name,calls,answered,abandoned,no_answer,avg_wait_s,avg_talk_s,answer_rate_pct,service_level_20s_pct');
  t.equal(lines[1], "queue,'=evil,2,1,0,1,3,10,50,100");
  t.equal(lines[2], 'agent,1009,1,1,0,0,3,10,100,100');
  t.equal(lines[3], 'total,Total,2,1,0,1,3,10,50,100');
  t.equal(lines[4], 'hour,00:00,0,0,0,0,,,,');
  t.equal(lines[13], 'hour,09:00,2,1,0,1,,,,');
  t.equal(lines.length, 4 + 24 + 1);
  t.equal(lines.at(-1), '', 'ends with a line break');
});
