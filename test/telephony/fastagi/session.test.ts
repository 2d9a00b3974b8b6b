import t from 'tap';
import { connect, createServer, type AddressInfo } from 'node:net';
import { AgiSession, type AgiSessionOptions } from '../../../src/telephony/fastagi/session.js';
import { AgiCommandError } from '../../../src/telephony/fastagi/reply.js';
import { connectAgiPeer, type AgiPeerOptions, type AgiPeerResult } from '../../support/asterisk-agi-peer.js';
import { recordedSession, recordedSessions, type RecordedSession } from '../../fixtures/agi/recorded-sessions.js';

/** The part of a tap test the helpers need. */
interface Test {
  teardown(fn: () => unknown): void;
}

/** Listens on an ephemeral port and hands over the first connection as an AgiSession. */
async function acceptOne(t: Test, options: AgiSessionOptions = {}): Promise<{ port: number; session: Promise<AgiSession> }> {
  const server = createServer();
  const session = new Promise<AgiSession>((resolve, reject) => {
    server.once('connection', (socket) => AgiSession.accept(socket, options).then(resolve, reject));
  });
  session.catch(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as AddressInfo).port, session };
}

/** Runs `script` against the Asterisk-like peer, then closes our side as the FastAGI server does. */
async function withPeer(
  t: Test,
  peer: Partial<AgiPeerOptions>,
  script: (session: AgiSession) => Promise<void>,
  options: AgiSessionOptions = {},
): Promise<{ call: AgiPeerResult; session: AgiSession }> {
  const { port, session: accepted } = await acceptOne(t, options);
  const call = connectAgiPeer({ host: '127.0.0.1', port, script: 'test', ...peer });
  const session = await accepted;
  await script(session);
  await session.close();
  return { call: await call, session };
}

/** Plays Asterisk's side of a recorded session line for line; resolves with the lines the server sent. */
function replayAsterisk(port: number, recorded: RecordedSession): Promise<string[]> {
  const received: string[] = [];
  let partial = '';
  const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  socket.setEncoding('utf8');
  socket.on('connect', () => socket.write(`${recorded.env.join('\n')}\n\n`));
  socket.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const exchange = recorded.exchanges[received.length];
      received.push(line);
      for (const reply of exchange?.replies ?? []) socket.write(`${reply}\n`);
    }
  });
  socket.on('end', () => socket.end(recorded.afterClose.map((line) => `${line}\n`).join('')));
  return new Promise((resolve) => socket.on('close', () => resolve(received)));
}

interface Outcome {
  readonly lines: readonly string[];
  readonly hungUp: boolean;
}

async function runCommands(session: AgiSession, commands: readonly string[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const command of commands) {
    const lines = await session.command(command).then(
      (reply) => [reply.line],
      (error: unknown) => (error instanceof AgiCommandError ? [...error.lines] : [String(error)]),
    );
    outcomes.push({ lines, hungUp: session.hungUp });
  }
  return outcomes;
}

for (const [id, recorded] of recordedSessions) {
  t.test(`replays recorded session ${id} byte for byte`, async (t) => {
    const { port, session: accepted } = await acceptOne(t);
    const asterisk = replayAsterisk(port, recorded);
    const session = await accepted;
    const commands = recorded.exchanges.map((exchange) => exchange.command);

    const outcomes = await runCommands(session, commands);
    await session.close();

    t.strictSame(await asterisk, commands, 'server sent exactly the recorded commands');
    t.strictSame(
      outcomes.map((outcome) => outcome.lines),
      recorded.exchanges.map((exchange) => exchange.replies.filter((line) => line !== 'HANGUP')),
      'each command settled with its own recorded reply',
    );
    // The command that was answered after an async HANGUP sees the flag set; those before do not.
    t.strictSame(
      outcomes.map((outcome) => outcome.hungUp),
      recorded.exchanges.map((_, index) => recorded.exchanges.slice(0, index + 1).some((exchange) => exchange.replies.includes('HANGUP'))),
    );
    t.equal(session.hungUp, true, 'the HANGUP written after our close was read');
  });
}

t.test('recorded session 2: HANGUP then 511 rejects the pending command with code 511', async (t) => {
  const recorded = recordedSession(2);
  const { port, session: accepted } = await acceptOne(t);
  const asterisk = replayAsterisk(port, recorded);
  const session = await accepted;
  const hangupSignal = session.whenHungUp.then(() => 'hung up');
  for (const { command } of recorded.exchanges.slice(0, -1)) await session.command(command);
  t.equal(session.hungUp, false);
  await t.rejects(session.command('CHANNEL STATUS'), { name: 'AgiCommandError', code: 511 });
  t.equal(session.hungUp, true);
  t.equal(await hangupSignal, 'hung up');
  await session.close();
  await asterisk;
});

t.test('recorded session 1 through the peer gets the recorded replies', async (t) => {
  const recorded = recordedSession(1);
  const commands = recorded.exchanges.map((exchange) => exchange.command);
  let outcomes: Outcome[] = [];
  const { call } = await withPeer(
    t,
    { channel: 'Local/100@agi-test-0000000d;2', callerId: '5551234', callerIdName: 'AGI Tester', args: ['arg1', 'arg 2', 'third'] },
    async (session) => {
      t.strictSame(session.env.args, ['arg1', 'arg 2', 'third']);
      outcomes = await runCommands(session, commands);
    },
  );
  t.strictSame(
    outcomes.map((outcome) => outcome.lines),
    recorded.exchanges.map((exchange) => exchange.replies),
  );
  t.strictSame(call.commands, commands);
  t.strictSame(call.sent, [...recorded.exchanges.flatMap((exchange) => exchange.replies), ...recorded.afterClose]);
  t.equal(call.closedBy, 'server');
  t.equal(call.variables.get('FOO'), 'bar');
  t.equal(call.variables.get('BAZ'), 'qux');
});

t.test('peer hangup: async HANGUP, then 511 for live-only commands, dead-channel commands still work', async (t) => {
  const { call, session } = await withPeer(t, { hangupAfterCommands: 1 }, async (session) => {
    await session.answer();
    await t.rejects(session.command('CHANNEL STATUS'), { name: 'AgiCommandError', code: 511 });
    t.equal(session.hungUp, true);
    await session.verbose('after hangup');
    await session.setVariable('RESULT', 'done');
  });
  t.strictSame(call.sent, [
    '200 result=0',
    'HANGUP',
    '511 Command Not Permitted on a dead channel or intercept routine',
    '200 result=1',
    '200 result=1',
    'HANGUP',
  ]);
  t.equal(call.variables.get('RESULT'), 'done');
  t.equal(session.hungUp, true);
});

t.test('typed helpers', async (t) => {
  const { call } = await withPeer(t, { variables: { GREETING: 'hello world' } }, async (session) => {
    t.equal(await session.getVariable('GREETING'), 'hello world');
    t.equal(await session.getVariable('MISSING'), null);
    await session.setVariable('EMPTY', '');
    t.equal(await session.getVariable('EMPTY'), '');
    t.equal((await session.exec('Set', 'VIA_EXEC=1')).result, '0');
    t.equal(await session.getVariable('VIA_EXEC'), '1');
    await t.rejects(session.exec('NoSuchApp', 'foo'), { name: 'AgiCommandError', code: 200, command: 'EXEC NoSuchApp foo' });
    await session.exec('Dial', 'PJSIP/100', '30', 'tT');
    await session.exec('Answer');
    await session.answer();
    t.equal((await session.command('CHANNEL STATUS')).result, '6');
    await t.rejects(session.command('NO SUCH COMMAND'), { name: 'AgiCommandError', code: 510 });
    await t.rejects(session.command('SET VARIABLE'), {
      name: 'AgiCommandError',
      code: 520,
      lines: ['520-Invalid command syntax.  Proper usage follows:', 'Sets a variable to the current channel.', '520 End of proper usage.'],
    });
    await session.hangup();
  });
  t.strictSame(call.commands.slice(7, 10), ['EXEC Dial PJSIP/100,30,tT', 'EXEC Answer', 'ANSWER']);
  t.equal(call.commands.at(-1), 'HANGUP');
});

t.test('un-awaited commands each get their own reply', async (t) => {
  const values = Array.from({ length: 25 }, (_, index) => `value ${index}`);
  const variables = Object.fromEntries(values.map((value, index) => [`V${index}`, value]));
  await withPeer(t, { variables }, async (session) => {
    const first = session.getVariable('V1');
    const second = session.getVariable('V2');
    t.strictSame([await second, await first], ['value 2', 'value 1']);
    t.strictSame(await Promise.all(values.map((_, index) => session.getVariable(`V${index}`))), values);
  });
});

t.test('only one command is ever in flight, even against a slow Asterisk', async (t) => {
  const { port, session: accepted } = await acceptOne(t);
  let waiting = 0;
  let overlaps = 0;
  const socket = connect({ host: '127.0.0.1', port });
  socket.setEncoding('utf8');
  socket.on('connect', () => socket.write(`${recordedSession(1).env.join('\n')}\n\n`));
  socket.on('data', (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) {
      waiting += 1;
      if (waiting > 1) overlaps += 1;
      setTimeout(() => {
        waiting -= 1;
        socket.write(`200 result=1 (${line.replace('GET VARIABLE ', '')})\n`);
      }, 5);
    }
  });
  const session = await accepted;
  const names = ['A', 'B', 'C', 'D', 'E'];
  t.strictSame(await Promise.all(names.map((name) => session.getVariable(name))), names);
  t.equal(overlaps, 0);
  await session.close();
});

t.test('a stalled command times out; it and the queued ones reject, the session ends', async (t) => {
  const { call, session } = await withPeer(
    t,
    { stallOnCommand: 2 },
    async (session) => {
      await session.answer();
      const stalled = session.command('CHANNEL STATUS');
      const queued = session.getVariable('X');
      await t.rejects(stalled, { name: 'AgiCommandTimeoutError', command: 'CHANNEL STATUS', timeoutMs: 50 });
      await t.rejects(queued, { name: 'AgiCommandTimeoutError' });
      t.equal(session.ended, true);
      await t.rejects(session.answer(), { name: 'AgiCommandTimeoutError' });
    },
    { commandTimeoutMs: 50 },
  );
  t.strictSame(call.commands, ['ANSWER', 'CHANNEL STATUS']);
  t.equal(call.closedBy, 'server');
  t.equal(session.ended, true);
});

t.test('a connection reset mid-session rejects pending and queued commands', async (t) => {
  const { call } = await withPeer(t, { resetAfterCommands: 1 }, async (session) => {
    await session.answer();
    const pending = session.command('CHANNEL STATUS');
    const queued = session.verbose('never sent');
    await t.rejects(pending, { name: 'AgiSessionClosedError' });
    await t.rejects(queued, { name: 'AgiSessionClosedError' });
    await t.rejects(session.answer(), { name: 'AgiSessionClosedError' });
  });
  t.equal(call.closedBy, 'peer');
});

t.test('a command with a line break is refused before anything is sent', async (t) => {
  const { call } = await withPeer(t, {}, async (session) => {
    await t.rejects(session.command('VERBOSE x\nHANGUP'), { name: 'AgiCommandInjectionError' });
    await t.rejects(session.setVariable('X', 'a\r\nHANGUP'), { name: 'AgiCommandInjectionError' });
    await session.command('NOOP');
  });
  t.strictSame(call.commands, ['NOOP']);
});

const badBlocks: [string, Partial<AgiPeerOptions>, AgiSessionOptions, string][] = [
  ['an env block larger than maxEnvBytes', { args: ['x'.repeat(2000)] }, { maxEnvBytes: 1024 }, 'too-large'],
  ['a huge line without newline', { rawEnvBlock: `agi_request: ${'x'.repeat(3000)}` }, { maxEnvBytes: 1024 }, 'too-large'],
  ['more than 200 lines', { args: Array.from({ length: 200 }, (_, index) => `a${index}`) }, {}, 'too-many-lines'],
  ['a block that never ends', { rawEnvBlock: 'agi_network: yes\n' }, { envTimeoutMs: 50 }, 'timeout'],
  ['a line that is not agi_*', { rawEnvBlock: 'GET / HTTP/1.1\nHost: x\n\n' }, {}, 'malformed'],
];

for (const [name, peer, options, problem] of badBlocks) {
  t.test(`accept rejects ${name} and drops the connection`, async (t) => {
    const { port, session } = await acceptOne(t, options);
    const call = connectAgiPeer({ host: '127.0.0.1', port, script: 'test', ...peer });
    await t.rejects(session, { name: 'AgiEnvironmentError', problem });
    const result = await call;
    t.equal(result.closedBy, 'server');
    t.strictSame(result.commands, []);
  });
}

t.test('a peer that keeps its side open after our close is cut off after the command timeout', async (t) => {
  const { port, session: accepted } = await acceptOne(t, { commandTimeoutMs: 200 });
  const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  t.teardown(() => socket.destroy());
  socket.on('error', () => undefined);
  let sawEnd = false;
  socket.on('end', () => (sawEnd = true));
  socket.resume();
  socket.write('agi_network: yes\nagi_request: agi://127.0.0.1/test\nagi_network_script: test\n\n');
  const session = await accepted;
  let closed = false;
  const closing = session.close().then(() => (closed = true));
  await new Promise((resolve) => setImmediate(resolve));
  t.notOk(closed, 'still waiting for the peer to close');
  await closing;
  t.ok(sawEnd, 'our FIN reached the peer');
  t.ok(session.ended, 'the session ended without the peer closing');
});
