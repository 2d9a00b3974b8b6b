import { WEEKDAYS, minuteOf, type WeeklyRange } from './schedule.js';

/** The one order weekly ranges are kept in (Monday first, then by start), so any two sources compare equal. */
export function sortWeekly(ranges: readonly WeeklyRange[]): WeeklyRange[] {
  return [...ranges].sort((a, b) => WEEKDAYS.indexOf(a.day) - WEEKDAYS.indexOf(b.day) || minuteOf(a.start) - minuteOf(b.start));
}
