import t from 'tap';
import { AgiReplyFramer, parseAgiReply } from '../../../src/telephony/fastagi/reply.js';

const successes: [string, { result: string; data?: string; extra: Record<string, string> }][] = [
  ['200 result=1', { result: '1', extra: {} }],
  ['200 result=1 (bar)', { result: '1', data: 'bar', extra: {} }],
  ['200 result=1 (Local/100@agi-test-0000000d;2-bar)', { result: '1', data: 'Local/100@agi-test-0000000d;2-bar', extra: {} }],
  ['200 result= (timeout)', { result: '', data: 'timeout', extra: {} }],
  ['200 result=0 endpos=10079', { result: '0', extra: { endpos: '10079' } }],
  ['200 result=-1 endpos=0', { result: '-1', extra: { endpos: '0' } }],
  ['200 result=-1 (hangup)', { result: '-1', data: 'hangup', extra: {} }],
  ['200 result=-2', { result: '-2', extra: {} }],
  ['200 result=234', { result: '234', extra: {} }],
  ['200 result=0 (timeout) endpos=1234', { result: '0', data: 'timeout', extra: { endpos: '1234' } }],
  ['200 result=1 (a value (with) parens) x=y)', { result: '1', data: 'a value (with) parens) x=y', extra: {} }],
  ['200 result=1 ()', { result: '1', data: '', extra: {} }],
];

for (const [line, expected] of successes) {
  t.test(`parses ${line}`, async (t) => {
    const reply = parseAgiReply([line]);
    t.equal(reply.code, 200);
    t.equal(reply.result, expected.result);
    t.equal(reply.data, expected.data);
    t.strictSame(reply.extra, expected.extra);
    t.equal(reply.line, line);
  });
}

const usage = ['520-Invalid command syntax.  Proper usage follows:', 'Sets a variable to the current channel.', '520 End of proper usage.'];
const failures: [string, string[], number, string][] = [
  ['510', ['510 Invalid or unknown command'], 510, 'Invalid or unknown command'],
  ['511', ['511 Command Not Permitted on a dead channel or intercept routine'], 511, 'Command Not Permitted on a dead channel or intercept routine'],
  ['520 usage', usage, 520, 'Invalid command syntax.  Proper usage follows:'],
];

for (const [name, lines, code, message] of failures) {
  t.test(`${name} is an AgiCommandError`, async (t) => {
    t.throws(() => parseAgiReply(lines, 'SET VARIABLE'), {
      name: 'AgiCommandError',
      code,
      lines,
      command: 'SET VARIABLE',
      message: `SET VARIABLE: ${code} ${message}`,
    });
  });
}

t.test('lines that are not replies are protocol errors', async (t) => {
  for (const line of ['HELLO', '', '200 nothing', '20 result=1']) {
    t.throws(() => parseAgiReply([line]), { name: 'AgiProtocolError' }, line);
  }
});

t.test('framer returns single lines at once and 520 blocks when complete', async (t) => {
  const framer = new AgiReplyFramer();
  t.strictSame(framer.push('200 result=1'), ['200 result=1']);
  t.equal(framer.push(usage[0] ?? ''), null);
  t.equal(framer.collecting, true);
  t.equal(framer.push(usage[1] ?? ''), null);
  t.strictSame(framer.push(usage[2] ?? ''), usage);
  t.equal(framer.collecting, false);
  t.strictSame(framer.push('510 Invalid or unknown command'), ['510 Invalid or unknown command']);
});
