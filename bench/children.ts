import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../src/project-root.js';

const OUTPUT_TAIL_LINES = 40;
const STOP_GRACE_MS = 15_000;
const READY_POLL_MS = 100;
/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

const running = new Set<ChildProcess>();

/** A bench target running in its own Node process, so its memory is its own. */
export class BenchChild {
  private readonly process: ChildProcess;
  private readonly tail: string[] = [];
  private exitCode: number | null | undefined;
  private readonly exited: Promise<void>;

  /** `entry` is a path relative to the project root. */
  constructor(
    readonly name: string,
    entry: string,
    env: Readonly<Record<string, string>>,
  ) {
    // Compiled entries run as production does; TypeScript ones through `node --import tsx`
    // (one process: the tsx CLI would add a wrapper process).
    const args = entry.endsWith('.js') ? [entry] : ['--import', 'tsx', entry];
    this.process = spawn(process.execPath, args, {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(this.process);
    this.exited = new Promise((resolve) =>
      this.process.once('exit', (code) => {
        this.exitCode = code;
        running.delete(this.process);
        resolve();
      }),
    );
    for (const stream of [this.process.stdout, this.process.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.remember(chunk));
    }
  }

  get pid(): number {
    if (this.process.pid === undefined) throw new Error(`${this.name} did not start`);
    return this.process.pid;
  }

  /** The last lines the child printed, for error messages. */
  output(): string {
    return this.tail.join('\n');
  }

  printed(pattern: RegExp): boolean {
    return this.tail.some((line) => pattern.test(line));
  }

  /** Polls `check` until it holds; fails early with the child's output if the child dies. */
  async waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exitCode !== undefined) throw new Error(`${this.name} exited (code ${this.exitCode}) before ${what}:\n${this.output()}`);
      if (await check()) return;
      await sleep(READY_POLL_MS);
    }
    throw new Error(`${this.name}: no ${what} within ${timeoutMs} ms:\n${this.output()}`);
  }

  /** A field of /proc/<pid>/status in MB, e.g. VmHWM (peak resident set) or VmRSS. */
  async memoryMb(field: 'VmHWM' | 'VmRSS'): Promise<number> {
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
    const kilobytes = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
    if (kilobytes === undefined) throw new Error(`no ${field} in /proc/${this.pid}/status`);
    return Number(kilobytes) / 1024;
  }

  /** CPU time (user + system) the child has used so far, in ms, from /proc/<pid>/stat. */
  async cpuMs(): Promise<number> {
    const stat = await readFile(`/proc/${this.pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  }

  /** SIGTERM, then SIGKILL if the child has not exited after a grace period. */
  async stop(): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private remember(chunk: string): void {
    this.tail.push(...chunk.split('\n').filter((line) => line !== ''));
    this.tail.splice(0, Math.max(0, this.tail.length - OUTPUT_TAIL_LINES));
  }
}

/** Last resort on exit or a signal: no child outlives the bench. */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** A loopback port that was free a moment ago (for children that must be told their port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
