import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { Test } from 'tap';
import { projectRoot } from '../../src/project-root.js';
import { AmiClient, type AmiMessage } from './ami-client.js';
import { waitFor } from './wait.js';

// One private Asterisk per test file: its own temporary directory, free ports, written
// config, and Mayday's dialplan include installed as the README's wiring section says.
// Fake trunks and phones are dialplan contexts that report what reached them with
// `UserEvent(FakeEndpoint)` and then answer, or fail, as their mode says.

export const ASTERISK_ENV = 'MAYDAY_TEST_ASTERISK';

/** What a fake endpoint does once reached; `chanunavail` hangs up with cause 3 (no route), which Dial reports as CHANUNAVAIL. */
export type FakeMode = 'answer' | 'busy' | 'congestion' | 'chanunavail' | 'noanswer';

export interface TestAsteriskOptions {
  /** Values for the include's `[globals]`, written into the installed copy as an admin would edit it. */
  readonly maydayGlobals?: Readonly<Record<string, string>>;
  /** Fake trunks and phones by name (dial them as `Local/<number>@fake-<name>`), with their first mode. */
  readonly endpoints?: Readonly<Record<string, FakeMode>>;
  /** Sounds to generate under `sounds/en/` (a short tone each), e.g. the reject sound. */
  readonly sounds?: readonly string[];
  /** More dialplan, appended to extensions.conf. */
  readonly dialplan?: string;
  /** Load ARI (res_ari*, res_stasis*) too. */
  readonly ari?: boolean;
  /** More modules to load, e.g. `app_queue` (without `.so`). */
  readonly modules?: readonly string[];
  /** More config files under etc/ by name (e.g. `queues.conf`); they replace the harness's own of that name. */
  readonly files?: Readonly<Record<string, string>>;
}

export interface PlacedCall {
  /** Uniqueid of the agent's channel, and the Linkedid of every leg of the call. */
  readonly id: string;
  readonly agent: string;
  readonly dialed: string;
}

export interface FakeEndpointHit {
  readonly endpoint: string;
  readonly number: string;
  readonly callerIdNum: string;
  readonly callerIdName: string;
}

/** Everything AMI reported about one call, once the agent's channel hung up. */
export interface CallTrace {
  readonly events: readonly AmiMessage[];
  /** The fake endpoints the call reached, in order. */
  readonly reached: readonly FakeEndpointHit[];
  /** Each DIALSTATUS the agent's channel got, in order. */
  readonly dialStatuses: readonly string[];
  /** The dialplan applications the agent's channel ran, e.g. `Playback(ss-noservice,noanswer)`. */
  readonly applications: readonly string[];
  /** The agent channel's own variables as last set (MAYDAY_RESULT, AGISTATUS, …). */
  readonly variables: ReadonlyMap<string, string>;
}

export interface TestAsterisk {
  readonly dir: string;
  readonly amiPort: number;
  readonly httpPort: number;
  /** The test's own AMI connection (a new one after `restart()`). */
  readonly ami: AmiClient;
  /** The AMI account (read and write all), for a client under test. */
  readonly amiUser: { readonly username: string; readonly secret: string };
  readonly ariUser: { readonly username: string; readonly password: string };
  /** Runs a CLI command over the control socket and returns its output. */
  cli(command: string): Promise<string>;
  /** The run's log/messages file (notices, warnings, errors, verbose). */
  log(): Promise<string>;
  setMode(endpoint: string, mode: FakeMode): Promise<void>;
  /**
   * An agent's phone (a Local channel) dials `dialed` from `context` (default: the one the
   * include is wired into); `variables` are set on the agent's channel first (they shadow globals).
   */
  placeCall(agent: string, dialed: string, options?: { context?: string; variables?: Record<string, string> }): Promise<PlacedCall>;
  /** Waits until the agent's channel hangs up and returns what happened on the call. */
  finished(call: PlacedCall, timeoutMs?: number): Promise<CallTrace>;
  /** Kills Asterisk (SIGKILL: a crash) and boots it again on the same ports and config. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const AMI_USER = { username: 'mayday-test', secret: randomUUID() };
const ARI_USER = { username: 'mayday-test', password: randomUUID() };
const BOOT_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

const BASE_MODULES = [
  'pbx_config', 'res_speech', 'res_agi', 'app_dial', 'app_playback', 'app_userevent', 'func_callerid', 'func_global',
  'func_logic', 'func_strings', 'func_channel', 'bridge_simple', 'res_timing_timerfd', 'format_wav', 'format_sln',
  'format_pcm', 'codec_ulaw', 'codec_alaw',
];
const ARI_MODULES = [
  'res_http_websocket', 'res_sorcery_config', 'res_sorcery_memory', 'res_websocket_client', 'res_stasis', 'res_ari', 'res_ari_model', 'res_ari_applications', 'res_ari_asterisk',
  'res_ari_bridges', 'res_ari_channels', 'res_ari_endpoints', 'res_ari_events', 'res_ari_playbacks',
  'res_ari_recordings', 'res_ari_sounds', 'res_ari_device_states', 'res_stasis_answer', 'res_stasis_playback',
  'res_stasis_recording', 'res_stasis_snoop', 'res_stasis_device_state', 'app_stasis',
];

/** The Asterisk directory named by MAYDAY_TEST_ASTERISK, or null after planning the file as skipped. */
export function asteriskOrSkip(t: Test): string | null {
  const configured = process.env[ASTERISK_ENV];
  if (configured === undefined || configured === '') {
    t.plan(0, `${ASTERISK_ENV} is not set: these tests need a real Asterisk 22 (see README, Tests)`);
    return null;
  }
  const dir = resolve(configured);
  if (!existsSync(join(dir, 'sbin', 'asterisk'))) {
    throw new Error(`${ASTERISK_ENV}=${configured}: no sbin/asterisk there`);
  }
  return dir;
}

/** What the harness needs of a tap test (or of a bench run): somewhere to register cleanup. */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

/** Starts a private Asterisk, fully booted, with AMI logged in; stopped and removed at teardown. */
export async function startTestAsterisk(t: Teardown, asteriskDir: string, options: TestAsteriskOptions = {}): Promise<TestAsterisk> {
  // The control socket lives under the run directory, and Unix socket paths must stay short.
  const dir = await mkdtemp('/tmp/mdy-');
  const [amiPort, httpPort] = await Promise.all([freePort(), freePort()]);
  const confPath = join(dir, 'etc', 'asterisk.conf');
  await writeRunDirectory(dir, asteriskDir, amiPort, httpPort, options);

  const env = { ...process.env, LD_LIBRARY_PATH: join(asteriskDir, 'lib') };
  const binary = join(asteriskDir, 'sbin', 'asterisk');
  const cli = (command: string) => runCli(binary, env, confPath, command);
  const readLog = () => readFile(join(dir, 'log', 'messages'), 'utf8').catch(() => '');

  let child: ChildProcess | null = null;
  let ami: AmiClient | null = null;
  let stopped: Promise<void> | null = null;
  const stop = () => (stopped ??= stopAsterisk(child, ami, dir));
  t.teardown(stop);

  const boot = async () => {
    const started = spawn(binary, ['-f', '-n', '-C', confPath], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    for (const stream of [started.stdout, started.stderr]) stream?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    startWatchdog(started, dir);
    try {
      await waitFor(
        async () => {
          if (started.exitCode !== null) throw new Error(`asterisk exited with ${started.exitCode}: ${output}`);
          return (await cli('core waitfullybooted').catch(() => '')).includes('fully booted');
        },
        'asterisk to be fully booted',
        BOOT_TIMEOUT_MS,
      );
      ami = await AmiClient.connect({ port: amiPort, username: AMI_USER.username, secret: AMI_USER.secret });
    } catch (error) {
      const log = await readLog();
      await stop();
      throw new Error(`${(error as Error).message}\n--- log/messages ---\n${log}`);
    }
  };
  await boot();
  const client = () => {
    if (ami === null) throw new Error('the test Asterisk is not running');
    return ami;
  };

  return {
    dir,
    amiPort,
    httpPort,
    get ami() {
      return client();
    },
    amiUser: AMI_USER,
    ariUser: ARI_USER,
    cli,
    log: readLog,
    async restart() {
      ami?.close();
      ami = null;
      await killAsterisk(child, 'SIGKILL');
      await boot();
    },
  async setMode(endpoint, mode) {
      await client().succeed({ Action: 'Setvar', Variable: modeVariable(endpoint), Value: mode });
    },
    async placeCall(agent, dialed, { context = 't-agents', variables = {} } = {}) {
      const id = `call-${randomUUID()}`;
      await client().succeed({
        Action: 'Originate',
        Channel: 'Local/s@t-phone',
        Context: context,
        Exten: dialed,
        Priority: '1',
        CallerID: `"Agent ${agent}" <${agent}>`,
        Timeout: '10000',
        Async: 'true',
        ChannelId: id,
        OtherChannelId: `${id}-phone`,
        ...(Object.keys(variables).length > 0 && {
          Variable: Object.entries(variables).map(([name, value]) => `${name}=${value}`).join(','),
        }),
      });
      return { id, agent, dialed };
    },
    async finished(call, timeoutMs = 20_000) {
      await client().waitForEvent(
        (event) => event.Event === 'Hangup' && event.Uniqueid === call.id,
        `the call ${call.agent} → ${call.dialed} to end`,
        timeoutMs,
      );
      return traceOf(client().events.filter((event) => event.Linkedid === call.id), call.id);
    },
    stop,
  };
}

function traceOf(events: AmiMessage[], agentChannel: string): CallTrace {
  const own = events.filter((event) => event.Uniqueid === agentChannel);
  const variables = new Map<string, string>();
  for (const event of own) if (event.Event === 'VarSet') variables.set(event.Variable ?? '', event.Value ?? '');
  return {
    events,
    reached: events
      .filter((event) => event.Event === 'UserEvent' && event.UserEvent === 'FakeEndpoint')
      .map((event) => ({
        endpoint: event.Endpoint ?? '',
        number: event.Number ?? '',
        callerIdNum: event.CallerIdNum ?? '',
        callerIdName: event.CallerIdName ?? '',
      })),
    dialStatuses: dialStatusesOf(own),
    applications: own.filter((event) => event.Event === 'Newexten').map((event) => `${event.Application}(${event.AppData ?? ''})`),
    variables,
  };
}

/** The DIALSTATUS each Dial() ended with (Dial clears it when it starts and may set it more than once). */
function dialStatusesOf(events: readonly AmiMessage[]): string[] {
  const statuses: string[] = [];
  for (const event of events) {
    if (event.Event === 'Newexten' && event.Application === 'Dial') statuses.push('');
    else if (event.Event === 'VarSet' && event.Variable === 'DIALSTATUS' && statuses.length > 0) {
      statuses[statuses.length - 1] = event.Value ?? '';
    }
  }
  return statuses;
}

function modeVariable(endpoint: string): string {
  return `FAKE_MODE_${endpoint}`;
}

async function writeRunDirectory(dir: string, asteriskDir: string, amiPort: number, httpPort: number, options: TestAsteriskOptions) {
  const sub = (name: string) => join(dir, name);
  for (const name of ['etc', 'data/sounds/en', 'db', 'agi-bin', 'spool', 'run', 'log', 'cache']) {
    await mkdir(sub(name), { recursive: true });
  }
  await symlink(join(asteriskDir, 'var/lib/asterisk/rest-api'), sub('data/rest-api'));
  const documentation = join(asteriskDir, 'var/lib/asterisk/documentation');
  if (existsSync(documentation)) await symlink(documentation, sub('data/documentation'));
  for (const sound of options.sounds ?? []) await writeFile(sub(`data/sounds/en/${sound}.wav`), toneWav());

  const files: Record<string, string> = {
    'asterisk.conf': [
      '[directories]',
      `astetcdir => ${sub('etc')}`,
      `astmoddir => ${join(asteriskDir, 'lib/asterisk/modules')}`,
      `astdatadir => ${sub('data')}`,
      `astvarlibdir => ${sub('data')}`,
      `astdbdir => ${sub('db')}`,
      `astkeydir => ${sub('data')}`,
      `astagidir => ${sub('agi-bin')}`,
      `astspooldir => ${sub('spool')}`,
      `astrundir => ${sub('run')}`,
      `astlogdir => ${sub('log')}`,
      `astsbindir => ${join(asteriskDir, 'sbin')}`,
      `astcachedir => ${sub('cache')}`,
      '[options]',
      'verbose = 3',
    ].join('\n'),
    'modules.conf': [
      '[modules]',
      'autoload = no',
      ...[...BASE_MODULES, ...(options.ari ? ARI_MODULES : []), ...(options.modules ?? [])].map((name) => `load => ${name}.so`),
    ].join('\n'),
    'logger.conf': '[logfiles]\nmessages => notice,warning,error,verbose(3)\n',
    'manager.conf': [
      // Timestamps let a latency measure use Asterisk's own clock for both ends of a call.
      '[general]', 'enabled = yes', 'bindaddr = 127.0.0.1', `port = ${amiPort}`, 'timestampevents = yes',
      `[${AMI_USER.username}]`, `secret = ${AMI_USER.secret}`, 'read = all', 'write = all',
    ].join('\n'),
    'http.conf': ['[general]', 'enabled = yes', 'bindaddr = 127.0.0.1', `bindport = ${httpPort}`].join('\n'),
    'ari.conf': [
      '[general]', 'enabled = yes',
      `[${ARI_USER.username}]`, 'type = user', 'read_only = no', `password = ${ARI_USER.password}`,
    ].join('\n'),
    // Core parts read these at boot and log an error when they are missing; defaults suit the tests.
    ...Object.fromEntries(['ccss.conf', 'cdr.conf', 'cel.conf', 'features.conf', 'acl.conf', 'udptl.conf', 'stasis.conf', 'websocket_client.conf'].map((name) => [name, ''])),
    'indications.conf': ['[general]', 'country = us', '[us]', 'description = United States', 'ringcadence = 2000,4000',
      'dial = 350+440', 'busy = 480+620/500,0/500', 'ring = 440+480/2000,0/4000', 'congestion = 480+620/250,0/250'].join('\n'),
    'extensions.conf': extensionsConf(options),
    'extensions_mayday.conf': await installedInclude(options.maydayGlobals ?? {}),
    ...options.files,
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'etc', name), `${text}\n`);
}

/** The project's include, copied with its `[globals]` values edited, as the README's wiring section tells users. */
async function installedInclude(globals: Readonly<Record<string, string>>): Promise<string> {
  let text = await readFile(join(projectRoot, 'dialplan', 'extensions_mayday.conf'), 'utf8');
  for (const [name, value] of Object.entries(globals)) {
    const line = new RegExp(`^${name}=.*$`, 'm');
    if (!line.test(text)) throw new Error(`dialplan/extensions_mayday.conf has no ${name}= line in its [globals]`);
    text = text.replace(line, () => `${name}=${value}`);
  }
  return text;
}

function extensionsConf(options: TestAsteriskOptions): string {
  const endpoints = Object.entries(options.endpoints ?? {});
  return [
    '[general]',
    'static = yes',
    'writeprotect = yes',
    '',
    '[globals]',
    ...endpoints.map(([name, mode]) => `${modeVariable(name)}=${mode}`),
    '',
    '#include extensions_mayday.conf',
    '',
    "; The agents' phones' context, wired as the README says.",
    '[t-agents]',
    'include => mayday-outbound',
    '',
    "; The agent's phone: answers the originate and stays up until the call ends.",
    '[t-phone]',
    'exten => s,1,Answer()',
    ' same => n,Wait(120)',
    '',
    ...endpoints.flatMap(([name]) => [
      `[fake-${name}]`,
      `exten => _[0-9+*#].,1,UserEvent(FakeEndpoint,Endpoint: ${name},Number: \${EXTEN},CallerIdNum: \${CALLERID(num)},CallerIdName: \${CALLERID(name)})`,
      ` same => n,Goto(fake-mode-\${GLOBAL(${modeVariable(name)})},s,1)`,
      '',
    ]),
    '[fake-mode-answer]',
    'exten => s,1,Answer()',
    ' same => n,Hangup()',
    '[fake-mode-busy]',
    'exten => s,1,Busy(5)',
    '[fake-mode-congestion]',
    'exten => s,1,Congestion(5)',
    '[fake-mode-chanunavail]',
    'exten => s,1,Hangup(3)',
    '[fake-mode-noanswer]',
    'exten => s,1,Ringing()',
    ' same => n,Wait(120)',
    '',
    options.dialplan ?? '',
  ].join('\n');
}

/** 0.2 s of a 440 Hz tone: 8 kHz, 16-bit, mono WAV. */
function toneWav(): Buffer {
  const samples = 1600;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

function runCli(binary: string, env: NodeJS.ProcessEnv, confPath: string, command: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(binary, ['-C', confPath, '-rx', command], { env, timeout: 10_000 }, (error, stdout) => {
      if (error) reject(error);
      else resolvePromise(stdout);
    });
  });
}

async function stopAsterisk(child: ChildProcess | null, ami: AmiClient | null, dir: string): Promise<void> {
  ami?.close();
  await killAsterisk(child, 'SIGTERM');
  await rm(dir, { recursive: true, force: true });
}

/** Sends `signal` and waits for the exit (SIGKILL after STOP_TIMEOUT_MS). */
async function killAsterisk(child: ChildProcess | null, signal: NodeJS.Signals): Promise<void> {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Kills Asterisk and removes its directory if this test process dies without its teardown
 * (not when Asterisk alone exits: `restart()` boots it again in the same directory).
 */
function startWatchdog(child: ChildProcess, dir: string): void {
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${child.pid} 2>/dev/null; do sleep 1; done; kill -0 ${process.pid} 2>/dev/null || { kill -9 ${child.pid} 2>/dev/null; rm -rf '${dir}'; }`;
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}

/** A loopback port nothing listens on (free when this returns). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const address = server.address();
  await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
