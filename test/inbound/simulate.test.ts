import t from 'tap';
import { createSnapshot } from '../../src/domain/config/snapshot.js';
import { describeInboundSimulation, simulateInbound } from '../../src/inbound/simulate.js';
import { fixtureConfig } from '../fixtures/config.js';

const snapshot = createSnapshot(fixtureConfig, 4);
const now = new Date('2026-12-01T07:00:00Z');
const request = { did: '0310000001', caller: '0772000001' };

const cases: readonly { at: string | undefined; instant: string; sentence: string }[] = [
  {
    at: undefined,
    instant: '2026-12-01T07:00:00.000Z',
    sentence: 'a call from 0772000001 to 0310000001 on tue 2026-12-01 10:00 Africa/Kampala goes to menu:main by route head-office; schedule open: tue 08:00-17:00',
  },
  {
    at: '2026-12-25T21:00',
    instant: '2026-12-25T18:00:00.000Z',
    sentence: 'a call from 0772000001 to 0310000001 on fri 2026-12-25 21:00 Africa/Kampala goes to voicemail:100 by route head-office; schedule closed: Christmas Day (2026-12-25)',
  },
  {
    at: '2026-12-24T09:30:00+03:00',
    instant: '2026-12-24T06:30:00.000Z',
    sentence: 'a call from 0772000001 to 0310000001 on thu 2026-12-24 09:30 Africa/Kampala goes to menu:main by route head-office; schedule open: Christmas Eve (2026-12-24)',
  },
];

for (const testCase of cases) {
  t.test(`--at ${testCase.at ?? '(now)'}`, async (t) => {
    const simulation = simulateInbound(request, testCase.at, snapshot, now);
    if (!simulation.ok) return t.fail(simulation.error);
    t.equal(simulation.at.toISOString(), testCase.instant);
    t.equal(describeInboundSimulation(request, simulation), testCase.sentence);
  });
}

t.test('a wall-clock time in a DST zone lands on the right instant', async (t) => {
  const config = {
    ...fixtureConfig,
    schedules: fixtureConfig.schedules.map((schedule) => ({ ...schedule, timeZone: 'Europe/Berlin' })),
  };
  const summer = simulateInbound(request, '2026-07-01T09:00', createSnapshot(config, 1), now);
  const winter = simulateInbound(request, '2026-01-05T09:00', createSnapshot(config, 1), now);
  t.equal(summer.ok && summer.at.toISOString(), '2026-07-01T07:00:00.000Z');
  t.equal(winter.ok && winter.at.toISOString(), '2026-01-05T08:00:00.000Z');
});

t.test('a route without a schedule reads wall-clock time as UTC; a withheld caller and a reject are described', async (t) => {
  const simulation = simulateInbound({ did: '0310000046', caller: '' }, '2026-12-25T21:00', snapshot, now);
  if (!simulation.ok) return t.fail(simulation.error);
  t.equal(simulation.at.toISOString(), '2026-12-25T21:00:00.000Z');
  t.match(describeInboundSimulation({ did: '0310000046', caller: '' }, simulation), /^a call from a withheld number to 0310000046 .* is rejected: DID_NOT_INBOUND/);
});

t.test('a moment that is not a time is refused', async (t) => {
  t.match(simulateInbound(request, 'Christmas', snapshot, now), { ok: false, error: /--at Christmas: expected/ });
  t.match(simulateInbound(request, '2026-12-25', snapshot, now), { ok: false });
});
