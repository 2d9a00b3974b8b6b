import type { HourBar } from '../../../domain/reports/calls.js';

export interface ChartSegment {
  readonly kind: 'answered' | 'abandoned' | 'unanswered';
  readonly y: number;
  readonly height: number;
  readonly count: number;
}

export interface ChartBar {
  readonly hour: number;
  readonly x: number;
  readonly width: number;
  readonly calls: number;
  /** Bottom to top: answered, abandoned, no answer; segments of zero calls left out. */
  readonly segments: readonly ChartSegment[];
  /** `09:00 — 12 calls, 10 answered, 1 abandoned, 1 no answer` (the bar's SVG title). */
  readonly title: string;
}

export interface HourlyChart {
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  /** The y axis: the largest bar rounded up to a nice step, with 0–4 ticks between. */
  readonly ticks: readonly { readonly value: number; readonly y: number }[];
  readonly bars: readonly ChartBar[];
  readonly empty: boolean;
}

const WIDTH = 720;
const HEIGHT = 240;
const PLOT = { left: 40, top: 12, right: WIDTH - 8, bottom: HEIGHT - 28 };

/** A step of 1, 2 or 5 × 10ⁿ giving at most 4 steps up to `max`. */
function niceStep(max: number): number {
  if (max <= 4) return 1;
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((factor) => factor * power).find((step) => step >= raw) ?? 10 * power;
}

/**
 * The geometry of the hourly chart (stacked bars, one per hour of the day). The template
 * draws it as inline SVG with escaped attributes; no script, no chart library.
 */
export function hourlyChart(hours: readonly HourBar[]): HourlyChart {
  const max = Math.max(0, ...hours.map((bar) => bar.calls));
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const plotHeight = PLOT.bottom - PLOT.top;
  const scale = (value: number) => (value / top) * plotHeight;
  const slot = (PLOT.right - PLOT.left) / 24;
  const ticks = [];
  for (let value = 0; value <= top; value += step) ticks.push({ value, y: round(PLOT.bottom - scale(value)) });
  const bars = hours.map((bar) => {
    let base = PLOT.bottom;
    const segments: ChartSegment[] = [];
    for (const [kind, count] of [
      ['answered', bar.answered],
      ['abandoned', bar.abandoned],
      ['unanswered', bar.unanswered],
    ] as const) {
      if (count === 0) continue;
      const height = scale(count);
      base -= height;
      segments.push({ kind, y: round(base), height: round(height), count });
    }
    const label = `${String(bar.hour).padStart(2, '0')}:00`;
    return {
      hour: bar.hour,
      x: round(PLOT.left + bar.hour * slot + slot * 0.15),
      width: round(slot * 0.7),
      calls: bar.calls,
      segments,
      title: `${label} — ${bar.calls} calls, ${bar.answered} answered, ${bar.abandoned} abandoned, ${bar.unanswered} no answer`,
    };
  });
  return { width: WIDTH, height: HEIGHT, plot: PLOT, ticks, bars, empty: max === 0 };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
