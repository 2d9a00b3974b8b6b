import t from 'tap';
import { parseAgiEnvironment, type AgiEnvironmentProblem } from '../../../src/telephony/fastagi/env.js';
import { recordedSession } from '../../fixtures/agi/recorded-sessions.js';

t.test('parses recorded session 1 (25 vars) exactly', async (t) => {
  const env = parseAgiEnvironment(recordedSession(1).env);
  t.equal(Object.keys(env.raw).length, 25);
  t.match(env, {
    network: true,
    networkScript: 'test',
    request: 'agi://127.0.0.1:4573/test',
    script: 'test',
    query: {},
    channel: 'Local/100@agi-test-0000000d;2',
    language: 'en',
    type: 'Local',
    uniqueId: '1795304775.27',
    version: '22.10.1',
    callerId: '5551234',
    callerIdName: 'AGI Tester',
    dnid: null,
    rdnis: null,
    context: 'agi-test',
    extension: '100',
    priority: '3',
    enhanced: '0.0',
    accountCode: '',
    threadId: '139971322525376',
  });
  t.strictSame(env.args, ['arg1', 'arg 2', 'third']);
  t.equal(env.raw['agi_callingpres'], '0');
  t.equal(env.raw['agi_accountcode'], '');
});

t.test('absent caller ID ("unknown") is null, raw keeps it (session 2)', async (t) => {
  const env = parseAgiEnvironment(recordedSession(2).env);
  t.equal(env.callerId, null);
  t.equal(env.callerIdName, null);
  t.equal(env.raw['agi_callerid'], 'unknown');
  t.equal(env.script, 'answered');
  t.strictSame(env.args, ['101']);
});

t.test('a block without arguments has empty args (session 3)', async (t) => {
  const env = parseAgiEnvironment(recordedSession(3).env);
  t.strictSame(env.args, []);
  t.equal(env.script, '102');
});

t.test('splits at the first ": " only and decodes the request URL', async (t) => {
  const env = parseAgiEnvironment([
    'agi_network: yes',
    'agi_network_script: campaigns/outbound?mode=test&queue=sales%20team',
    'agi_request: agi://pbx.example:4573/campaigns/outbound?mode=test&queue=sales%20team',
    'agi_channel: PJSIP/trunk-00000001',
    'agi_arg_1: sip:alice@example.com',
    'agi_arg_2: key: value: more',
    'agi_arg_3: ',
  ]);
  t.equal(env.script, 'campaigns/outbound');
  t.strictSame(env.query, { mode: 'test', queue: 'sales team' });
  t.strictSame(env.args, ['sip:alice@example.com', 'key: value: more', '']);
  t.equal(env.networkScript, 'campaigns/outbound?mode=test&queue=sales%20team');
});

const request = 'agi_request: agi://127.0.0.1:4573/test';
const malformed: [string, string[], AgiEnvironmentProblem][] = [
  ['line without agi_ prefix', [request, 'network: yes'], 'malformed'],
  ['line without colon', [request, 'agi_network yes'], 'malformed'],
  ['line with colon but no space', [request, 'agi_network:yes'], 'malformed'],
  ['no agi_request', ['agi_network: yes', 'agi_network_script: test'], 'missing-request'],
  ['request is not a URL', ['agi_request: not a url'], 'malformed'],
  ['argument number 0', [request, 'agi_arg_0: x'], 'malformed'],
  ['more than 200 lines', [request, ...Array.from({ length: 200 }, (_, i) => `agi_x${i}: y`)], 'too-many-lines'],
];

for (const [name, lines, problem] of malformed) {
  t.test(`rejects: ${name}`, async (t) => {
    t.throws(() => parseAgiEnvironment(lines), { name: 'AgiEnvironmentError', problem });
  });
}
