/**
 * A private real Asterisk for the live-floor tests: queues with Local-channel members,
 * CDR and CEL over AMI, a phone and a caller context. The minimum this feature needs
 * until the shared harness (issue 6, test/support/asterisk.ts) lands on main; then this
 * file moves onto it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Test } from 'tap';
import { waitFor } from './wait.js';

export { ASTERISK_ENV, asteriskOrSkip } from './asterisk.js';

const MODULES = [
  'pbx_config', 'app_queue', 'app_dial', 'app_userevent', 'func_callerid', 'func_channel', 'func_strings',
  'bridge_simple', 'res_timing_timerfd', 'res_manager_devicestate', 'cdr_manager', 'cel_manager', 'app_cdr', 'func_cdr',
];

export const QUEUES = ['support', 'sales'] as const;

/**
 * `t-agents`: an agent's phone; `agentN` answers after a second and stays up,
 * `busyN` is busy. `t-callers`: a caller entering a queue (`Local/<queue>@t-callers`).
 * `t-c2c`: the far end of a click-to-call, answers and stays up.
 */
const DIALPLAN = `
[general]
static = yes
writeprotect = yes

[t-agents]
exten => _age[n]t.,1,Ringing()
 same => n,Wait(0.5)
 same => n,Answer()
 same => n,Wait(600)
exten => _bus[y].,1,Busy(5)

[t-callers]
exten => _X.,1,Hangup()
exten => _[a-z].,1,Answer()
 same => n,Queue(\${EXTEN},r,,,30)
 same => n,Hangup()

[t-c2c]
exten => _X.,1,Answer()
 same => n,Wait(600)
`;

const QUEUES_CONF = [
  '[general]', 'persistentmembers = no', 'shared_lastcall = no',
  ...QUEUES.flatMap((queue) => [
    `[${queue}]`, 'strategy = ringall', 'joinempty = yes', 'leavewhenempty = no', 'ringinuse = no',
    'timeout = 5', 'retry = 1', 'announce-frequency = 0', 'periodic-announce-frequency = 0', 'announce-holdtime = no',
  ]),
].join('\n');

export interface TestAsterisk {
  readonly amiPort: number;
  readonly ami: { readonly username: string; readonly secret: string };
  cli(command: string): Promise<string>;
  /** Kills Asterisk (SIGKILL: a crash) and starts it again on the same ports. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFloorAsterisk(t: Test, asteriskDir: string): Promise<TestAsterisk> {
  const dir = await mkdtemp('/tmp/mdyf-');
  const amiPort = await freePort();
  const ami = { username: 'mayday-floor', secret: randomUUID() };
  await writeRunDirectory(dir, asteriskDir, amiPort, ami);
  const env = { ...process.env, LD_LIBRARY_PATH: join(asteriskDir, 'lib') };
  const binary = join(asteriskDir, 'sbin', 'asterisk');
  const confPath = join(dir, 'etc', 'asterisk.conf');
  const cli = (command: string) =>
    new Promise<string>((done, fail) => execFile(binary, ['-C', confPath, '-rx', command], { env, timeout: 10_000 }, (error, stdout) => (error ? fail(error) : done(stdout))));

  let child: ChildProcess;
  const boot = async () => {
    child = spawn(binary, ['-f', '-n', '-C', confPath], { env, stdio: 'ignore' });
    watchdog(child, dir);
    const started = child;
    try {
      await waitFor(
        async () => {
          if (started.exitCode !== null) throw new Error(`asterisk exited with ${started.exitCode}`);
          return (await cli('core waitfullybooted').catch(() => '')).includes('fully booted');
        },
        'asterisk to be fully booted',
        30_000,
      );
    } catch (error) {
      const log = await readFile(join(dir, 'log', 'messages'), 'utf8').catch(() => '');
      throw new Error(`${(error as Error).message}\n--- log/messages ---\n${log}`);
    }
  };
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= kill('SIGTERM').then(() => rm(dir, { recursive: true, force: true })));
  t.teardown(stop);
  await boot();
  return {
    amiPort,
    ami,
    cli,
    async restart() {
      await kill('SIGKILL');
      await boot();
    },
    stop,
  };
}

async function writeRunDirectory(dir: string, asteriskDir: string, amiPort: number, ami: { username: string; secret: string }) {
  const sub = (name: string) => join(dir, name);
  for (const name of ['etc', 'data', 'db', 'agi-bin', 'spool', 'run', 'log', 'cache']) await mkdir(sub(name), { recursive: true });
  const documentation = join(asteriskDir, 'var/lib/asterisk/documentation');
  if (existsSync(documentation)) await symlink(documentation, sub('data/documentation'));
  const files: Record<string, string> = {
    'asterisk.conf': [
      '[directories]',
      ...Object.entries({ astetcdir: 'etc', astdatadir: 'data', astvarlibdir: 'data', astdbdir: 'db', astkeydir: 'data', astagidir: 'agi-bin', astspooldir: 'spool', astrundir: 'run', astlogdir: 'log', astcachedir: 'cache' }).map(
        ([key, name]) => `${key} => ${sub(name)}`,
      ),
      `astmoddir => ${join(asteriskDir, 'lib/asterisk/modules')}`,
      `astsbindir => ${join(asteriskDir, 'sbin')}`,
    ].join('\n'),
    'modules.conf': ['[modules]', 'autoload = no', ...MODULES.map((name) => `load => ${name}.so`)].join('\n'),
    'logger.conf': '[logfiles]\nmessages => notice,warning,error\n',
    'manager.conf': ['[general]', 'enabled = yes', 'bindaddr = 127.0.0.1', `port = ${amiPort}`, `[${ami.username}]`, `secret = ${ami.secret}`, 'read = all', 'write = all'].join('\n'),
    'cdr.conf': '[general]\nenable = yes\nunanswered = yes\ncongestion = yes\n',
    'cdr_manager.conf': '[general]\nenabled = yes\n',
    'cel.conf': '[general]\nenable = yes\napps = all\nevents = ALL\n[manager]\nenabled = yes\n',
    'queues.conf': QUEUES_CONF,
    'extensions.conf': DIALPLAN,
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'etc', name), `${text}\n`);
}

/** Kills Asterisk and removes its directory if the test process dies without its teardown. */
function watchdog(child: ChildProcess, dir: string): void {
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${child.pid} 2>/dev/null; do sleep 1; done; kill -0 ${process.pid} 2>/dev/null || { kill -9 ${child.pid} 2>/dev/null; rm -rf '${dir}'; }`;
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
