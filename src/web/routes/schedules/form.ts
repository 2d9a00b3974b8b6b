import type { ConfigIssue } from '../../../domain/config/validate.js';
import type { ConfigData } from '../../../domain/config/types.js';
import {
  isDate,
  isTimeZone,
  rangeProblem,
  WEEKDAYS,
  type Schedule,
  type ScheduleException,
  type TimeRange,
  type Weekday,
  type WeeklyRange,
} from '../../../domain/schedule/schedule.js';
import { FieldErrors, issuesToErrors, mergeErrors, type FormErrors } from '../../form-errors.js';
import type { ScheduleBody } from '../../schemas/inbound.js';

/** The form as typed: each day's hours and the dated days stay text so a mistake shows as entered. */
export interface ScheduleFormValues {
  readonly name: string;
  readonly timeZone: string;
  /** Per weekday: `08:00-12:00, 14:00-17:00`; empty: closed. */
  readonly days: Readonly<Record<Weekday, string>>;
  /** One dated day a line. */
  readonly exceptions: string;
}

export const DAY_NAMES: Readonly<Record<Weekday, string>> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

const NO_HOURS = Object.fromEntries(WEEKDAYS.map((day) => [day, ''])) as Record<Weekday, string>;

export const EMPTY_SCHEDULE: ScheduleFormValues = {
  name: '',
  timeZone: 'Africa/Kampala',
  days: { ...NO_HOURS, mon: '08:00-17:00', tue: '08:00-17:00', wed: '08:00-17:00', thu: '08:00-17:00', fri: '08:00-17:00' },
  exceptions: '',
};

const RANGE = /^([0-9]{1,2}:[0-9]{2})\s*-\s*([0-9]{1,2}:[0-9]{2})$/;
const CLOSED = 'closed';

const formatRanges = (ranges: readonly TimeRange[]): string => ranges.map((range) => `${range.start}-${range.end}`).join(', ');

export function scheduleValues(schedule: Schedule): ScheduleFormValues {
  const days = { ...NO_HOURS };
  for (const day of WEEKDAYS) days[day] = formatRanges(schedule.weekly.filter((range) => range.day === day));
  const exceptions = schedule.exceptions.map((exception) => {
    const hours = exception.ranges.length === 0 ? CLOSED : exception.ranges.map((range) => `${range.start}-${range.end}`).join(' ');
    return [exception.date, hours, exception.label].filter((part) => part !== '').join(' ');
  });
  return { name: schedule.name, timeZone: schedule.timeZone, days, exceptions: exceptions.join('\n') };
}

/** `9:00` → `09:00`, so a range typed loosely still reads as the clock time meant. */
const clock = (text: string): string => (/^[0-9]:/.test(text) ? `0${text}` : text);

/** `08:00-12:00, 14:00-17:00` as ranges, or what is wrong with it in words. */
function readRanges(text: string): { ranges: TimeRange[]; problems: string[] } {
  const ranges: TimeRange[] = [];
  const problems: string[] = [];
  for (const part of text.split(/[,;]/).map((item) => item.trim()).filter((item) => item !== '')) {
    const match = RANGE.exec(part);
    if (match === null) {
      problems.push(`"${part}" is not a time range like 08:00-17:00`);
      continue;
    }
    const range = { start: clock(match[1]!), end: clock(match[2]!) };
    const problem = rangeProblem(range);
    if (problem !== null) problems.push(`${part}: ${problem}`);
    else ranges.push(range);
  }
  return { ranges, problems };
}

/** `2026-12-25 closed Christmas Day`, `2026-12-24 08:00-12:00 Christmas Eve` */
function readException(line: string): { exception: ScheduleException | null; problem: string | null } {
  const words = line.split(/\s+/);
  const date = words.shift() ?? '';
  if (!isDate(date)) return { exception: null, problem: `"${date}" is not a date like 2026-12-25` };
  const hours: string[] = [];
  let closed = false;
  while (words.length > 0 && (RANGE.test(words[0]!) || words[0]!.toLowerCase() === CLOSED)) {
    const word = words.shift()!;
    if (word.toLowerCase() === CLOSED) closed = true;
    else hours.push(word);
  }
  if (closed && hours.length > 0) return { exception: null, problem: `${date}: say either closed or the open hours, not both` };
  if (!closed && hours.length === 0) return { exception: null, problem: `${date}: give the open hours (08:00-12:00) or the word closed` };
  const read = readRanges(hours.join(','));
  if (read.problems.length > 0) return { exception: null, problem: `${date}: ${read.problems.join('; ')}` };
  return { exception: { date, label: words.join(' '), ranges: read.ranges }, problem: null };
}

export function readScheduleForm(body: ScheduleBody): { values: ScheduleFormValues; entity: Schedule; errors: FormErrors } {
  const days = { ...NO_HOURS };
  for (const day of WEEKDAYS) days[day] = (body[day] ?? '').trim();
  const values: ScheduleFormValues = {
    name: (body.name ?? '').trim(),
    timeZone: (body.timeZone ?? '').trim(),
    days,
    exceptions: (body.exceptions ?? '').replace(/\r\n?/g, '\n'),
  };
  const errors = new FieldErrors();
  if (values.name === '') errors.add('name', 'is required');
  else if (values.name.length > 64) errors.add('name', 'must be at most 64 characters');
  else if (!/^[A-Za-z0-9_.-]+$/.test(values.name)) errors.add('name', 'may only use letters, digits, _ . or - (no spaces)');

  if (values.timeZone === '') errors.add('timeZone', 'is required');
  else if (!isTimeZone(values.timeZone)) errors.add('timeZone', `${values.timeZone} is not a time zone name this server knows (e.g. Africa/Kampala, Europe/London)`);

  const weekly: WeeklyRange[] = [];
  let anyDayWrong = false;
  for (const day of WEEKDAYS) {
    const read = readRanges(days[day]);
    read.problems.forEach((problem) => errors.add(day, problem));
    anyDayWrong ||= read.problems.length > 0;
    weekly.push(...read.ranges.map((range) => ({ day, ...range })));
  }
  if (weekly.length === 0 && !anyDayWrong) errors.add('weekly', 'has no open time: give at least one day its opening hours');

  const exceptions: ScheduleException[] = [];
  values.exceptions.split('\n').forEach((line, index) => {
    const text = line.trim();
    if (text === '') return;
    const read = readException(text);
    if (read.problem !== null) errors.add('exceptions', `line ${index + 1}: ${read.problem}`);
    else if (exceptions.some((other) => other.date === read.exception!.date)) errors.add('exceptions', `line ${index + 1}: ${read.exception!.date} is listed twice`);
    else exceptions.push(read.exception!);
  });

  return { values, entity: { name: values.name, timeZone: values.timeZone, weekly, exceptions }, errors: errors.result() };
}

/** validateConfig() issues of a proposal that added or changed one schedule (it is the last one there). */
export function scheduleIssuesToErrors(issues: readonly ConfigIssue[], proposed: ConfigData): FormErrors {
  const index = proposed.schedules.length - 1;
  const schedule = proposed.schedules[index];
  const weeklyRange = new RegExp(`^schedules\\[${index}\\]\\.weekly\\[(\\d+)\\]`);
  const days = new FieldErrors();
  const rest = issues.filter((issue) => {
    const match = weeklyRange.exec(issue.path);
    const day = match === null ? undefined : schedule?.weekly[Number(match[1])]?.day;
    if (day === undefined) return true;
    days.add(day, issue.message);
    return false;
  });
  return mergeErrors(days.result(), issuesToErrors(rest, proposed, { entity: `schedules[${index}]` }));
}
