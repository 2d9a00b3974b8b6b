import t from 'tap';
import pino from 'pino';
import { formatAgiCommand, quoteAgiArgument } from '../../../src/telephony/fastagi/quote.js';
import { FastAgiServer, type AgiScript } from '../../../src/telephony/fastagi/server.js';
import { connectAgiPeer, parseAgiArguments } from '../../support/asterisk-agi-peer.js';

const quoting: [string | number, string][] = [
  ['bar', 'bar'],
  [1, '1'],
  ['', '""'],
  ['hello from fastagi', '"hello from fastagi"'],
  ['${CHANNEL}-${FOO}', '${CHANNEL}-${FOO}'],
  ['say "hi"', '"say \\"hi\\""'],
  ['C:\\path', '"C:\\\\path"'],
  ['tab\there', '"tab\there"'],
  ['sip:alice@example.com', 'sip:alice@example.com'],
];

for (const [value, expected] of quoting) {
  t.test(`quotes ${JSON.stringify(value)}`, async (t) => {
    t.equal(quoteAgiArgument(value), expected);
  });
}

t.test('formats the commands recorded from Asterisk byte for byte', async (t) => {
  t.equal(formatAgiCommand('SET VARIABLE', ['FOO', 'bar']), 'SET VARIABLE FOO bar');
  t.equal(formatAgiCommand('VERBOSE', ['hello from fastagi', 1]), 'VERBOSE "hello from fastagi" 1');
  t.equal(formatAgiCommand('STREAM FILE', ['hello-world', '']), 'STREAM FILE hello-world ""');
  t.equal(formatAgiCommand('SAY DIGITS', [123, '']), 'SAY DIGITS 123 ""');
  t.equal(formatAgiCommand('EXEC', ['NoOp', 'via EXEC']), 'EXEC NoOp "via EXEC"');
  t.equal(formatAgiCommand('CHANNEL STATUS'), 'CHANNEL STATUS');
  // The recorder quoted BAZ=qux without need; Asterisk reads both forms as the same argument.
  t.strictSame(parseAgiArguments(formatAgiCommand('EXEC', ['Set', 'BAZ=qux'])), parseAgiArguments('EXEC Set "BAZ=qux"'));
});

t.test('a line break or NUL can never reach the socket', async (t) => {
  for (const value of ['a\nHANGUP', 'a\rb', 'a\0b']) {
    t.throws(() => quoteAgiArgument(value), { name: 'AgiCommandInjectionError' });
    t.throws(() => formatAgiCommand(`VERBOSE ${value}`), { name: 'AgiCommandInjectionError' });
  }
});

const tricky = ['two words', 'say "hi"', 'back\\slash', 'sip:alice@example.com: x', '', '\\"', ' lead and trail ', 'ünïcödé'];

t.test('quoted values parse back intact with the Asterisk argument rules', async (t) => {
  for (const value of tricky) {
    t.strictSame(parseAgiArguments(formatAgiCommand('SET VARIABLE', ['V', value])), ['SET', 'VARIABLE', 'V', value], value);
  }
});

t.test('quoted values arrive intact at the peer over FastAGI', async (t) => {
  const script: AgiScript = async (session) => {
    for (const [index, value] of tricky.entries()) await session.setVariable(`V${index}`, value);
  };
  const server = new FastAgiServer({ port: 0, logger: pino({ level: 'silent' }), scripts: new Map([['quote', script]]) });
  const { host, port } = await server.listen();
  t.teardown(() => server.close());
  const call = await connectAgiPeer({ host, port, script: 'quote' });
  t.strictSame(
    tricky.map((_, index) => call.variables.get(`V${index}`)),
    tricky,
  );
});
