// The calls report as CSV (RFC 4180, CRLF): exactly the numbers the page shows.

import type { CallsReport, ReportRow } from './calls.js';

/**
 * One CSV cell: a text a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
 * `@`, a tab or a carriage return) gets a leading apostrophe; a cell holding a comma, a
 * quote, a line break or edge spaces is quoted, with its quotes doubled. Numbers are
 * written as they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header: the service-level column names its threshold (`service_level_20s_pct`). */
export function reportCsvColumns(withinSeconds: number): string[] {
  return ['section', 'name', 'calls', 'answered', 'abandoned', 'no_answer', 'avg_wait_s', 'avg_talk_s', 'answer_rate_pct', `service_level_${withinSeconds}s_pct`];
}

/** The answer rate as the page shows it: a percentage with one decimal, or null. */
export function percent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

function line(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function rowLine(section: string, row: ReportRow): string {
  return line([section, row.name, row.calls, row.answered, row.abandoned, row.unanswered, row.averageWaitSeconds, row.averageTalkSeconds, percent(row.answerRate), percent(row.serviceLevel)]);
}

/** Header, queue rows, agent rows, the total, then the 24 hours (calls, answered, abandoned, no answer). */
export function reportCsv(report: CallsReport): string {
  return [
    line(reportCsvColumns(report.withinSeconds)),
    ...report.queues.map((row) => rowLine('queue', row)),
    ...report.agents.map((row) => rowLine('agent', row)),
    rowLine('total', report.total),
    ...report.hours.map((bar) => line(['hour', `${String(bar.hour).padStart(2, '0')}:00`, bar.calls, bar.answered, bar.abandoned, bar.unanswered, null, null, null, null])),
  ].join('');
}
