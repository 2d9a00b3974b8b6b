import { readFileSync } from 'node:fs';
import t from 'tap';
import { AmiInputError, AmiParser, AmiProtocolError, serializeAction } from '../../../src/telephony/ami/index.js';

const raw = readFileSync('/work/shared/asterisk-fixtures/ami-events.raw', 'utf8');

t.test('the recorded session parses the same whole and byte by byte', async (t) => {
  const whole = new AmiParser();
  const packets = whole.push(raw);
  t.equal(whole.greeting, 'Asterisk Call Manager/11.0.0');
  const chunked = new AmiParser();
  const pieces = [...raw].flatMap((char) => chunked.push(char));
  t.same(pieces.map((p) => p.toJSON()), packets.map((p) => p.toJSON()));
  t.equal(packets[0]!.get('Response'), 'Success');
  t.equal(packets[0]!.get('message'), 'Authentication accepted');
  const list = packets.filter((p) => p.actionId === 'csc-1');
  t.same(list.map((p) => p.event), ['', 'CoreShowChannel', 'CoreShowChannel', 'CoreShowChannelsComplete']);
  const uptime = packets.find((p) => p.actionId === 'cmd-1')!;
  t.same(uptime.all('Output'), ['System uptime: 3 minutes, 58 seconds', 'Last reload: 3 minutes, 58 seconds']);
  const empty = packets.find((p) => p.actionId === 'getvar-1')!;
  t.equal(empty.get('Value'), '', 'an empty value stays empty');
  t.ok(empty.has('value'));
});

t.test('bare LF line ends, colons in values and lines without a colon', async (t) => {
  const parser = new AmiParser();
  const [packet] = parser.push('Asterisk Call Manager/11.0.0\nEvent: VarSet\nValue: a: b\nnonsense\n\n');
  t.equal(packet!.event, 'VarSet');
  t.equal(packet!.get('value'), 'a: b');
  t.ok(packet!.has('nonsense'), 'a line without a colon is kept, not dropped');
});

t.test('a packet that never ends is refused once it passes the bound', async (t) => {
  const parser = new AmiParser();
  parser.push('Asterisk Call Manager/11.0.0\r\n');
  const line = `Variable: ${'x'.repeat(1000)}\r\n`;
  t.throws(() => {
    for (let i = 0; i < 2000; i++) parser.push(line);
  }, AmiProtocolError);
});

t.test('actions are framed with CRLF; line breaks in values are refused', async (t) => {
  t.equal(
    serializeAction('Originate', 'id-1', { Channel: 'Local/1@c', Async: true, Variable: ['A=1', 'B=2'], Skip: undefined }),
    'Action: Originate\r\nActionID: id-1\r\nChannel: Local/1@c\r\nAsync: true\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n',
  );
  t.throws(() => serializeAction('Hangup', 'id-2', { Channel: 'x\r\nAction: Originate' }), AmiInputError);
  t.throws(() => serializeAction('Hangup', 'id-3', { 'Bad: key': 'x' }), AmiInputError);
});
