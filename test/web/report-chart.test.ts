import t from 'tap';
import type { HourBar } from '../../src/domain/reports/calls.js';
import { hourlyChart } from '../../src/web/routes/reports/chart.js';

const hours = (counts: Record<number, Partial<HourBar>>): HourBar[] =>
  Array.from({ length: 24 }, (_, hour) => {
    const bar = counts[hour] ?? {};
    const answered = bar.answered ?? 0;
    const abandoned = bar.abandoned ?? 0;
    const unanswered = bar.unanswered ?? 0;
    return { hour, answered, abandoned, unanswered, calls: answered + abandoned + unanswered };
  });

t.test('the y axis: the largest bar rounded up to a 1, 2 or 5 step', async (t) => {
  const cases: [number, number[]][] = [
    [0, [0, 1]],
    [1, [0, 1]],
    [3, [0, 1, 2, 3]],
    [4, [0, 1, 2, 3, 4]],
    [5, [0, 2, 4, 6]],
    [9, [0, 5, 10]],
    [37, [0, 10, 20, 30, 40]],
    [1234, [0, 500, 1000, 1500]],
  ];
  for (const [max, ticks] of cases) t.same(hourlyChart(hours({ 7: { answered: max } })).ticks.map((tick) => tick.value), ticks, `max ${max}`);
});

t.test('bars: 24 slots left to right, stacked answered, abandoned, no answer from the bottom', async (t) => {
  const chart = hourlyChart(hours({ 0: { answered: 2 }, 13: { answered: 1, abandoned: 1, unanswered: 2 }, 23: { unanswered: 4 } }));
  t.equal(chart.bars.length, 24);
  t.ok(chart.bars.every((bar, index) => index === 0 || bar.x > chart.bars[index - 1]!.x), 'left to right');
  t.ok(chart.bars.at(-1)!.x + chart.bars.at(-1)!.width <= chart.plot.right, 'the last bar inside the plot');
  const thirteen = chart.bars[13]!;
  t.same(thirteen.segments.map((segment) => segment.kind), ['answered', 'abandoned', 'unanswered']);
  const [a, b, c] = thirteen.segments;
  t.equal(a!.y + a!.height, chart.plot.bottom, 'answered sits on the axis');
  t.equal(Math.round((b!.y + b!.height) * 10) / 10, a!.y, 'abandoned on top of it');
  t.equal(Math.round((c!.y + c!.height) * 10) / 10, b!.y, 'no answer on top');
  t.equal(c!.y, chart.plot.top, 'the tallest bar (4) reaches the top of a 0–4 axis');
  t.same(chart.bars[5]!.segments, [], 'an empty hour draws nothing');
  t.equal(thirteen.title, '13:00 — 4 calls, 1 answered, 1 abandoned, 2 no answer');
  t.equal(chart.empty, false);
  t.equal(hourlyChart(hours({})).empty, true);
});
