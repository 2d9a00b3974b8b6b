import t from 'tap';
import { createSnapshot } from '../../src/domain/config/snapshot.js';
import { decideOutbound } from '../../src/domain/outbound/decide.js';
import type { MatchedRule } from '../../src/domain/outbound/decide.js';
import { describeDecision, ruleName } from '../../src/domain/outbound/describe.js';
import { fixtureConfig } from '../fixtures/config.js';

const snapshot = createSnapshot(fixtureConfig, 1);

const cases: readonly { agent: string; dialed: string; sentence: string }[] = [
  {
    agent: '1009',
    dialed: '0712345678',
    sentence:
      'agent 1009 dialing 0712345678 leaves as 256712345678 with caller ID 256310000046 via main_trunk (then backup_trunk as 0712345678)',
  },
  {
    agent: '1009',
    dialed: '00447911123456',
    sentence: 'agent 1009 dialing 00447911123456 leaves as 447911123456 with caller ID 256310000001 via main_trunk',
  },
  {
    agent: '1010',
    dialed: '460712345678',
    sentence: 'agent 1010 dialing 460712345678 is rejected: PREFIX_NOT_ALLOWED (prefix 46 is not allowed for agent 1010)',
  },
  {
    agent: '1009',
    dialed: '470712345678',
    sentence: 'agent 1009 dialing 470712345678 is rejected: DID_NOT_OUTBOUND (DID 0310000047 does not allow outbound)',
  },
  {
    agent: '9999',
    dialed: '112',
    sentence: 'agent 9999 dialing 112 leaves as 112 with caller ID 256310000001 via main_trunk (then backup_trunk as 112)',
  },
];

t.test('describeDecision', async (t) => {
  for (const { agent, dialed, sentence } of cases) {
    const request = { agent, dialed };
    t.equal(describeDecision(request, decideOutbound(request, snapshot)), sentence);
  }
});

t.test('describeDecision without caller ID and with several fallbacks', async (t) => {
  const request = { agent: '9999', dialed: '999' };
  const sentence = describeDecision(request, {
    kind: 'dial',
    callerIdName: '',
    did: '',
    rule: { kind: 'emergency' },
    number: '999',
    attempts: [
      { trunk: 'a', dialString: 'PJSIP/999@a', number: '999', callerIdNumber: '' },
      { trunk: 'b', dialString: 'PJSIP/999@b', number: '999', callerIdNumber: '' },
      { trunk: 'c', dialString: 'PJSIP/999@c', number: '999', callerIdNumber: '' },
    ],
  });
  t.equal(sentence, 'agent 9999 dialing 999 leaves as 999 without caller ID via a (then b as 999, then c as 999)');
});

t.test('ruleName: the name MAYDAY_RULE and the call history carry', async (t) => {
  const names: readonly [MatchedRule | null, string | null][] = [
    [{ kind: 'prefix', prefix: '45', route: 'mobile' }, 'prefix 45 + route mobile'],
    [{ kind: 'route', route: 'international' }, 'route international'],
    [{ kind: 'emergency' }, 'emergency'],
    [null, null],
  ];
  for (const [rule, name] of names) t.equal(ruleName(rule), name, JSON.stringify(rule));
});
