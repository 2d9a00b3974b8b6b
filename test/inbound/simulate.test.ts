import t from 'tap';
import { createSnapshot } from '../../src/domain/config/snapshot.js';
import { formatDestination } from '../../src/domain/inbound/destination.js';
import { describeInboundSimulation, simulateInbound, walkMenus } from '../../src/inbound/simulate.js';
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

const MAIN = { kind: 'menu', menu: 'main' } as const;
const walkCases: readonly { keys: string; steps: string; destination: string | null; reason: RegExp; unused?: string }[] = [
  { keys: '91', steps: 'main hello-world demo-instruct [9] demo-instruct [1] (silence)', destination: 'queue:sales', reason: /^key 1$/ },
  { keys: '1010', steps: 'main hello-world demo-instruct [1] [0] [1] [0]', destination: 'agent:1010', reason: /dialed extension 1010/ },
  { keys: '2*1', steps: 'main hello-world demo-instruct [2] support demo-moreinfo [*] main hello-world demo-instruct [1] (silence)', destination: 'queue:sales', reason: /^key 1$/ },
  // With direct dial, 1 may start extension 1010: a # pressed right after makes "1#", a wrong key.
  { keys: '1#', steps: 'main hello-world demo-instruct [1] [#] pbx-invalid demo-instruct (silence) demo-instruct (silence)', destination: 'agent:1010', reason: /timeout, retries exhausted/ },
  { keys: '', steps: 'main hello-world demo-instruct (silence) demo-instruct (silence) demo-instruct (silence)', destination: 'agent:1010', reason: /timeout, retries exhausted/ },
  {
    keys: '277',
    steps: 'main hello-world demo-instruct [2] support demo-moreinfo [7] demo-moreinfo [7] main hello-world demo-instruct (silence) demo-instruct (silence) demo-instruct (silence)',
    destination: 'agent:1010',
    reason: /timeout, retries exhausted/,
  },
  { keys: '21#5', steps: 'main hello-world demo-instruct [2] support demo-moreinfo [1]', destination: 'voicemail:200', reason: /^key 1$/, unused: '#5' },
];

for (const testCase of walkCases) {
  t.test(`walking the menus with keys "${testCase.keys}"`, async (t) => {
    const walk = walkMenus(MAIN, testCase.keys, snapshot);
    const steps = walk.steps
      .map((step) => (step.kind === 'enter' ? step.menu : step.kind === 'hear' ? step.sound : step.kind === 'press' ? `[${step.key}]` : '(silence)'))
      .join(' ');
    t.equal(steps, testCase.steps);
    t.equal(walk.destination === null ? null : formatDestination(walk.destination), testCase.destination);
    t.match(walk.reason, testCase.reason);
    t.equal(walk.unusedKeys, testCase.unused ?? '');
  });
}

t.test('a walk that starts outside the menus, or at a missing menu, says so', async (t) => {
  t.match(walkMenus({ kind: 'queue', queue: 'sales' }, '1', snapshot), { steps: [], destination: { kind: 'queue' }, unusedKeys: '1' });
  t.match(walkMenus({ kind: 'menu', menu: 'gone' }, '', snapshot), { steps: [], reason: 'menu gone does not exist' });
});
