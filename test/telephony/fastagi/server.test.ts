import t from 'tap';
import pino, { type Logger } from 'pino';
import { withFailureHandler } from '../../../src/telephony/fastagi/failure.js';
import { FastAgiServer, type AgiScript, type FastAgiServerOptions } from '../../../src/telephony/fastagi/server.js';
import type { AgiSession } from '../../../src/telephony/fastagi/session.js';
import { connectAgiPeer, type AgiPeerOptions } from '../../support/asterisk-agi-peer.js';
import { waitFor } from '../../support/wait.js';

/** The part of a tap test the helpers need. */
interface Test {
  teardown(fn: () => unknown): void;
}

const crashes: unknown[] = [];
process.on('uncaughtException', (error) => crashes.push(error));
process.on('unhandledRejection', (error) => crashes.push(error));

const silent = pino({ level: 'silent' });

function capturingLogger(): { logger: Logger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void records.push(JSON.parse(line)) });
  return { logger, records };
}

async function startServer(t: Test, options: Partial<FastAgiServerOptions>) {
  const server = new FastAgiServer({ port: 0, logger: silent, scripts: new Map(), ...options });
  const { host, port } = await server.listen();
  t.teardown(() => server.close({ drainTimeoutMs: 100 }));
  const call = (peer: Partial<AgiPeerOptions>) => connectAgiPeer({ host, port, script: 'test', ...peer });
  return { server, host, port, call };
}

/** Reads its own channel variable and echoes it with its argument, proving it saw its own replies. */
const echo: AgiScript = async (session) => {
  const secret = await session.getVariable('SECRET');
  await session.setVariable('RESULT', `${session.env.args[0]}:${secret}`);
};

t.test('listens on an ephemeral port and dispatches by script with a child logger', async (t) => {
  const { logger, records } = capturingLogger();
  let seen: AgiSession['env'] | undefined;
  const { port, call } = await startServer(t, {
    logger,
    scripts: new Map<string, AgiScript>([
      [
        'outbound',
        async (session, log) => {
          seen = session.env;
          log.info('running');
          await session.setVariable('MODE', session.env.query['mode'] ?? '');
        },
      ],
    ]),
  });
  t.not(port, 0);
  const result = await call({ script: 'outbound?mode=test', args: ['sip:alice@example.com', 'arg 2'], uniqueId: '1795304775.27' });
  t.equal(result.variables.get('MODE'), 'test');
  t.equal(seen?.script, 'outbound');
  t.strictSame(seen?.args, ['sip:alice@example.com', 'arg 2']);
  t.match(records.find((record) => record['msg'] === 'running'), {
    uniqueid: '1795304775.27',
    channel: seen?.channel,
    script: 'outbound',
  });
  t.equal(result.closedBy, 'server');
  t.equal(result.sent.at(-1), 'HANGUP', 'the HANGUP Asterisk sends after our close is tolerated');
});

t.test('accepts a resolver function', async (t) => {
  const { call } = await startServer(t, { scripts: (script) => (script.startsWith('echo') ? echo : undefined) });
  const result = await call({ script: 'echo-2', args: ['7'], variables: { SECRET: 's7' } });
  t.equal(result.variables.get('RESULT'), '7:s7');
});

const setFailure = async (session: AgiSession): Promise<void> => session.setVariable('MAYDAY_RESULT', 'FAILURE');

t.test('an unknown script is logged and the session closed, with no command sent', async (t) => {
  const { logger, records } = capturingLogger();
  const { call } = await startServer(t, { logger });
  const result = await call({ script: 'nope' });
  t.strictSame(result.commands, []);
  t.equal(result.closedBy, 'server');
  t.match(records.find((record) => record['msg'] === 'FastAGI script failed'), { err: { type: 'AgiUnknownScriptError' }, script: 'nope' });
});

t.test('a throwing script runs its own failure handler; other sessions are unaffected', async (t) => {
  const failures: Error[] = [];
  const boom: AgiScript = async (session) => {
    await session.answer();
    throw new Error('script exploded');
  };
  const { call } = await startServer(t, {
    scripts: new Map<string, AgiScript>([
      ['boom', withFailureHandler(boom, async (session, error) => {
        failures.push(error);
        await setFailure(session);
      })],
      ['echo', echo],
    ]),
  });
  const [failed, ok] = await Promise.all([call({ script: 'boom' }), call({ script: 'echo', args: ['1'], variables: { SECRET: 'a' } })]);
  t.equal(failed.variables.get('MAYDAY_RESULT'), 'FAILURE');
  t.strictSame(failed.commands, ['ANSWER', 'SET VARIABLE MAYDAY_RESULT FAILURE']);
  t.match(failures, [{ message: 'script exploded' }]);
  t.equal(ok.variables.get('RESULT'), '1:a');
  t.equal(ok.variables.has('MAYDAY_RESULT'), false);
});

t.test('a script without a failure handler is closed with nothing written after its error', async (t) => {
  const { call } = await startServer(t, {
    scripts: new Map<string, AgiScript>([['boom', async (session) => {
      await session.answer();
      throw new Error('script exploded');
    }]]),
  });
  const result = await call({ script: 'boom' });
  t.strictSame(result.commands, ['ANSWER']);
  t.equal(result.closedBy, 'server');
});

t.test('a failing failure handler is logged and swallowed; the script error is still logged', async (t) => {
  const { logger, records } = capturingLogger();
  const { call } = await startServer(t, {
    logger,
    scripts: new Map([['boom', withFailureHandler(() => Promise.reject(new Error('first')), async () => {
      throw new Error('handler broke too');
    })]]),
  });
  const result = await call({ script: 'boom' });
  t.equal(result.closedBy, 'server');
  t.match(records.find((record) => record['msg'] === 'FastAGI failure handler failed'), { err: { message: 'handler broke too' } });
  t.match(records.find((record) => record['msg'] === 'FastAGI script failed'), { err: { message: 'first' } });
  t.equal((await call({ script: 'boom' })).closedBy, 'server', 'still serving');
});

const badPeers: [string, Partial<AgiPeerOptions>][] = [
  ['a malformed env block', { rawEnvBlock: 'hello\n\n' }],
  ['an env block without agi_request', { rawEnvBlock: 'agi_network: yes\nagi_network_script: test\n\n' }],
  ['an oversized env block', { args: ['x'.repeat(70 * 1024)] }],
  ['an env block that never ends', { rawEnvBlock: 'agi_network: yes\nagi_netw' }],
];

for (const [name, peer] of badPeers) {
  t.test(`${name} is dropped without running a script; the server keeps serving`, async (t) => {
    const { logger, records } = capturingLogger();
    let runs = 0;
    const { call } = await startServer(t, {
      logger,
      envTimeoutMs: 50,
      scripts: () => async (session) => {
        runs += 1;
        await echo(session, silent);
      },
    });
    const dropped = await call(peer);
    t.equal(dropped.closedBy, 'server');
    t.strictSame(dropped.commands, []);
    t.equal(runs, 0);
    t.match(records.find((record) => record['level'] === 40), { err: { name: 'AgiEnvironmentError' } });
    t.equal((await call({ args: ['2'], variables: { SECRET: 'b' } })).variables.get('RESULT'), '2:b');
  });
}

t.test('peers resetting the connection never crash the server', async (t) => {
  const { server, call } = await startServer(t, {
    scripts: new Map<string, AgiScript>([
      ['test', async (session) => {
        await session.answer();
        await session.verbose('one');
        await session.verbose('two');
      }],
      ['echo', echo],
    ]),
  });
  const resetAfterEnv = await call({ resetAfterEnv: true });
  const resetMidSession = await call({ resetAfterCommands: 1 });
  t.equal(resetAfterEnv.closedBy, 'peer');
  t.strictSame(resetMidSession.commands.slice(0, 1), ['ANSWER']);
  t.equal(resetMidSession.closedBy, 'peer');
  t.equal((await call({ script: 'echo', args: ['3'], variables: { SECRET: 'c' } })).variables.get('RESULT'), '3:c');
  await waitFor(() => server.activeSessions === 0, 'every session to close');
  t.equal(server.activeSessions, 0);
});

t.test('a stalled peer times out its own session only', async (t) => {
  const { call } = await startServer(t, {
    commandTimeoutMs: 100,
    scripts: new Map<string, AgiScript>([
      ['test', async (session) => {
        await session.answer();
        await session.command('CHANNEL STATUS');
        await session.setVariable('REACHED', 'yes');
      }],
      ['echo', echo],
    ]),
  });
  const stalled = call({ stallOnCommand: 2 });
  const healthy = await call({ script: 'echo', args: ['4'], variables: { SECRET: 'd' } });
  t.equal(healthy.variables.get('RESULT'), '4:d');
  const result = await stalled;
  t.strictSame(result.commands, ['ANSWER', 'CHANNEL STATUS']);
  t.equal(result.variables.has('REACHED'), false);
  t.equal(result.closedBy, 'server');
});

t.test('200 concurrent sessions each get their own replies', async (t) => {
  const { server, call } = await startServer(t, { scripts: () => echo });
  const ids = Array.from({ length: 200 }, (_, index) => index);
  const results = await Promise.all(ids.map((id) => call({ args: [String(id)], variables: { SECRET: `secret-${id}` } })));
  t.strictSame(
    results.map((result) => result.variables.get('RESULT')),
    ids.map((id) => `${id}:secret-${id}`),
  );
  t.ok(results.every((result) => result.closedBy === 'server'));
  await waitFor(() => server.activeSessions === 0, 'every session to close');
});

t.test('close() drains running sessions and refuses new connections', async (t) => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const { server, call } = await startServer(t, {
    scripts: new Map<string, AgiScript>([
      ['test', async (session) => {
        started();
        await gate;
        await session.setVariable('FINISHED', 'yes');
      }],
    ]),
  });
  const inProgress = call({});
  await running;
  t.equal(server.activeSessions, 1);
  const closed = server.close({ drainTimeoutMs: 60_000 });
  await t.rejects(call({}), { code: 'ECONNREFUSED' });
  release();
  await closed;
  const result = await inProgress;
  t.equal(result.variables.get('FINISHED'), 'yes');
  t.equal(result.closedBy, 'server');
  t.equal(server.activeSessions, 0);
});

t.test('close() destroys sessions still running after the drain timeout', async (t) => {
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const { server, call } = await startServer(t, {
    scripts: new Map<string, AgiScript>([
      ['test', async (session) => {
        started();
        await session.whenClosed;
        await session.setVariable('NEVER', 'sent').catch(() => undefined);
      }],
    ]),
  });
  const hanging = call({});
  await running;
  await server.close({ drainTimeoutMs: 50 });
  const result = await hanging;
  t.equal(result.variables.has('NEVER'), false);
  t.strictSame(result.commands, []);
  t.equal(server.activeSessions, 0);
});

t.test('nothing above escaped as an uncaught exception or unhandled rejection', async (t) => {
  t.strictSame(crashes, []);
});
