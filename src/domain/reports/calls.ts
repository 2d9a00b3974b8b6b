// The calls report: per queue, per agent and per hour of the day (UTC) over a range of days.
// Pure: the rows come in already read (one per call record, or pre-summed groups from SQL),
// the range comes in as dates. Both ways of counting go through one `Tally`, so the SQL
// GROUP BY path and the per-row path (the benchmark's baseline) cannot disagree.

import type { CallOutcome } from '../calls/records.js';

/** Sums over a set of calls. `waitCount` counts the calls with a queue wait. */
export interface Tally {
  readonly calls: number;
  readonly answered: number;
  /** Queue callers who hung up before an agent answered. */
  readonly abandoned: number;
  /** Not answered and not abandoned: no answer, busy or failed. */
  readonly unanswered: number;
  readonly waitSeconds: number;
  readonly waitCount: number;
  /** Talk of the answered calls. */
  readonly talkSeconds: number;
  /** Queue calls answered after a wait of at most the report's service-level threshold. */
  readonly answeredWithin: number;
}

export const EMPTY_TALLY: Tally = { calls: 0, answered: 0, abandoned: 0, unanswered: 0, waitSeconds: 0, waitCount: 0, talkSeconds: 0, answeredWithin: 0 };

/** The service-level threshold when none is asked for: answered within 20 seconds of waiting. */
export const DEFAULT_SERVICE_SECONDS = 20;
export const MAX_SERVICE_SECONDS = 3600;

/** One call record as the report reads it. */
export interface ReportRecord {
  readonly startedAt: Date;
  readonly outcome: CallOutcome | string;
  readonly abandoned: boolean;
  readonly agent: string | null;
  readonly queue: string | null;
  readonly talkSeconds: number;
  readonly waitSeconds: number | null;
}

/** A group of calls summed by SQL: the calls of one hour of the day, one queue and one agent. */
export interface ReportGroup extends Tally {
  /** 0–23, UTC. */
  readonly hour: number;
  readonly queue: string | null;
  readonly agent: string | null;
}

export function addTally(a: Tally, b: Tally): Tally {
  return {
    calls: a.calls + b.calls,
    answered: a.answered + b.answered,
    abandoned: a.abandoned + b.abandoned,
    unanswered: a.unanswered + b.unanswered,
    waitSeconds: a.waitSeconds + b.waitSeconds,
    waitCount: a.waitCount + b.waitCount,
    talkSeconds: a.talkSeconds + b.talkSeconds,
    answeredWithin: a.answeredWithin + b.answeredWithin,
  };
}

/** One call as a tally of one; `withinSeconds` is the service-level threshold. */
export function tallyOf(record: ReportRecord, withinSeconds: number): Tally {
  const answered = record.outcome === 'answered';
  return {
    calls: 1,
    answered: answered ? 1 : 0,
    abandoned: !answered && record.abandoned ? 1 : 0,
    unanswered: !answered && !record.abandoned ? 1 : 0,
    waitSeconds: record.waitSeconds ?? 0,
    waitCount: record.waitSeconds === null ? 0 : 1,
    talkSeconds: answered ? record.talkSeconds : 0,
    answeredWithin: answered && record.waitSeconds !== null && record.waitSeconds <= withinSeconds ? 1 : 0,
  };
}

/** The per-row path: every record in JavaScript, grouped as SQL would group them. */
export function groupRecords(records: Iterable<ReportRecord>, withinSeconds: number): ReportGroup[] {
  const groups = new Map<string, ReportGroup>();
  for (const record of records) {
    const hour = record.startedAt.getUTCHours();
    const key = JSON.stringify([hour, record.queue, record.agent]);
    const found = groups.get(key);
    const tally = tallyOf(record, withinSeconds);
    groups.set(key, { hour, queue: record.queue, agent: record.agent, ...(found === undefined ? tally : addTally(found, tally)) });
  }
  return [...groups.values()];
}

/** A row of the report: a queue, an agent, or the total. */
export interface ReportRow extends Tally {
  readonly name: string;
  /** Whole seconds, rounded; null when no call of the row waited (or was answered, for talk). */
  readonly averageWaitSeconds: number | null;
  readonly averageTalkSeconds: number | null;
  /** answered ÷ calls, 0–1; null with no call. */
  readonly answerRate: number | null;
  /** Service level: queue calls answered within the threshold ÷ queue calls (those that waited), 0–1; null with none. */
  readonly serviceLevel: number | null;
}

export interface HourBar {
  readonly hour: number;
  readonly calls: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly unanswered: number;
}

export interface CallsReport {
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
  /** The service-level threshold the groups were summed with. */
  readonly withinSeconds: number;
  readonly queues: readonly ReportRow[];
  readonly agents: readonly ReportRow[];
  readonly total: ReportRow;
  /** 24 bars, hour 0 to 23 (UTC), summed over every day of the range. */
  readonly hours: readonly HourBar[];
}

export function rowOf(name: string, tally: Tally): ReportRow {
  return {
    name,
    ...tally,
    averageWaitSeconds: tally.waitCount === 0 ? null : Math.round(tally.waitSeconds / tally.waitCount),
    averageTalkSeconds: tally.answered === 0 ? null : Math.round(tally.talkSeconds / tally.answered),
    answerRate: tally.calls === 0 ? null : tally.answered / tally.calls,
    serviceLevel: tally.waitCount === 0 ? null : tally.answeredWithin / tally.waitCount,
  };
}

/**
 * The report from groups (either path). Calls without a queue are left out of the queue
 * rows, calls without an agent out of the agent rows; the total holds every call. Rows
 * are ordered by name (byte order, so the screen and the CSV agree everywhere).
 */
export function buildReport(groups: Iterable<ReportGroup>, range: { from: Date; to: Date; withinSeconds: number }): CallsReport {
  const queues = new Map<string, Tally>();
  const agents = new Map<string, Tally>();
  const hours: Tally[] = Array.from({ length: 24 }, () => EMPTY_TALLY);
  let total = EMPTY_TALLY;
  for (const group of groups) {
    const tally: Tally = group;
    if (group.queue !== null) queues.set(group.queue, addTally(queues.get(group.queue) ?? EMPTY_TALLY, tally));
    if (group.agent !== null) agents.set(group.agent, addTally(agents.get(group.agent) ?? EMPTY_TALLY, tally));
    if (Number.isInteger(group.hour) && group.hour >= 0 && group.hour < 24) hours[group.hour] = addTally(hours[group.hour]!, tally);
    total = addTally(total, tally);
  }
  const rows = (map: Map<string, Tally>) =>
    [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, tally]) => rowOf(name, pick(tally)));
  return {
    from: range.from,
    to: range.to,
    withinSeconds: range.withinSeconds,
    queues: rows(queues),
    agents: rows(agents),
    total: rowOf('Total', pick(total)),
    hours: hours.map((tally, hour) => ({ hour, calls: tally.calls, answered: tally.answered, abandoned: tally.abandoned, unanswered: tally.unanswered })),
  };
}

/** Only the tally's own fields (a group also carries hour, queue and agent). */
function pick(tally: Tally): Tally {
  const { calls, answered, abandoned, unanswered, waitSeconds, waitCount, talkSeconds, answeredWithin } = tally;
  return { calls, answered, abandoned, unanswered, waitSeconds, waitCount, talkSeconds, answeredWithin };
}

export const MAX_REPORT_DAYS = 92;
const DAY_MS = 86_400_000;

export type ReportRange =
  | { readonly kind: 'range'; readonly from: Date; readonly to: Date; readonly fromDay: string; readonly toDay: string; readonly withinSeconds: number }
  | { readonly kind: 'invalid'; readonly errors: Readonly<Record<'from' | 'to' | 'within', readonly string[]>> };

/**
 * The range of a report from two days (`2026-11-20`, inclusive both, UTC). Empty fields
 * mean today (`now`'s UTC day). Errors name their field: a day that is not a date, To
 * before From, a range over MAX_REPORT_DAYS days, a service-level threshold that is not
 * whole seconds from 1 to MAX_SERVICE_SECONDS (empty: DEFAULT_SERVICE_SECONDS).
 */
export function readReportRange(fromText: string, toText: string, now: Date, withinText = ''): ReportRange {
  const today = now.toISOString().slice(0, 10);
  const fromDay = fromText.trim() === '' ? today : fromText.trim();
  const toDay = toText.trim() === '' ? (fromText.trim() === '' ? today : fromDay) : toText.trim();
  const from = parseDay(fromDay);
  const to = parseDay(toDay);
  const errors: { from: string[]; to: string[]; within: string[] } = { from: [], to: [], within: [] };
  const within = withinText.trim() === '' ? DEFAULT_SERVICE_SECONDS : /^[0-9]{1,4}$/.test(withinText.trim()) ? Number(withinText.trim()) : Number.NaN;
  if (!(within >= 1 && within <= MAX_SERVICE_SECONDS)) errors.within.push(`must be whole seconds from 1 to ${MAX_SERVICE_SECONDS}`);
  if (from === undefined) errors.from.push('must be a date (YYYY-MM-DD)');
  if (to === undefined) errors.to.push('must be a date (YYYY-MM-DD)');
  if (from !== undefined && to !== undefined) {
    if (to < from) errors.to.push('must be on or after From');
    else if ((to.getTime() - from.getTime()) / DAY_MS + 1 > MAX_REPORT_DAYS) errors.to.push(`must be at most ${MAX_REPORT_DAYS} days after From`);
  }
  if (errors.from.length > 0 || errors.to.length > 0 || errors.within.length > 0 || from === undefined || to === undefined) return { kind: 'invalid', errors };
  return { kind: 'range', from, to: new Date(to.getTime() + DAY_MS), fromDay, toDay, withinSeconds: within };
}

function parseDay(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  // 2026-02-30 parses as March 2nd: refuse a day that does not round-trip.
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? undefined : date;
}
