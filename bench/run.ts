// `npm run bench`: the protocol floor, Mayday's `outbound` and a naive DB-per-call server,
// each in its own child process, driven by the same client in this process; then the peak
// memory of a fresh Mayday with 1,000 calls open at once; then, with MAYDAY_TEST_ASTERISK,
// originate → trunk latency through a real Asterisk (bench/asterisk-latency.ts); then the dashboard pages over
// 1,000,000 decision rows (bench/dashboard.ts); then the calls report over 100,000 call records,
// SQL GROUP BY beside per-row JavaScript (bench/reports.ts); then the what-if over 100,000 logged
// decisions and the History pages with 10,000 versions (bench/history.ts); then the Live page's push to 50 WebSocket
// clients beside a whole-board re-render per client (bench/live-board.ts). Figures go to stdout and
// bench/results.json; progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { projectRoot } from '../src/project-root.js';
import { connectAgiPeer } from '../test/support/asterisk-agi-peer.js';
import { formatAsteriskLatency, runAsteriskLatencyBench } from './asterisk-latency.js';
import { killAllChildren } from './children.js';
import { formatDashboardFigures, runDashboardBench } from './dashboard.js';
import { formatReportFigures, runReportsBench } from './reports.js';
import { formatHistoryFigures, runHistoryBench } from './history.js';
import { formatLiveBoardFigures, runLiveBoardBench } from './live-board.js';
import { dropBenchDatabase, seedBenchDatabase } from './database.js';
import { BENCH_CALLS, EXTRA_AGENTS, EXTRA_DIDS, benchConfigYaml, type BenchCall } from './fixtures.js';
import { holdSessions, runLoad, summarize, type LoadSample, type LoadSummary } from './load.js';
import { startFloor, startMayday, startNaive, type Target } from './targets.js';

const DATABASE_URL = 'mysql://root@127.0.0.1:3306/mayday_bench';
const REDIS_URL = 'redis://127.0.0.1:6379';
const SESSIONS = positiveInteger('BENCH_SESSIONS', 20_000);
const UNLOADED_SESSIONS = positiveInteger('BENCH_UNLOADED_SESSIONS', 1_000);
const WARMUP_SESSIONS = 500;
const CONCURRENCY = 100;
const ROUNDS = 4;
const PEER_TIMEOUT_MS = 5_000;
const HELD_SESSIONS = 1_000;
const HOLD_BATCH = 100;
const HOLD_TIMEOUT_MS = 25_000;
const GOALS = { throughputShareOfFloor: 0.6, p99Ms: 5, peakRssMb: 200 };
const RESULTS_FILE = new URL('./results.json', import.meta.url);

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return Number(raw);
}

const progress = (message: string): void => void process.stderr.write(`bench: ${message}\n`);

interface Reference {
  readonly commandsPerCall: number;
  /** The channel variables Mayday set for each bench call, to check the naive server against. */
  readonly variables: readonly string[];
}

/** One call through the full test peer, which has no timeout of its own. */
async function playWithPeer(target: Target, call: BenchCall): Promise<{ variables: string; result: string | undefined; commands: number }> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${target.child.name}: the test peer got no answer within ${PEER_TIMEOUT_MS} ms`)), PEER_TIMEOUT_MS);
  });
  try {
    const played = connectAgiPeer({ host: '127.0.0.1', port: target.agiPort, script: 'outbound', args: [call.agent, call.dialed] });
    const { variables, commands } = await Promise.race([played, timedOut]);
    return { variables: JSON.stringify(Object.fromEntries(variables)), result: variables.get('MAYDAY_RESULT'), commands: commands.length };
  } finally {
    clearTimeout(timer);
  }
}

/** Plays each bench call once through the full test peer and checks Mayday dialed it. */
async function recordReference(target: Target): Promise<Reference> {
  const counts = new Set<number>();
  const variables: string[] = [];
  for (const call of BENCH_CALLS) {
    const played = await playWithPeer(target, call);
    if (played.result !== 'DIAL') throw new Error(`Mayday did not dial ${call.agent} → ${call.dialed}: ${played.variables}`);
    counts.add(played.commands);
    variables.push(played.variables);
  }
  // The floor sends one fixed count, which is only faithful if every bench call sends the same.
  const [commandsPerCall, ...others] = counts;
  if (commandsPerCall === undefined || others.length > 0) throw new Error(`bench calls send different command counts: ${[...counts].join(', ')}`);
  return { commandsPerCall, variables };
}

async function checkSameDecisions(target: Target, reference: Reference): Promise<void> {
  for (const [index, call] of BENCH_CALLS.entries()) {
    const { variables } = await playWithPeer(target, call);
    if (variables !== reference.variables[index]) {
      throw new Error(`${target.child.name} decided ${call.agent} → ${call.dialed} differently:\n  ${variables}\n  Mayday: ${reference.variables[index]}`);
    }
  }
}

let sequence = 0;

type TargetName = 'floor' | 'mayday' | 'naive';
const TARGET_ORDER: readonly TargetName[] = ['floor', 'mayday', 'naive'];

interface TargetFigures {
  /** Saturated: CONCURRENCY calls in flight at all times. */
  readonly concurrent: LoadSummary;
  /** CPU time the target's process used per call during the saturated runs, in µs. */
  readonly cpuMicrosPerCall: number;
  /** One call at a time: the service time without queueing. */
  readonly unloaded: LoadSummary;
}

function load(target: Target, sessions: number, concurrency: number, commandsPerCall: number): Promise<LoadSample> {
  const options = { port: target.agiPort, calls: BENCH_CALLS, sessions, concurrency, expectedCommands: commandsPerCall, firstSequence: sequence };
  sequence += sessions;
  return runLoad(options);
}

/**
 * The saturated runs are interleaved in rounds (floor, mayday, naive, floor, ...), so that
 * noise from the shared machine and the kernel's growing TIME_WAIT table hit every target
 * alike instead of whichever happens to run last.
 */
async function measureThroughput(targets: Record<TargetName, Target>, commandsPerCall: number): Promise<Record<TargetName, TargetFigures>> {
  const concurrent: Record<TargetName, LoadSample[]> = { floor: [], mayday: [], naive: [] };
  const cpuMs: Record<TargetName, number> = { floor: 0, mayday: 0, naive: 0 };
  for (const name of TARGET_ORDER) {
    progress(`${name}: warm-up, ${WARMUP_SESSIONS} sessions`);
    await load(targets[name], WARMUP_SESSIONS, CONCURRENCY, commandsPerCall);
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    const sessions = Math.floor(SESSIONS / ROUNDS) + (round < SESSIONS % ROUNDS ? 1 : 0);
    for (const name of TARGET_ORDER) {
      progress(`${name}: round ${round + 1} of ${ROUNDS}, ${sessions} sessions, ${CONCURRENCY} concurrent`);
      const cpuBefore = await targets[name].child.cpuMs();
      concurrent[name].push(await load(targets[name], sessions, CONCURRENCY, commandsPerCall));
      cpuMs[name] += (await targets[name].child.cpuMs()) - cpuBefore;
    }
  }
  const figures = {} as Record<TargetName, TargetFigures>;
  for (const name of TARGET_ORDER) {
    progress(`${name}: ${UNLOADED_SESSIONS} sessions, one at a time`);
    const unloaded = summarize([await load(targets[name], UNLOADED_SESSIONS, 1, commandsPerCall)]);
    const summary = summarize(concurrent[name]);
    figures[name] = { concurrent: summary, cpuMicrosPerCall: (cpuMs[name] * 1000) / summary.sessions, unloaded };
    for (const [label, run] of [['concurrent', summary], ['one at a time', unloaded]] as const) {
      if (run.failures > 0) progress(`${name} (${label}): ${run.failures} sessions FAILED, first: ${run.firstFailure}`);
    }
  }
  return figures;
}

interface MemoryFigures {
  /** The fresh instance of the memory phase, right after start. */
  readonly idleRssMb: number;
  readonly heldSessions: number;
  readonly failedSessions: number;
  readonly rssWhileHeldMb: number;
  /** VmHWM of the fresh instance while the sessions were held: the figure the target is about. */
  readonly peakRssMb: number;
  /** VmHWM of the instance that served the saturated runs. */
  readonly peakRssAfterThroughputMb: number;
}

/** A fresh Mayday, warmed up like the others, then HELD_SESSIONS calls open at once. */
async function measureMemory(target: Target, commandsPerCall: number, peakRssAfterThroughputMb: number): Promise<MemoryFigures> {
  const idleRssMb = await target.child.memoryMb('VmRSS');
  progress(`mayday (fresh): warm-up, ${WARMUP_SESSIONS} sessions`);
  await load(target, WARMUP_SESSIONS, CONCURRENCY, commandsPerCall);
  progress(`mayday (fresh): holding ${HELD_SESSIONS} sessions open at once`);
  const started = Date.now();
  const result = await holdSessions({
    port: target.agiPort,
    calls: BENCH_CALLS,
    sessions: HELD_SESSIONS,
    batch: HOLD_BATCH,
    expectedCommands: commandsPerCall,
    firstSequence: sequence,
    timeoutMs: HOLD_TIMEOUT_MS,
    whileHeld: async () => ({ rssMb: await target.child.memoryMb('VmRSS'), peakMb: await target.child.memoryMb('VmHWM') }),
  });
  sequence += HELD_SESSIONS;
  progress(`mayday (fresh): ${result.held} sessions were held open, ${Date.now() - started} ms in all`);
  if (result.failures > 0) progress(`mayday (fresh): ${result.failures} held sessions FAILED, first: ${result.firstFailure}`);
  return {
    idleRssMb,
    heldSessions: result.held,
    failedSessions: result.failures,
    rssWhileHeldMb: result.measured.rssMb,
    peakRssMb: result.measured.peakMb,
    peakRssAfterThroughputMb,
  };
}

const number = (value: number, digits = 0): string =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
const verdict = (met: boolean): string => (met ? 'ok' : 'MISSED');

interface Figures {
  readonly floor: TargetFigures;
  readonly mayday: TargetFigures;
  readonly naive: TargetFigures;
  readonly memory: MemoryFigures;
  readonly commandsPerCall: number;
}

function judge({ floor, mayday, naive, memory }: Figures) {
  const shareOfFloor = mayday.concurrent.sessionsPerSecond / floor.concurrent.sessionsPerSecond;
  const overNaive = mayday.concurrent.sessionsPerSecond / naive.concurrent.sessionsPerSecond;
  const noFailures = mayday.concurrent.failures === 0 && mayday.unloaded.failures === 0;
  return {
    ratios: { maydayOverFloorThroughput: shareOfFloor, maydayOverNaiveThroughput: overNaive },
    checks: {
      throughput: { value: shareOfFloor, goal: GOALS.throughputShareOfFloor, met: shareOfFloor >= GOALS.throughputShareOfFloor && noFailures },
      p99Concurrent: { value: mayday.concurrent.p99Ms, goal: GOALS.p99Ms, met: mayday.concurrent.p99Ms <= GOALS.p99Ms && noFailures },
      p99Unloaded: { value: mayday.unloaded.p99Ms, goal: GOALS.p99Ms, met: mayday.unloaded.p99Ms <= GOALS.p99Ms && noFailures },
      peakRss: {
        value: memory.peakRssMb,
        goal: GOALS.peakRssMb,
        met: memory.peakRssMb <= GOALS.peakRssMb && memory.heldSessions === HELD_SESSIONS && memory.failedSessions === 0,
      },
    },
  };
}

function print(figures: Figures, { ratios, checks }: ReturnType<typeof judge>): void {
  const { floor, mayday, naive, memory } = figures;
  const row = (name: string, { concurrent, cpuMicrosPerCall, unloaded }: TargetFigures) =>
    name.padEnd(21) +
    number(concurrent.sessionsPerSecond).padStart(10) +
    number(cpuMicrosPerCall).padStart(10) +
    number(concurrent.p50Ms, 2).padStart(10) +
    number(concurrent.p99Ms, 2).padStart(10) +
    number(unloaded.p50Ms, 2).padStart(12) +
    number(unloaded.p99Ms, 2).padStart(10) +
    String(concurrent.failures + unloaded.failures).padStart(8);
  console.log(
    [
      '',
      `${number(SESSIONS)} sessions per target at ${CONCURRENCY} concurrent in ${ROUNDS} interleaved rounds (after ${WARMUP_SESSIONS} warm-up), then ${number(UNLOADED_SESSIONS)} one at a time;`,
      `${figures.commandsPerCall} SET VARIABLE round trips per call; every target in its own process; ${availableParallelism()} CPUs shared with the client and MariaDB`,
      '',
      `${''.padEnd(21)}${`${CONCURRENCY} concurrent`.padStart(40)}${'one at a time'.padStart(22)}`,
      `${'target'.padEnd(21)}${'sessions/s'.padStart(10)}${'CPU µs'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'p50 ms'.padStart(12)}${'p99 ms'.padStart(10)}${'failed'.padStart(8)}`,
      row('floor (raw net)', floor),
      row('mayday outbound', mayday),
      row('naive (DB per call)', naive),
      '',
      `mayday/floor throughput: ${number(ratios.maydayOverFloorThroughput * 100)}% (target >= ${GOALS.throughputShareOfFloor * 100}%) ${verdict(checks.throughput.met)}`,
      `mayday p99 at ${CONCURRENCY} concurrent: ${number(mayday.concurrent.p99Ms, 2)} ms (target <= ${GOALS.p99Ms} ms) ${verdict(checks.p99Concurrent.met)}` +
        `   one at a time: ${number(mayday.unloaded.p99Ms, 2)} ms ${verdict(checks.p99Unloaded.met)}`,
      `mayday/naive throughput: ${number(ratios.maydayOverNaiveThroughput, 1)}x`,
      `peak RSS (VmHWM) of a fresh mayday, ${number(memory.heldSessions)} of ${number(HELD_SESSIONS)} sessions held open: ${number(memory.peakRssMb)} MB ` +
        `(target <= ${GOALS.peakRssMb} MB) ${verdict(checks.peakRss.met)}`,
      `  RSS idle after start ${number(memory.idleRssMb)} MB, while the sessions were held ${number(memory.rssWhileHeldMb)} MB; ` +
        `peak of the mayday that served the saturated runs ${number(memory.peakRssAfterThroughputMb)} MB`,
      '',
    ].join('\n'),
  );
}

function buildProduction(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: projectRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

async function main(): Promise<void> {
  const [probe] = BENCH_CALLS;
  if (probe === undefined) throw new Error('no bench calls');
  const started: Target[] = [];
  const launch = async (start: () => Promise<Target>): Promise<Target> => {
    const target = await start();
    started.push(target);
    return target;
  };
  const stopAll = () => Promise.all(started.map((target) => target.child.stop()));
  try {
    progress('compiling mayday (npm run build) to run it as production does');
    buildProduction();
    progress('seeding mayday_bench');
    const configVersion = await seedBenchDatabase(DATABASE_URL, benchConfigYaml());
    const mayday = await launch(() => startMayday(DATABASE_URL, REDIS_URL, probe));
    const reference = await recordReference(mayday);
    const { commandsPerCall } = reference;
    progress(`mayday sends ${commandsPerCall} commands per bench call`);
    const floor = await launch(() => startFloor(commandsPerCall));
    const naive = await launch(() => startNaive(DATABASE_URL));
    await checkSameDecisions(naive, reference);

    const throughput = await measureThroughput({ floor, mayday, naive }, commandsPerCall);
    const floorFailures = throughput.floor.concurrent.failures + throughput.floor.unloaded.failures;
    if (floorFailures > 0) throw new Error(`the floor server failed ${floorFailures} sessions: the bench is broken`);
    const peakRssAfterThroughputMb = await mayday.child.memoryMb('VmHWM');
    await stopAll();

    const memory = await measureMemory(await launch(() => startMayday(DATABASE_URL, REDIS_URL, probe)), commandsPerCall, peakRssAfterThroughputMb);

    const figures: Figures = { ...throughput, memory, commandsPerCall };
    const verdicts = judge(figures);
    print(figures, verdicts);

    const asteriskLatency = await runAsteriskLatencyBench(REDIS_URL, progress);
    console.log(formatAsteriskLatency(asteriskLatency));

    progress('dashboard: seeding 1,000,000 decision rows and 5,000 DIDs');
    const dashboard = await runDashboardBench();
    console.log(formatDashboardFigures(dashboard));

    progress('reports: seeding 100,000 call records');
    const reports = await runReportsBench();
    console.log(formatReportFigures(reports));
    const history = await runHistoryBench(progress);
    console.log(formatHistoryFigures(history));
    progress('live page: pushing floor changes to WebSocket clients');
    const liveBoard = await runLiveBoardBench();
    console.log(formatLiveBoardFigures(liveBoard));
    const results = {
      measuredAt: new Date().toISOString(),
      node: process.version,
      cpus: availableParallelism(),
      setup: {
        sessions: SESSIONS,
        unloadedSessions: UNLOADED_SESSIONS,
        warmupSessions: WARMUP_SESSIONS,
        concurrency: CONCURRENCY,
        rounds: ROUNDS,
        heldSessions: HELD_SESSIONS,
        commandsPerCall,
        calls: BENCH_CALLS,
        config: { version: configVersion, extraAgents: EXTRA_AGENTS, extraDids: EXTRA_DIDS },
        processes: 'each target in its own child process (mayday compiled, as in production; floor and naive through node --import tsx); the load generator in the bench process',
      },
      targets: throughput,
      memory,
      ...verdicts,
      asteriskLatency,
      dashboard,
      reports,
      history,
      liveBoard,
    };
    await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
    progress('figures written to bench/results.json');
  } finally {
    await stopAll();
    await dropBenchDatabase(DATABASE_URL);
  }
}

process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

try {
  await main();
} catch (error) {
  console.error('bench: broken:', error);
  process.exitCode = 1;
}
// Everything is closed by now; a stray socket (a peer that never answered) must not keep the bench alive.
process.exit();
