import t from 'tap';
import { localTime, scheduleState, type Schedule } from '../../../src/domain/schedule/schedule.js';
import { fixtureConfig } from '../../fixtures/config.js';

const office = fixtureConfig.schedules[0] as Schedule;

const berlin: Schedule = {
  name: 'berlin',
  timeZone: 'Europe/Berlin',
  weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '09:00', end: '17:00' })),
  exceptions: [],
};

const night: Schedule = {
  name: 'night',
  timeZone: 'Africa/Kampala',
  weekly: [
    { day: 'mon', start: '22:00', end: '24:00' },
    { day: 'tue', start: '00:00', end: '06:00' },
  ],
  exceptions: [],
};

const newYork: Schedule = {
  name: 'new-york',
  timeZone: 'America/New_York',
  weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, start: '09:00', end: '23:00' })),
  exceptions: [
    { date: '2026-12-24', label: 'Christmas Eve', ranges: [{ start: '20:00', end: '23:00' }] },
    { date: '2026-12-25', label: 'Christmas Day', ranges: [] },
  ],
};

const cases: readonly { name: string; schedule: Schedule; at: string; state: 'open' | 'closed'; reason: string }[] = [
  { name: 'Kampala (UTC+3) weekday at opening', schedule: office, at: '2026-12-01T05:00:00Z', state: 'open', reason: 'tue 08:00-17:00' },
  { name: 'one minute before opening', schedule: office, at: '2026-12-01T04:59:00Z', state: 'closed', reason: 'outside the weekly hours (tue 07:59)' },
  { name: 'the end of a range is excluded', schedule: office, at: '2026-12-01T14:00:00Z', state: 'closed', reason: 'outside the weekly hours (tue 17:00)' },
  { name: 'Saturday has its own hours', schedule: office, at: '2026-12-05T06:30:00Z', state: 'open', reason: 'sat 09:00-13:00' },
  { name: 'Sunday has none', schedule: office, at: '2026-12-06T06:30:00Z', state: 'closed', reason: 'outside the weekly hours (sun 09:30)' },
  { name: 'a holiday closes a weekday', schedule: office, at: '2026-12-25T06:00:00Z', state: 'closed', reason: 'Christmas Day (2026-12-25)' },
  { name: 'a special day opens with its own ranges', schedule: office, at: '2026-12-24T06:00:00Z', state: 'open', reason: 'Christmas Eve (2026-12-24)' },
  { name: 'and closes outside them', schedule: office, at: '2026-12-24T10:00:00Z', state: 'closed', reason: 'Christmas Eve (2026-12-24)' },
  { name: 'the local date decides the holiday, not UTC', schedule: newYork, at: '2026-12-25T03:00:00Z', state: 'open', reason: 'Christmas Eve (2026-12-24)' },
  { name: 'and the next local day is the holiday', schedule: newYork, at: '2026-12-25T15:00:00Z', state: 'closed', reason: 'Christmas Day (2026-12-25)' },
  { name: 'a range up to 24:00 covers 23:59', schedule: night, at: '2026-11-30T20:59:00Z', state: 'open', reason: 'mon 22:00-24:00' },
  { name: 'midnight belongs to the next day', schedule: night, at: '2026-11-30T21:00:00Z', state: 'open', reason: 'tue 00:00-06:00' },
  { name: 'the next day range ends', schedule: night, at: '2026-12-01T03:00:00Z', state: 'closed', reason: 'outside the weekly hours (tue 06:00)' },
  { name: 'Berlin in winter (UTC+1): 08:00 UTC is 09:00', schedule: berlin, at: '2026-03-27T08:00:00Z', state: 'open', reason: 'fri 09:00-17:00' },
  { name: 'Berlin in winter: 07:00 UTC is 08:00', schedule: berlin, at: '2026-03-27T07:00:00Z', state: 'closed', reason: 'outside the weekly hours (fri 08:00)' },
  { name: 'Berlin after the DST change (UTC+2): 07:00 UTC is 09:00', schedule: berlin, at: '2026-03-30T07:00:00Z', state: 'open', reason: 'mon 09:00-17:00' },
  { name: 'Berlin after the DST change: 15:00 UTC is 17:00', schedule: berlin, at: '2026-03-30T15:00:00Z', state: 'closed', reason: 'outside the weekly hours (mon 17:00)' },
  { name: 'an unknown time zone is closed, never guessed', schedule: { ...office, timeZone: 'Mars/Olympus' }, at: '2026-12-01T08:00:00Z', state: 'closed', reason: 'unknown time zone Mars/Olympus' },
];

for (const testCase of cases) {
  t.test(testCase.name, async (t) => {
    t.strictSame(scheduleState(testCase.schedule, new Date(testCase.at)), { kind: testCase.state, reason: testCase.reason });
  });
}

t.test('local time across the spring-forward gap has no 02:xx in Berlin', async (t) => {
  t.strictSame(localTime(new Date('2026-03-29T00:59:00Z'), 'Europe/Berlin'), { date: '2026-03-29', day: 'sun', minute: 119 });
  t.strictSame(localTime(new Date('2026-03-29T01:00:00Z'), 'Europe/Berlin'), { date: '2026-03-29', day: 'sun', minute: 180 });
  t.equal(localTime(new Date(), 'Not/AZone'), null);
});
