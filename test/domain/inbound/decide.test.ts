import t from 'tap';
import { createSnapshot } from '../../../src/domain/config/snapshot.js';
import type { ConfigData } from '../../../src/domain/config/types.js';
import { decideInbound, type InboundDecision } from '../../../src/domain/inbound/decide.js';
import type { Destination } from '../../../src/domain/inbound/destination.js';
import type { InboundRoute } from '../../../src/domain/inbound/route.js';
import { fixtureConfig } from '../../fixtures/config.js';

const OPEN = '2026-12-01T07:00:00Z'; // Tuesday 10:00 in Kampala
const CLOSED = '2026-12-01T18:00:00Z'; // Tuesday 21:00

function configWithRoutes(routes: readonly InboundRoute[]): ConfigData {
  return { ...fixtureConfig, inboundRoutes: routes };
}

function route(name: string, did: string, caller: string | null, destination: Destination): InboundRoute {
  return { name, did, caller, schedule: null, destination, closedDestination: null, enabled: true };
}

interface Case {
  readonly name: string;
  readonly did: string;
  readonly caller: string;
  readonly at?: string;
  readonly config?: ConfigData;
  /** The route and destination chosen, or the reject reason. */
  readonly expected: { route: string; destination: Destination } | { reject: string };
}

const cases: readonly Case[] = [
  { name: 'an exact DID, schedule open', did: '0310000001', caller: '0772000001', expected: { route: 'head-office', destination: { kind: 'menu', menu: 'main' } } },
  { name: 'the same DID when closed', did: '0310000001', caller: '0772000001', at: CLOSED, expected: { route: 'head-office', destination: { kind: 'voicemail', box: '100' } } },
  { name: 'a holiday is closed', did: '0310000001', caller: '0772000001', at: '2026-12-25T07:00:00Z', expected: { route: 'head-office', destination: { kind: 'voicemail', box: '100' } } },
  { name: 'the DID as the trunk sends it in E.164', did: '+256310000045', caller: '0772000001', expected: { route: 'outlet-45', destination: { kind: 'agent', extension: '1010' } } },
  { name: 'the DID in international digits', did: '256310000045', caller: '', expected: { route: 'outlet-45', destination: { kind: 'agent', extension: '1010' } } },
  { name: 'the exact DID route beats a caller-specific route on a DID pattern', did: '0310000045', caller: 'anonymous', expected: { route: 'outlet-45', destination: { kind: 'agent', extension: '1010' } } },
  {
    name: 'a withheld caller matches anonymous',
    did: '0310000045',
    caller: 'Restricted',
    config: configWithRoutes(fixtureConfig.inboundRoutes.filter((candidate) => candidate.name !== 'outlet-45')),
    expected: { route: 'anonymous-callers', destination: { kind: 'announcement', sound: 'ss-noservice' } },
  },
  {
    name: 'a known caller does not match anonymous',
    did: '0310000045',
    caller: '0772000001',
    config: configWithRoutes(fixtureConfig.inboundRoutes.filter((candidate) => candidate.name !== 'outlet-45')),
    expected: { reject: 'NO_ROUTE' },
  },
  { name: 'a caller pattern beats any caller on the same DID', did: '0310000047', caller: '+256712000001', expected: { route: 'outlet-47-mobiles', destination: { kind: 'external', number: '0712345000', did: '0310000045' } } },
  { name: 'the caller pattern matches the national form of an international caller', did: '0310000047', caller: '256712000001', expected: { route: 'outlet-47-mobiles', destination: { kind: 'external', number: '0712345000', did: '0310000045' } } },
  { name: 'another caller on that DID takes the any-caller route', did: '0310000047', caller: '0414000001', expected: { route: 'outlet-47', destination: { kind: 'queue', queue: 'outlet47' } } },
  { name: 'an unknown DID', did: '0310000099', caller: '0772000001', expected: { reject: 'UNKNOWN_DID' } },
  { name: 'a DID that does not allow inbound', did: '0310000046', caller: '0772000001', expected: { reject: 'DID_NOT_INBOUND' } },
  { name: 'a DID no route matches', did: '0310000001', caller: '0772000001', config: configWithRoutes([]), expected: { reject: 'NO_ROUTE' } },
  {
    name: 'an exact caller beats a caller pattern',
    did: '0310000045',
    caller: '+256772000001',
    config: configWithRoutes([
      route('vip', '0310000045', '0772000001', { kind: 'agent', extension: '1010' }),
      route('mobiles', '0310000045', '_07X.', { kind: 'queue', queue: 'mobiles' }),
    ]),
    expected: { route: 'vip', destination: { kind: 'agent', extension: '1010' } },
  },
  {
    name: 'an exact DID beats a DID pattern even with a caller match on the pattern',
    did: '0310000045',
    caller: '0772000001',
    config: configWithRoutes([
      route('all-outlets-vip', '_03100000XX', '0772000001', { kind: 'queue', queue: 'vip' }),
      route('outlet-45', '0310000045', null, { kind: 'agent', extension: '1009' }),
    ]),
    expected: { route: 'outlet-45', destination: { kind: 'agent', extension: '1009' } },
  },
  {
    name: 'the longer DID pattern wins',
    did: '0310000045',
    caller: '0772000001',
    config: configWithRoutes([route('all', '_031X.', null, { kind: 'hangup' }), route('outlets', '_03100000XX', null, { kind: 'queue', queue: 'outlets' })]),
    expected: { route: 'outlets', destination: { kind: 'queue', queue: 'outlets' } },
  },
  {
    name: 'a disabled route is skipped',
    did: '0310000045',
    caller: '0772000001',
    config: configWithRoutes([{ ...route('off', '0310000045', null, { kind: 'hangup' }), enabled: false }, route('on', '_03100000XX', null, { kind: 'queue', queue: 'q' })]),
    expected: { route: 'on', destination: { kind: 'queue', queue: 'q' } },
  },
  {
    name: 'a forward whose number no outbound route dials is refused',
    did: '0310000045',
    caller: '0772000001',
    config: configWithRoutes([route('fwd', '0310000045', null, { kind: 'external', number: '5555', did: '0310000045' })]),
    expected: { reject: 'FORWARD_REFUSED' },
  },
];

for (const testCase of cases) {
  t.test(testCase.name, async (t) => {
    const snapshot = createSnapshot(testCase.config ?? fixtureConfig, 3);
    t.strictSame(snapshot.warnings, []);
    const decision = decideInbound({ did: testCase.did, caller: testCase.caller }, new Date(testCase.at ?? OPEN), snapshot);
    t.strictSame(summary(decision), testCase.expected, decision.kind === 'reject' ? decision.detail : decision.route);
  });
}

t.test('a forward carries the outbound decision with the chosen DID as caller ID', async (t) => {
  const decision = decideInbound({ did: '0310000047', caller: '0712000001' }, new Date(OPEN), createSnapshot(fixtureConfig, 1));
  if (decision.kind !== 'route') return t.fail(decision.detail);
  t.equal(decision.caller, '256712000001', 'the caller is normalised to international digits');
  t.equal(decision.forward?.did, '0310000045');
  t.strictSame(decision.forward?.attempts.map((attempt) => attempt.dialString), ['PJSIP/256712345000@main_trunk', 'PJSIP/0712345000@backup_trunk']);
});

t.test('the schedule state is part of the decision', async (t) => {
  const decision = decideInbound({ did: '0310000001', caller: '0772000001' }, new Date(CLOSED), createSnapshot(fixtureConfig, 1));
  t.strictSame(decision.kind === 'route' ? decision.schedule : null, { kind: 'closed', reason: 'outside the weekly hours (tue 21:00)' });
});

function summary(decision: InboundDecision): Case['expected'] {
  return decision.kind === 'reject' ? { reject: decision.reason } : { route: decision.route, destination: decision.destination };
}
