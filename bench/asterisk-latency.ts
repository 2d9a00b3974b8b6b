// Originate → trunk reached, through a real Asterisk 22 (MAYDAY_TEST_ASTERISK) and the
// project's own dialplan include: (a) a static dialplan doing the same dial, (b) the FastAGI
// floor sending Mayday's variables for that call, (c) Mayday itself. One call at a time,
// interleaved; both ends of each call are timed by Asterisk's own clock (AMI timestamps of the
// agent channel's first dialplan step and of the fake trunk's UserEvent).
import { connectAgiPeer } from '../test/support/asterisk-agi-peer.js';
import { startTestAsterisk, type PlacedCall, type TestAsterisk } from '../test/support/asterisk.js';
import { dropBenchDatabase, seedBenchDatabase } from './database.js';
import { percentile } from './load.js';
import { startMayday, startVariableFloor, type Target } from './targets.js';

const CALLS_PER_TARGET = 60;
const WARMUP_CALLS = 5;
const DATABASE_URL = 'mysql://root@127.0.0.1:3306/mayday_asterisk_bench';
const CALL = { agent: '1009', dialed: '450712345678' } as const;
/** What Mayday decides for CALL, written as a plain dialplan. */
const STATIC_DIALPLAN = [
  '[bench-static]',
  `exten => ${CALL.dialed},1,Set(CALLERID(num)=256310000045)`,
  ' same => n,Set(CALLERID(name)=0310000045)',
  ' same => n,Dial(Local/256712345678@fake-main,60)',
  ' same => n,Hangup()',
].join('\n');
const CONFIG_YAML = `settings: { countryCode: "256", nationalPrefix: "0", defaultDid: "0310000001", emergencyNumbers: ["112"] }
trunks:
  - { name: main_trunk, dial: "Local/{number}@fake-main", numberFormat: e164 }
  - { name: backup_trunk, dial: "Local/{number}@fake-backup", numberFormat: national }
dids:
  - { number: "0310000001", label: Head office, outbound: true, inbound: true }
  - { number: "0310000045", label: Outlet 45, outbound: true, inbound: true }
agents:
  - { extension: "1009", name: Agent 1009, defaultDid: "0310000001" }
prefixes:
  - { prefix: "45", did: "0310000045" }
outboundRoutes:
  - { name: mobile, priority: 10, patterns: ["_2567XXXXXXXX"], trunks: [main_trunk, backup_trunk] }
`;

type LatencyTarget = 'static' | 'floor' | 'mayday';
const ORDER: readonly LatencyTarget[] = ['static', 'floor', 'mayday'];

export interface LatencySummary {
  readonly calls: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
}

export interface AsteriskLatencyFigures {
  readonly agiCommands: number;
  readonly targets: Record<LatencyTarget, LatencySummary>;
}

/** Null when MAYDAY_TEST_ASTERISK is not set. Mayday must be compiled (`npm run build`) first. */
export async function runAsteriskLatencyBench(redisUrl: string, progress: (message: string) => void): Promise<AsteriskLatencyFigures | null> {
  const asteriskDir = process.env.MAYDAY_TEST_ASTERISK;
  if (asteriskDir === undefined || asteriskDir === '') return null;
  const cleanups: (() => unknown)[] = [];
  try {
    progress('asterisk latency: seeding the database, starting Mayday, the floor and a private Asterisk');
    await seedBenchDatabase(DATABASE_URL, CONFIG_YAML);
    cleanups.push(() => dropBenchDatabase(DATABASE_URL));
    const mayday = await startMayday(DATABASE_URL, redisUrl, CALL);
    cleanups.push(() => mayday.child.stop());
    const variables = await maydayVariables(mayday);
    const floor = await startVariableFloor(variables);
    cleanups.push(() => floor.child.stop());
    const asterisk = await startTestAsterisk({ teardown: (fn) => cleanups.push(fn) }, asteriskDir, {
      maydayGlobals: { MAYDAY_DIAL_TIMEOUT: '60' },
      endpoints: { main: 'answer', backup: 'answer' },
      dialplan: STATIC_DIALPLAN,
    });

    const place: Record<LatencyTarget, () => Promise<PlacedCall>> = {
      static: () => asterisk.placeCall(CALL.agent, CALL.dialed, { context: 'bench-static' }),
      floor: () => asterisk.placeCall(CALL.agent, CALL.dialed, { variables: { MAYDAY_AGI_URL: `agi://127.0.0.1:${floor.agiPort}` } }),
      mayday: () => asterisk.placeCall(CALL.agent, CALL.dialed, { variables: { MAYDAY_AGI_URL: `agi://127.0.0.1:${mayday.agiPort}` } }),
    };
    const samples: Record<LatencyTarget, number[]> = { static: [], floor: [], mayday: [] };
    for (let round = -WARMUP_CALLS; round < CALLS_PER_TARGET; round += 1) {
      if (round % 20 === 0) progress(`asterisk latency: round ${round + 1} of ${CALLS_PER_TARGET}`);
      for (const name of ORDER) {
        const latency = await timeCall(asterisk, await place[name]());
        if (round >= 0) samples[name].push(latency);
      }
    }
    const summarize = (values: number[]): LatencySummary => {
      const sorted = [...values].sort((a, b) => a - b);
      return { calls: sorted.length, p50Ms: percentile(sorted, 50), p90Ms: percentile(sorted, 90) };
    };
    return {
      agiCommands: variables.length,
      targets: { static: summarize(samples.static), floor: summarize(samples.floor), mayday: summarize(samples.mayday) },
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

/** The variables Mayday sets for CALL, in the order it sets them. */
async function maydayVariables(mayday: Target): Promise<[string, string][]> {
  const { variables } = await connectAgiPeer({ host: '127.0.0.1', port: mayday.agiPort, script: 'outbound', args: [CALL.agent, CALL.dialed] });
  if (variables.get('MAYDAY_RESULT') !== 'DIAL') throw new Error(`Mayday did not dial the bench call: ${JSON.stringify([...variables])}`);
  return [...variables];
}

/** Milliseconds from the agent channel's first dialplan step to the trunk being reached, by Asterisk's clock. */
async function timeCall(asterisk: TestAsterisk, call: PlacedCall): Promise<number> {
  const trace = await asterisk.finished(call);
  const started = trace.events.find((event) => event.Event === 'Newexten' && event.Uniqueid === call.id);
  const reached = trace.events.find((event) => event.Event === 'UserEvent' && event.UserEvent === 'FakeEndpoint');
  if (started?.Timestamp === undefined || reached?.Timestamp === undefined) {
    throw new Error(`the bench call ${call.id} did not reach the trunk (applications: ${trace.applications.join(' ')})`);
  }
  return (Number(reached.Timestamp) - Number(started.Timestamp)) * 1000;
}

export function formatAsteriskLatency(figures: AsteriskLatencyFigures | null): string {
  if (figures === null) return '\nasterisk latency: skipped (MAYDAY_TEST_ASTERISK is not set)\n';
  const { static: plain, floor, mayday } = figures.targets;
  const ms = (value: number) => value.toFixed(2).padStart(10);
  const row = (name: string, summary: LatencySummary, note: string) =>
    `${name.padEnd(34)}${String(summary.calls).padStart(6)}${ms(summary.p50Ms)}${ms(summary.p90Ms)}  ${note}`;
  const diff = (a: LatencySummary, b: LatencySummary) => `${(a.p50Ms - b.p50Ms).toFixed(2)} ms at p50, ${(a.p90Ms - b.p90Ms).toFixed(2)} ms at p90`;
  return [
    '',
    `originate → trunk reached through a real Asterisk 22, one call at a time, interleaved (${figures.agiCommands} SET VARIABLE round trips per AGI call)`,
    `${'target'.padEnd(34)}${'calls'.padStart(6)}${'p50 ms'.padStart(10)}${'p90 ms'.padStart(10)}`,
    row('static dialplan (same dial)', plain, 'baseline'),
    row('FastAGI floor (same variables)', floor, `+${diff(floor, plain)}`),
    row('mayday', mayday, `+${diff(mayday, plain)}`),
    `mayday − floor: ${diff(mayday, floor)}`,
    '',
  ].join('\n');
}
