// The load generator: a lean FastAGI client that plays Asterisk's side of an `outbound`
// call (the same agi_* block as test/support/asterisk-agi-peer.ts, `200 result=1` to each
// SET VARIABLE, `HANGUP` after the server closes) without the full peer's command table,
// so the client costs as little as possible. Every target gets this same client.
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { BenchCall } from './fixtures.js';

const DEFAULT_SESSION_TIMEOUT_MS = 10_000;
const SET_VARIABLE_REPLY = '200 result=1\n';
const UNKNOWN_COMMAND_REPLY = '510 Invalid or unknown command\n';

export interface SessionOutcome {
  /** From the connect call until the server closed its side; NaN when it never did. */
  readonly latencyMs: number;
  readonly commands: number;
  readonly lastCommand: string | null;
  readonly error: string | null;
}

interface SessionOptions {
  readonly port: number;
  readonly call: BenchCall;
  readonly sequence: number;
  readonly timeoutMs?: number;
  /** Keeps the call open mid-script: the reply to the first command waits for this. */
  readonly holdFirstReply?: Promise<void>;
  readonly onFirstCommand?: () => void;
}

function environmentBlock(port: number, { agent, dialed }: BenchCall, sequence: number): string {
  const channel = `PJSIP/${agent}-${sequence.toString(16).padStart(8, '0')}`;
  return [
    'agi_network: yes',
    'agi_network_script: outbound',
    `agi_request: agi://127.0.0.1:${port}/outbound`,
    `agi_channel: ${channel}`,
    'agi_language: en',
    'agi_type: PJSIP',
    `agi_uniqueid: 1795304775.${sequence}`,
    'agi_version: 22.10.1',
    `agi_callerid: ${agent}`,
    `agi_calleridname: Agent ${agent}`,
    'agi_callingpres: 0',
    'agi_callingani2: 0',
    'agi_callington: 0',
    'agi_callingtns: 0',
    `agi_dnid: ${dialed}`,
    'agi_rdnis: unknown',
    'agi_context: agents',
    `agi_extension: ${dialed}`,
    'agi_priority: 2',
    'agi_enhanced: 0.0',
    'agi_accountcode: ',
    'agi_threadid: 139971322525376',
    `agi_arg_1: ${agent}`,
    `agi_arg_2: ${dialed}`,
    '',
    '',
  ].join('\n');
}

/** Plays one call; never rejects (a failed call is an outcome with an error). */
export function playSession(options: SessionOptions): Promise<SessionOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    let latencyMs = Number.NaN;
    let commands = 0;
    let lastCommand: string | null = null;
    let error: string | null = null;
    let partial = '';

    const socket = connect({ host: '127.0.0.1', port: options.port, allowHalfOpen: true });
    const timer = setTimeout(() => {
      error ??= 'timed out';
      socket.destroy();
    }, options.timeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS);
    const reply = (text: string): void => {
      if (socket.writable) socket.write(text);
    };

    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.once('connect', () => socket.write(environmentBlock(options.port, options.call, options.sequence)));
    socket.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        commands += 1;
        lastCommand = line;
        const answer = line.startsWith('SET VARIABLE ') ? SET_VARIABLE_REPLY : UNKNOWN_COMMAND_REPLY;
        if (answer === UNKNOWN_COMMAND_REPLY) error ??= `unexpected command: ${line}`;
        if (commands === 1 && options.holdFirstReply) {
          options.onFirstCommand?.();
          void options.holdFirstReply.then(() => reply(answer));
        } else {
          reply(answer);
        }
      }
    });
    // Asterisk answers the server's close with a last HANGUP.
    socket.on('end', () => {
      latencyMs = performance.now() - started;
      if (socket.writable) socket.end('HANGUP\n');
    });
    socket.on('error', (cause) => (error ??= cause.message));
    socket.on('close', () => {
      clearTimeout(timer);
      if (Number.isNaN(latencyMs)) error ??= 'connection lost before the server closed';
      resolve({ latencyMs, commands, lastCommand, error });
    });
  });
}

export interface LoadOptions {
  readonly port: number;
  readonly calls: readonly BenchCall[];
  readonly sessions: number;
  readonly concurrency: number;
  /** Every session must receive exactly this many commands to count as a success. */
  readonly expectedCommands: number;
  /** Keeps uniqueids distinct across runs against the same target. */
  readonly firstSequence: number;
}

/** What one run of calls measured; runs against the same target are summarized together. */
export interface LoadSample {
  readonly latenciesMs: readonly number[];
  readonly failures: readonly string[];
  readonly elapsedMs: number;
}

export interface LoadSummary {
  readonly sessions: number;
  readonly failures: number;
  readonly firstFailure: string | null;
  readonly sessionsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Runs `sessions` calls with `concurrency` of them in flight at all times. */
export async function runLoad(options: LoadOptions): Promise<LoadSample> {
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.sessions) {
      const index = next;
      next += 1;
      const call = options.calls[index % options.calls.length];
      if (call === undefined) throw new Error('runLoad needs at least one call');
      const outcome = await playSession({ port: options.port, call, sequence: options.firstSequence + index });
      const problem = sessionProblem(outcome, options.expectedCommands);
      if (problem === null) latenciesMs.push(outcome.latencyMs);
      else failures.push(problem);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.sessions) }, worker));
  return { latenciesMs, failures, elapsedMs: performance.now() - started };
}

/** Throughput counts successful sessions over the summed wall-clock time of the runs. */
export function summarize(samples: readonly LoadSample[]): LoadSummary {
  const sorted = Float64Array.from(samples.flatMap((sample) => sample.latenciesMs)).sort();
  const failures = samples.flatMap((sample) => sample.failures);
  const elapsedSeconds = samples.reduce((total, sample) => total + sample.elapsedMs, 0) / 1000;
  return {
    sessions: sorted.length + failures.length,
    failures: failures.length,
    firstFailure: failures[0] ?? null,
    sessionsPerSecond: sorted.length / elapsedSeconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}

export function sessionProblem(outcome: SessionOutcome, expectedCommands: number): string | null {
  if (outcome.error !== null) return outcome.error;
  if (outcome.commands !== expectedCommands) return `got ${outcome.commands} commands, expected ${expectedCommands}`;
  return null;
}

/** Nearest-rank percentile of ascending values; NaN when there are none. */
export function percentile(ascending: ArrayLike<number>, p: number): number {
  if (ascending.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * ascending.length);
  return ascending[Math.min(ascending.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export interface HoldOptions<T> {
  readonly port: number;
  readonly calls: readonly BenchCall[];
  readonly sessions: number;
  /** Sessions opened at a time (a burst of 1,000 connects would overflow the listen backlog). */
  readonly batch: number;
  readonly expectedCommands: number;
  readonly firstSequence: number;
  readonly timeoutMs: number;
  /** Runs while every session that got this far is open mid-script. */
  readonly whileHeld: (held: number) => Promise<T>;
}

export interface HoldResult<T> {
  readonly held: number;
  readonly failures: number;
  readonly firstFailure: string | null;
  readonly measured: T;
}

/** Opens `sessions` calls and keeps them all open at once, each waiting for the reply to its first command. */
export async function holdSessions<T>(options: HoldOptions<T>): Promise<HoldResult<T>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const outcomes: Promise<SessionOutcome>[] = [];
  let held = 0;
  for (let start = 0; start < options.sessions; start += options.batch) {
    const reached: Promise<unknown>[] = [];
    for (let index = start; index < Math.min(options.sessions, start + options.batch); index += 1) {
      const call = options.calls[index % options.calls.length];
      if (call === undefined) throw new Error('holdSessions needs at least one call');
      let onFirstCommand!: () => void;
      const firstCommand = new Promise<void>((resolve) => (onFirstCommand = resolve));
      const outcome = playSession({
        port: options.port,
        call,
        sequence: options.firstSequence + index,
        timeoutMs: options.timeoutMs,
        holdFirstReply: released,
        onFirstCommand: () => {
          held += 1;
          onFirstCommand();
        },
      });
      outcomes.push(outcome);
      // A session that fails before its first command must not stall the batch.
      reached.push(Promise.race([firstCommand, outcome]));
    }
    await Promise.all(reached);
  }
  let measured: T;
  try {
    measured = await options.whileHeld(held);
  } finally {
    release();
  }
  const problems = (await Promise.all(outcomes))
    .map((outcome) => sessionProblem(outcome, options.expectedCommands))
    .filter((problem): problem is string => problem !== null);
  return { held, failures: problems.length, firstFailure: problems[0] ?? null, measured };
}
