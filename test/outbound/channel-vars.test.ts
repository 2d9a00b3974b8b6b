import t from 'tap';
import { createSnapshot } from '../../src/domain/config/snapshot.js';
import { decideOutbound } from '../../src/domain/outbound/decide.js';
import { outboundFailureVariables, outboundVariables } from '../../src/outbound/channel-vars.js';
import { fixtureConfig } from '../fixtures/config.js';

const snapshot = createSnapshot(fixtureConfig, 9);
const taken = (agent: string, dialed: string) => ({ decision: decideOutbound({ agent, dialed }, snapshot), configVersion: 9, decisionMicros: 4 });

t.test('a dial decision: the rule, version, DID, caller-ID name (the DID number when unnamed), then each attempt, MAYDAY_RESULT last', async (t) => {
  t.strictSame(outboundVariables(taken('1009', '450712345678')), [
    ['MAYDAY_RULE', 'prefix 45 + route mobile'],
    ['MAYDAY_CONFIG_VERSION', '9'],
    ['MAYDAY_DID', '0310000045'],
    ['MAYDAY_CALLERID_NAME', '0310000045'],
    ['MAYDAY_DIAL_COUNT', '2'],
    ['MAYDAY_DIAL_1', 'PJSIP/256712345678@main_trunk'],
    ['MAYDAY_CID_NUM_1', '256310000045'],
    ['MAYDAY_DIAL_2', 'PJSIP/0712345678@backup_trunk'],
    ['MAYDAY_CID_NUM_2', '0310000045'],
    ['MAYDAY_RESULT', 'DIAL'],
  ]);
});

t.test('a reject: the rule (empty when none matched), version, reason, MAYDAY_RESULT last', async (t) => {
  t.strictSame(outboundVariables(taken('2000', '0712345678')), [
    ['MAYDAY_RULE', ''],
    ['MAYDAY_CONFIG_VERSION', '9'],
    ['MAYDAY_REASON', 'UNKNOWN_AGENT'],
    ['MAYDAY_RESULT', 'REJECT'],
  ]);
  t.strictSame(outboundVariables(taken('1010', '460712345678')).slice(-2), [
    ['MAYDAY_REASON', 'PREFIX_NOT_ALLOWED'],
    ['MAYDAY_RESULT', 'REJECT'],
  ]);
});

t.test('a failure only sets MAYDAY_RESULT=FAILURE', async (t) => {
  t.strictSame(outboundFailureVariables, [['MAYDAY_RESULT', 'FAILURE']]);
});
