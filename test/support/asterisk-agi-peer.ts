/**
 * A FastAGI client that behaves like Asterisk 22 (see test/fixtures/agi/agi-session.txt):
 * it sends the agi_* block, answers commands the way res_agi does, and can misbehave
 * on request (hang up, reset, stall, send a broken block).
 */
import { connect, type Socket } from 'node:net';

export interface AgiPeerOptions {
  readonly host: string;
  readonly port: number;
  /** What follows `host:port/` in the AGI() URL, query included: `outbound?mode=test`. */
  readonly script: string;
  readonly args?: readonly string[];
  readonly channel?: string;
  readonly uniqueId?: string;
  /** Absent caller ID is sent as `unknown`, as Asterisk does. */
  readonly callerId?: string;
  readonly callerIdName?: string;
  readonly dnid?: string;
  readonly context?: string;
  readonly extension?: string;
  readonly priority?: number;
  readonly accountCode?: string;
  /** Channel state: answered channels report CHANNEL STATUS 6 (Up), others 4 (Ring). */
  readonly answered?: boolean;
  readonly variables?: Readonly<Record<string, string>>;
  /** The caller hangs up after this many replies: the next command gets `HANGUP` then its reply (511 for most). */
  readonly hangupAfterCommands?: number;
  /** Reset the connection right after sending the environment block. */
  readonly resetAfterEnv?: boolean;
  /** Reset the connection right after replying to this many commands. */
  readonly resetAfterCommands?: number;
  /** Never reply to the n-th command (1-based). */
  readonly stallOnCommand?: number;
  /** Sent instead of the generated environment block. */
  readonly rawEnvBlock?: string;
  /** Called once the TCP connection is up. */
  readonly onConnected?: () => void;
  /** Send the environment block but hold back its closing blank line until this settles. */
  readonly holdEnvEndUntil?: Promise<unknown>;
}

export interface AgiPeerResult {
  /** Channel variables at the end of the session. */
  readonly variables: Map<string, string>;
  /** Every line received from the server. */
  readonly commands: string[];
  /** Every line sent after the environment block, `HANGUP` signals included. */
  readonly sent: string[];
  readonly closedBy: 'server' | 'peer';
}

interface Channel {
  readonly name: string;
  readonly uniqueId: string;
  readonly variables: Map<string, string>;
  readonly database: Map<string, string>;
  answered: boolean;
  dead: boolean;
}

interface CommandSpec {
  readonly words: readonly string[];
  readonly minArgs: number;
  /** Allowed on a hung-up channel (the `dead` flag of res_agi's command table). */
  readonly deadOk: boolean;
  readonly usage: string;
  readonly run: (args: readonly string[], channel: Channel) => string;
}

const DEAD_CHANNEL = '511 Command Not Permitted on a dead channel or intercept routine';
const UNKNOWN_COMMAND = '510 Invalid or unknown command';
const KNOWN_APPLICATIONS = new Set(['answer', 'dial', 'goto', 'hangup', 'log', 'noop', 'playback', 'queue', 'set', 'verbose', 'wait']);
const SOUND_LENGTHS = new Map([
  ['hello-world', 10079],
  ['beep', 1600],
]);

const ok = (result: string | number, data?: string): string => `200 result=${result}${data === undefined ? '' : ` (${data})`}`;

function lookup(channel: Channel, name: string): string | undefined {
  if (name === 'CHANNEL') return channel.name;
  if (name === 'UNIQUEID') return channel.uniqueId;
  if (name === 'CHANNEL(state)') return channel.answered ? 'Up' : 'Ring';
  return channel.variables.get(name);
}

function spec(words: string, minArgs: number, deadOk: boolean, usage: string, run: CommandSpec['run']): CommandSpec {
  return { words: words.split(' '), minArgs, deadOk, usage, run };
}

const COMMANDS: readonly CommandSpec[] = [
  spec('ANSWER', 0, false, 'Answer channel', (_, channel) => {
    channel.answered = true;
    return ok(0);
  }),
  spec('ASYNCAGI BREAK', 0, true, 'Interrupts Async AGI', () => ok(0)),
  spec('CHANNEL STATUS', 0, false, 'Returns status of the connected channel.', (_, channel) => ok(channel.answered ? 6 : 4)),
  spec('DATABASE DEL', 2, true, 'Removes database key/value', ([family, key], channel) =>
    ok(channel.database.delete(`${family}/${key}`) ? 1 : 0),
  ),
  spec('DATABASE GET', 2, true, 'Gets database value', ([family, key], channel) => {
    const value = channel.database.get(`${family}/${key}`);
    return value === undefined ? ok(0) : ok(1, value);
  }),
  spec('DATABASE PUT', 3, true, 'Adds/updates database value', ([family, key, value], channel) => {
    channel.database.set(`${family}/${key}`, value ?? '');
    return ok(1);
  }),
  spec('EXEC', 1, true, 'Executes a given Application', ([application = '', options = ''], channel) => {
    if (!KNOWN_APPLICATIONS.has(application.toLowerCase())) return ok(-2);
    const assignment = /^([^=]+)=(.*)$/.exec(options);
    if (application.toLowerCase() === 'set' && assignment) channel.variables.set(assignment[1] ?? '', assignment[2] ?? '');
    return ok(0);
  }),
  spec('GET DATA', 1, false, 'Prompts for DTMF on a channel', () => ok('', 'timeout')),
  spec('GET FULL VARIABLE', 1, true, 'Evaluates a channel expression', ([expression = ''], channel) =>
    ok(1, expression.replace(/\$\{([^}]*)\}/g, (_, name: string) => lookup(channel, name) ?? '')),
  ),
  spec('GET VARIABLE', 1, true, 'Gets a channel variable.', ([name = ''], channel) => {
    const value = lookup(channel, name);
    return value === undefined ? ok(0) : ok(1, value);
  }),
  spec('HANGUP', 0, false, 'Hangup a channel.', (_, channel) => {
    channel.dead = true;
    return ok(1);
  }),
  spec('NOOP', 0, true, 'Does nothing.', () => ok(0)),
  spec('RECEIVE CHAR', 1, false, 'Receives one character from channels supporting it.', () => ok(-1, 'hangup')),
  spec('SAY DIGITS', 2, false, 'Says a given digit string.', () => ok(0)),
  spec('SAY NUMBER', 2, false, 'Says a given number.', () => ok(0)),
  spec('SET CALLERID', 1, false, 'Sets callerid for the current channel.', () => ok(1)),
  spec('SET CONTEXT', 1, false, 'Sets channel context.', () => ok(0)),
  spec('SET EXTENSION', 1, false, 'Changes channel extension.', () => ok(0)),
  spec('SET PRIORITY', 1, false, 'Set channel dialplan priority.', () => ok(0)),
  spec('SET VARIABLE', 2, true, 'Sets a variable to the current channel.', ([name = '', value = ''], channel) => {
    channel.variables.set(name, value);
    return ok(1);
  }),
  spec('STREAM FILE', 2, false, 'Sends audio file on channel.', ([file = '']) => {
    const length = SOUND_LENGTHS.get(file);
    return length === undefined ? `${ok(-1)} endpos=0` : `${ok(0)} endpos=${length}`;
  }),
  spec('VERBOSE', 1, true, 'Logs a message to the asterisk verbose log.', () => ok(1)),
  spec('WAIT FOR DIGIT', 1, false, 'Waits for a digit to be pressed.', () => ok(0)),
];

/** Splits a command line like res_agi.c parse_args: double quotes group, backslash escapes. */
export function parseAgiArguments(line: string): string[] {
  const args: string[] = [];
  let current: string | undefined;
  let quoted = false;
  let escaped = false;
  for (const char of line) {
    if (escaped) {
      current = (current ?? '') + char;
      escaped = false;
    } else if (char === '\\') {
      escaped = true;
    } else if (char === '"') {
      quoted = !quoted;
      current ??= '';
    } else if ((char === ' ' || char === '\t') && !quoted) {
      if (current !== undefined) args.push(current);
      current = undefined;
    } else {
      current = (current ?? '') + char;
    }
  }
  if (current !== undefined) args.push(current);
  return args;
}

function findCommand(argv: readonly string[]): CommandSpec | undefined {
  return COMMANDS.find((command) => command.words.every((word, index) => argv[index]?.toUpperCase() === word));
}

function respond(line: string, channel: Channel): string {
  const argv = parseAgiArguments(line);
  const command = findCommand(argv);
  if (!command) return UNKNOWN_COMMAND;
  if (channel.dead && !command.deadOk) return DEAD_CHANNEL;
  const args = argv.slice(command.words.length);
  if (args.length < command.minArgs) {
    return ['520-Invalid command syntax.  Proper usage follows:', command.usage, '520 End of proper usage.'].join('\n');
  }
  return command.run(args, channel);
}

let peerCount = 0;

function environmentBlock(options: AgiPeerOptions, channel: Channel): string {
  const vars: [string, string][] = [
    ['network', 'yes'],
    ['network_script', options.script],
    ['request', `agi://${options.host}:${options.port}/${options.script}`],
    ['channel', channel.name],
    ['language', 'en'],
    ['type', channel.name.split('/')[0] ?? 'Local'],
    ['uniqueid', channel.uniqueId],
    ['version', '22.10.1'],
    ['callerid', options.callerId ?? 'unknown'],
    ['calleridname', options.callerIdName ?? 'unknown'],
    ['callingpres', options.callerId === undefined ? '67' : '0'],
    ['callingani2', '0'],
    ['callington', '0'],
    ['callingtns', '0'],
    ['dnid', options.dnid ?? 'unknown'],
    ['rdnis', 'unknown'],
    ['context', options.context ?? 'agi-test'],
    ['extension', options.extension ?? '100'],
    ['priority', String(options.priority ?? 2)],
    ['enhanced', '0.0'],
    ['accountcode', options.accountCode ?? ''],
    ['threadid', '139971322525376'],
    ...(options.args ?? []).map((value, index): [string, string] => [`arg_${index + 1}`, value]),
  ];
  return `${vars.map(([name, value]) => `agi_${name}: ${value}\n`).join('')}\n`;
}

/** Connects, plays one call, and resolves when the connection is closed. */
export function connectAgiPeer(options: AgiPeerOptions): Promise<AgiPeerResult> {
  peerCount += 1;
  const channel: Channel = {
    name: options.channel ?? `Local/${options.extension ?? '100'}@agi-test-${peerCount.toString(16).padStart(8, '0')};2`,
    uniqueId: options.uniqueId ?? `${1795304775 + peerCount}.${peerCount}`,
    variables: new Map(Object.entries(options.variables ?? {})),
    database: new Map(),
    answered: options.answered ?? false,
    dead: false,
  };
  const commands: string[] = [];
  const sent: string[] = [];
  let closedBy: AgiPeerResult['closedBy'] = 'server';
  let hangupSignalled = false;
  let partial = '';
  let connected = false;

  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: options.host, port: options.port, allowHalfOpen: true });
    const send = (text: string): void => {
      sent.push(...text.split('\n'));
      socket.write(`${text}\n`);
    };
    const reset = (): void => {
      closedBy = 'peer';
      socket.resetAndDestroy();
    };

    const onCommand = (line: string): void => {
      commands.push(line);
      const count = commands.length;
      if (socket.destroyed || count === options.stallOnCommand) return;
      if (channel.dead && !hangupSignalled) {
        hangupSignalled = true;
        send('HANGUP');
      }
      send(respond(line, channel));
      if (count === options.hangupAfterCommands) channel.dead = true;
      if (count === options.resetAfterCommands) reset();
    };

    socket.setEncoding('utf8');
    socket.once('connect', () => {
      connected = true;
      options.onConnected?.();
      const block = options.rawEnvBlock ?? environmentBlock(options, channel);
      if (options.holdEnvEndUntil) {
        socket.write(block.slice(0, -1));
        void options.holdEnvEndUntil.then(() => socket.writable && socket.write('\n'));
      } else {
        socket.write(block);
      }
      if (options.resetAfterEnv) reset();
    });
    socket.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onCommand(line);
    });
    // Asterisk answers the server's close with a final HANGUP, even on a live channel.
    socket.on('end', () => {
      if (socket.destroyed) return;
      sent.push('HANGUP');
      socket.end('HANGUP\n');
    });
    // After the connection is up, errors (the server resetting us) just end the call.
    socket.on('error', (error) => {
      if (!connected) reject(error);
    });
    socket.on('close', () => resolve({ variables: channel.variables, commands, sent, closedBy }));
  });
}
