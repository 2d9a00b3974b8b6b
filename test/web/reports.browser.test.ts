import t from 'tap';
import { callRecordRow } from '../support/call-records.js';
import { accessibilityProblems, chromiumMissing, openDashboardPage, signIn, focusAfterSettle } from '../support/browser.js';
import { ADMIN_PASSWORD, buildTestWebApp, seedDashboard } from '../support/web.js';

// Reports in a real browser: the range changed in the form swaps the report (htmx), the
// chart is the server's SVG, the CSV link downloads exactly the numbers shown, and a bad
// range is named at its field.
const missing = chromiumMissing();
if (missing) {
  t.plan(0, `browser tests skipped: ${missing}`);
} else {
  const web = await buildTestWebApp(t);
  await seedDashboard(web);
  const at = (day: number, hour: number) => new Date(Date.UTC(2026, 10, day, hour, 15));
  // The 20th: 3 sales calls (2 answered). The 21st: 4 support calls (1 answered, 1 abandoned, 2 no answer), and 1009 outbound.
  await web.db.prisma.callRecord.createMany({
    data: [
      callRecordRow({ startedAt: at(20, 9), direction: 'inbound', queue: 'sales', agent: '1009', waitSeconds: 4, talkSeconds: 40 }),
      callRecordRow({ startedAt: at(20, 9), direction: 'inbound', queue: 'sales', agent: '1010', waitSeconds: 8, talkSeconds: 20 }),
      callRecordRow({ startedAt: at(20, 11), direction: 'inbound', queue: 'sales', outcome: 'no_answer', abandoned: true, waitSeconds: 30 }),
      callRecordRow({ startedAt: at(21, 14), direction: 'inbound', queue: 'support', agent: '1010', waitSeconds: 10, talkSeconds: 90 }),
      callRecordRow({ startedAt: at(21, 14), direction: 'inbound', queue: 'support', outcome: 'no_answer', abandoned: true, waitSeconds: 50 }),
      callRecordRow({ startedAt: at(21, 15), direction: 'inbound', queue: 'support', outcome: 'no_answer', waitSeconds: 60 }),
      callRecordRow({ startedAt: at(21, 15), direction: 'inbound', queue: 'support', outcome: 'no_answer', waitSeconds: 60 }),
      callRecordRow({ startedAt: at(21, 16), direction: 'outbound', agent: '1009', talkSeconds: 12 }),
    ],
  });
  const { page, base, problems, shot } = await openDashboardPage(t, web.app);
  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
  const totalRow = () => page.locator('#reports-total tbody tr').first().locator('td').allTextContents();
  const queueNames = () => page.locator('#reports-queues tbody th').allTextContents();
  const barsWithCalls = () =>
    page.locator('#reports-chart g.chart-bar').evaluateAll((bars) => bars.filter((bar) => bar.getAttribute('data-calls') !== '0').map((bar) => [bar.getAttribute('data-hour'), bar.getAttribute('data-calls')]));

  t.test('sign in, open Reports from the navigation', async (t) => {
    await page.goto(`${base}/dids`);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${base}/dids`);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL(`${base}/reports`);
    t.equal(await page.locator('h1').textContent(), 'Reports');
    t.equal(await page.locator('#reports-chart').count(), 1, 'today has a chart, empty or not');
  });

  t.test('changing the range swaps in that range\'s report and chart', async (t) => {
    await page.getByLabel('From (UTC day)').fill('2026-11-20');
    await page.getByLabel('To (UTC day, inclusive)').fill('2026-11-20');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/from=2026-11-20&to=2026-11-20/);
    await page.locator('#reports-queues tbody tr').first().waitFor();
    t.same(await queueNames(), ['sales']);
    t.same(await totalRow(), ['3', '2', '1', '0', '14', '30', '66.7 %', '66.7 %']);
    t.same(await barsWithCalls(), [['9', '2'], ['11', '1']]);
    t.equal(await focusedId(), 'reports-show', 'focus stays on Show');

    await page.getByLabel('To (UTC day, inclusive)').fill('2026-11-21');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/from=2026-11-20&to=2026-11-21/);
    await page.waitForFunction(() => document.querySelectorAll('#reports-queues tbody tr').length === 2);
    t.same(await queueNames(), ['sales', 'support']);
    t.same(await totalRow(), ['8', '4', '2', '2', '32', '41', '50 %', '42.9 %']);
    t.same(await barsWithCalls(), [['9', '2'], ['11', '1'], ['14', '2'], ['15', '2'], ['16', '1']]);
    const heights = await page.locator('#reports-chart g.chart-bar[data-hour="9"] rect').evaluateAll((rects) => rects.map((rect) => rect.getBoundingClientRect().height));
    const single = await page.locator('#reports-chart g.chart-bar[data-hour="16"] rect').evaluateAll((rects) => rects.map((rect) => rect.getBoundingClientRect().height));
    t.ok(heights.length === 1 && single.length === 1 && Math.abs(heights[0]! - 2 * single[0]!) < 1, 'two answered calls draw twice as high as one');
    await shot('reports');
    t.same(await accessibilityProblems(page), [], 'no serious accessibility problem');
  });

  t.test('Download CSV holds the numbers on the screen', async (t) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#reports-export').click()]);
    t.equal(download.suggestedFilename(), 'mayday-report-2026-11-20-to-2026-11-21.csv');
    const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
    const lines = csv.trim().split('\r\n');
    t.equal(lines[0], 'section,name,calls,answered,abandoned,no_answer,avg_wait_s,avg_talk_s,answer_rate_pct,service_level_20s_pct');
    const shownTotal = await totalRow();
    t.equal(lines.find((line) => line.startsWith('total,')), `total,Total,${shownTotal.map((cell) => cell.replace(' %', '')).join(',')}`);
    const queues = lines.filter((line) => line.startsWith('queue,')).map((line) => line.split(',')[1]);
    t.same(queues, await queueNames());
    t.same(lines.filter((line) => line.startsWith('agent,')), ['agent,1009,2,2,0,0,4,26,100,100', 'agent,1010,2,2,0,0,9,55,100,100']);
    t.equal(lines.filter((line) => line.startsWith('hour,')).length, 24);
  });

  t.test('a reversed range: the error at To, which gets the focus; no report, no CSV', async (t) => {
    await page.getByLabel('From (UTC day)').fill('2026-11-22');
    await page.getByLabel('To (UTC day, inclusive)').fill('2026-11-21');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('#reports-to-error').waitFor();
    t.equal(await page.locator('#reports-to-error').textContent(), 'To (UTC day, inclusive) must be on or after From');
    t.equal(await focusAfterSettle(page, 'reports-to'), 'reports-to');
    t.equal(await page.locator('#reports-export').count(), 0);
    t.equal(await page.locator('#reports-chart').count(), 0);
  });

  t.test('Call history lists the same calls, each with its decision line beneath, filtered by queue', async (t) => {
    await page.getByRole('link', { name: 'Call history' }).click();
    await page.waitForURL(`${base}/calls`);
    t.equal(await page.locator('#calls-table tr.call-row').count(), 8);
    t.equal(await page.locator('#calls-table tr.call-decision').count(), 8);
    await page.getByLabel('Queue').fill('support');
    await page.getByLabel('Outcome').selectOption('abandoned');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/queue=support&outcome=abandoned/);
    await page.waitForFunction(() => document.querySelectorAll('#calls-table tr.call-row').length === 1);
    t.match(await page.locator('#calls-table tr.call-decision').textContent(), /No routing decision recorded/);
    await shot('calls-records');
  });

  t.test('no console error', async (t) => {
    t.same(problems.filter((text) => !/^Failed to load resource: the server responded with a status of 422/.test(text)), []);
  });
}
