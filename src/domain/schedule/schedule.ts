// Opening hours: weekly time ranges plus dated exceptions (holidays, special days), read
// in the schedule's IANA time zone. A pure function of `now`: the wall-clock time in the
// zone comes from Intl, so daylight-saving changes need no special case.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM` to `HH:MM`, start included, end excluded; `24:00` ends at midnight. */
export interface TimeRange {
  readonly start: string;
  readonly end: string;
}

export interface WeeklyRange extends TimeRange {
  readonly day: Weekday;
}

/** A dated day whose ranges replace the weekly ones; no ranges: closed all day. */
export interface ScheduleException {
  readonly date: string;
  readonly label: string;
  readonly ranges: readonly TimeRange[];
}

export interface Schedule {
  readonly name: string;
  readonly timeZone: string;
  readonly weekly: readonly WeeklyRange[];
  readonly exceptions: readonly ScheduleException[];
}

export type ScheduleState =
  | { readonly kind: 'open'; readonly reason: string }
  | { readonly kind: 'closed'; readonly reason: string };

export interface LocalTime {
  readonly date: string;
  readonly day: Weekday;
  /** Minutes since local midnight. */
  readonly minute: number;
}

const CLOCK = /^([01][0-9]|2[0-3]):([0-5][0-9])$|^24:00$/;
const DATE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

export function scheduleState(schedule: Schedule, now: Date): ScheduleState {
  const local = localTime(now, schedule.timeZone);
  if (local === null) return { kind: 'closed', reason: `unknown time zone ${schedule.timeZone}` };
  const exception = schedule.exceptions.find((candidate) => candidate.date === local.date);
  if (exception !== undefined) {
    const open = exception.ranges.some((range) => contains(range, local.minute));
    return { kind: open ? 'open' : 'closed', reason: `${exception.label} (${exception.date})` };
  }
  const range = schedule.weekly.find((candidate) => candidate.day === local.day && contains(candidate, local.minute));
  if (range !== undefined) return { kind: 'open', reason: `${range.day} ${range.start}-${range.end}` };
  return { kind: 'closed', reason: `outside the weekly hours (${local.day} ${formatMinute(local.minute)})` };
}

/** The wall-clock date, weekday and minute at `now` in `timeZone`; null for a zone Intl does not know. */
export function localTime(now: Date, timeZone: string): LocalTime | null {
  const formatter = formatterFor(timeZone);
  if (formatter === null) return null;
  const parts = Object.fromEntries(formatter.formatToParts(now).map((part) => [part.type, part.value]));
  const hour = Number(parts.hour) % 24;
  const day = String(parts.weekday).toLowerCase().slice(0, 3) as Weekday;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, day, minute: hour * 60 + Number(parts.minute) };
}

export function isTimeZone(timeZone: string): boolean {
  return formatterFor(timeZone) !== null;
}

export function isClock(text: string): boolean {
  return CLOCK.test(text);
}

export function isDate(text: string): boolean {
  return DATE.test(text);
}

export function minuteOf(clock: string): number {
  const [hours, minutes] = clock.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** A range is usable when both ends are clock times and it ends after it starts. */
export function rangeProblem(range: TimeRange): string | null {
  if (!isClock(range.start)) return `start ${range.start} is not a HH:MM time`;
  if (!isClock(range.end)) return `end ${range.end} is not a HH:MM time`;
  if (minuteOf(range.end) <= minuteOf(range.start)) return `ends (${range.end}) before it starts (${range.start})`;
  return null;
}

function contains(range: TimeRange, minute: number): boolean {
  return minute >= minuteOf(range.start) && minute < minuteOf(range.end);
}

/** `HH:MM` of a minute of the day. */
export function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  const cached = formatters.get(timeZone);
  if (cached !== undefined) return cached;
  try {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
    return formatter;
  } catch {
    return null;
  }
}

/** The instant at which the wall clock in `timeZone` shows `date` and `minute`; null for an unknown zone. */
export function instantOfLocalTime(date: string, minute: number, timeZone: string): Date | null {
  const wanted = Date.parse(`${date}T00:00:00Z`) / 60_000 + minute;
  let instant = wanted;
  // Two corrections settle the zone's offset, also across a daylight-saving change.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const local = localTime(new Date(instant * 60_000), timeZone);
    if (local === null) return null;
    instant -= Date.parse(`${local.date}T00:00:00Z`) / 60_000 + local.minute - wanted;
  }
  return new Date(instant * 60_000);
}
