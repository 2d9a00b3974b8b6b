import { BenchChild, freePort } from './children.js';
import type { BenchCall } from './fixtures.js';
import { playSession } from './load.js';

const STARTUP_TIMEOUT_MS = 60_000;
const READY_PROBE_TIMEOUT_MS = 2_000;

export interface Target {
  readonly child: BenchChild;
  readonly agiPort: number;
}

/** The real application, compiled and started as the production image runs it; ready once it dials `probe`. */
export async function startMayday(databaseUrl: string, redisUrl: string, probe: BenchCall): Promise<Target> {
  const [agiPort, httpPort] = [await freePort(), await freePort()];
  const child = new BenchChild('mayday', 'dist/src/main/server.js', {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    AGI_PORT: String(agiPort),
    HTTP_PORT: String(httpPort),
    LOG_LEVEL: 'warn',
    // The memory phase keeps 1,000 sessions waiting on their first reply while the rest are
    // opened; the default 5 s command timeout could cut the first ones on a slow machine.
    AGI_COMMAND_TIMEOUT_MS: '30000',
  });
  await child.waitUntil(() => dials(agiPort, probe), 'a DIAL decision', STARTUP_TIMEOUT_MS);
  return { child, agiPort };
}

async function dials(port: number, call: BenchCall): Promise<boolean> {
  const outcome = await playSession({ port, call, sequence: 0, timeoutMs: READY_PROBE_TIMEOUT_MS });
  return outcome.error === null && outcome.lastCommand === 'SET VARIABLE MAYDAY_RESULT DIAL';
}

export async function startFloor(commands: number): Promise<Target> {
  return startScriptTarget('floor', 'bench/floor-server.ts', { FLOOR_COMMANDS: String(commands) });
}

/** The floor sending exactly these variables, in this order, for a real Asterisk to act on. */
export async function startVariableFloor(variables: readonly (readonly [string, string])[]): Promise<Target> {
  return startScriptTarget('floor (variables)', 'bench/floor-server.ts', { FLOOR_VARIABLES: JSON.stringify(variables) });
}

export async function startNaive(databaseUrl: string): Promise<Target> {
  return startScriptTarget('naive', 'bench/naive-server.ts', { DATABASE_URL: databaseUrl });
}

/** Bench servers print `ready` once they listen on PORT. */
async function startScriptTarget(name: string, entry: string, env: Record<string, string>): Promise<Target> {
  const agiPort = await freePort();
  const child = new BenchChild(name, entry, { ...env, PORT: String(agiPort) });
  await child.waitUntil(() => child.printed(/^ready$/), '"ready" line', STARTUP_TIMEOUT_MS);
  return { child, agiPort };
}
