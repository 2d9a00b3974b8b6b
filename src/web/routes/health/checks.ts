import { performance } from 'node:perf_hooks';
import type { WebDeps } from '../../deps.js';

export type CheckState = 'ok' | 'warn' | 'down';

/** One row of the health table. */
export interface HealthCheck {
  readonly name: string;
  readonly state: CheckState;
  /** What was seen, in words: "answered in 2 ms", "no answer within 1000 ms". */
  readonly detail: string;
}

export interface HealthReport {
  readonly checks: readonly HealthCheck[];
  readonly state: CheckState;
  readonly checkedAt: Date;
}

export type HealthDeps = Pick<WebDeps, 'prisma' | 'redis' | 'calls' | 'snapshots' | 'decisionStats' | 'decisionLog' | 'agiListening' | 'config' | 'ivr' | 'live'>;

/** How long a dependency may take to answer before it counts as down. */
export const PROBE_TIMEOUT_MS = 1000;

/**
 * Every check the health page shows. Never throws: a dependency that fails or does not
 * answer in time is a `down` row with what was seen.
 */
export async function checkHealth(deps: HealthDeps, timeoutMs = PROBE_TIMEOUT_MS): Promise<HealthReport> {
  const [database, redis] = await Promise.all([
    probe('MariaDB', timeoutMs, () => deps.prisma.$queryRaw`SELECT 1`),
    probe('Redis', timeoutMs, () => deps.redis.ping()),
  ]);
  const checks = [database, redis, agiCheck(deps), liveCallsCheck(deps), snapshotCheck(deps), decisionsCheck(deps), decisionLogCheck(deps), ivrCheck(deps), liveFloorCheck(deps)];
  const state: CheckState = checks.some((check) => check.state === 'down') ? 'down' : checks.some((check) => check.state === 'warn') ? 'warn' : 'ok';
  return { checks, state, checkedAt: new Date() };
}

async function probe(name: string, timeoutMs: number, run: () => Promise<unknown>): Promise<HealthCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([run().then(() => 'answered' as const), timeout]);
    if (outcome === 'timeout') return { name, state: 'down', detail: `no answer within ${timeoutMs} ms` };
    return { name, state: 'ok', detail: `reachable, answered in ${formatMs(performance.now() - started)}` };
  } catch (error) {
    return { name, state: 'down', detail: `unreachable: ${describeError(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

function agiCheck(deps: HealthDeps): HealthCheck {
  const listening = deps.agiListening();
  if (!listening && !deps.config.services.includes('agi')) {
    return { name: 'FastAGI listener', state: 'ok', detail: 'not run by this instance (MAYDAY_SERVICES has no agi)' };
  }
  return {
    name: 'FastAGI listener',
    state: listening ? 'ok' : 'down',
    detail: listening ? `listening on port ${deps.config.agiPort}` : 'not listening on this instance',
  };
}

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { agi: 'FastAGI', ari: 'ARI', ami: 'AMI' };

function liveCallsCheck(deps: HealthDeps): HealthCheck {
  const byProtocol = Object.entries(deps.calls.countByProtocol()).map(([protocol, count]) => `${count} ${PROTOCOL_NAMES[protocol] ?? protocol}`);
  const total = deps.calls.size;
  return { name: 'Live calls', state: 'ok', detail: total === 0 ? 'none' : `${total} (${byProtocol.join(', ')})` };
}

function snapshotCheck(deps: HealthDeps): HealthCheck {
  const snapshot = deps.snapshots.current();
  const age = deps.snapshots.ageMs();
  if (snapshot === null) return { name: 'Config snapshot', state: 'down', detail: 'no configuration loaded: calls cannot be decided' };
  const stale = age === null || age > Math.max(3 * deps.config.configPollMs, 10_000);
  const checked = age === null ? 'never confirmed against the database' : `confirmed ${formatAge(age)} ago`;
  return {
    name: 'Config snapshot',
    state: stale ? 'warn' : 'ok',
    detail: `version ${snapshot.version}, ${checked}${stale ? ' (the last good snapshot keeps serving)' : ''}`,
  };
}

function decisionsCheck(deps: HealthDeps): HealthCheck {
  const { count, perSecond, p99Micros } = deps.decisionStats.lastMinute();
  const p99 = p99Micros === null ? 'no decisions' : `p99 ${formatMicros(p99Micros)}`;
  return { name: 'Decisions (last minute)', state: 'ok', detail: `${count} decisions, ${perSecond.toFixed(2)}/s, ${p99}` };
}

function decisionLogCheck(deps: HealthDeps): HealthCheck {
  const { buffered, written, dropped, failedFlushes } = deps.decisionLog.stats();
  const state: CheckState = dropped > 0 ? 'down' : failedFlushes > 0 && buffered > 0 ? 'warn' : 'ok';
  return {
    name: 'Decision log writer',
    state,
    detail: `${buffered} buffered, ${written} written, ${dropped} dropped, ${failedFlushes} failed flushes`,
  };
}

function ivrCheck(deps: HealthDeps): HealthCheck {
  const name = 'IVR over ARI';
  const status = deps.ivr.status();
  if (status.state === 'off') return { name, state: 'ok', detail: 'off on this instance (ARI_URL is not set)' };
  const { written, buffered, dropped } = status.paths;
  const paths = `paths: ${written} written, ${buffered} buffered, ${dropped} dropped`;
  if (status.state === 'connected') {
    return { name, state: dropped > 0 ? 'warn' : 'ok', detail: `connected to ${status.url} as application ${status.app}; ${status.calls} in menus; ${paths}` };
  }
  const why = status.lastError === null ? 'connecting' : `unreachable: ${describeError(status.lastError)}`;
  return { name, state: 'down', detail: `${why}; attempt ${status.attempts}, retrying with backoff (IVR calls take the dialplan's safe destination meanwhile); ${paths}` };
}

/** The AMI lease, this instance's AMI connection when it holds it, and how old the mirrored floor is. */
export function liveFloorCheck(deps: Pick<HealthDeps, 'live'>, now = Date.now()): HealthCheck {
  const name = 'Live floor (AMI)';
  const { mirror, holder } = deps.live;
  const status = mirror.status;
  const heard = mirror.heardAt;
  const age = heard === null ? 'nothing received from a holder yet' : `last message ${formatAge(now - heard)} ago`;
  const own = holder === null ? 'this instance has no AMI account (AMI_USERNAME unset)' : holder.holding ? `this instance holds the lease, AMI ${amiText(holder.amiState)}` : 'this instance is a standby candidate for the lease';
  if (status.kind === 'no-holder') {
    const since = `since ${formatAge(now - mirror.statusSince)}`;
    if (holder === null && heard === null) return { name, state: 'ok', detail: `off: no instance publishes the floor; ${own}` };
    return { name, state: 'down', detail: `no instance holds the AMI lease (${since}); ${own}; ${age}` };
  }
  const lease = `lease held by ${status.holder}`;
  if (status.kind === 'live') return { name, state: 'ok', detail: `${lease}, AMI connected; ${own}; mirror ${age}` };
  if (status.kind === 'syncing') return { name, state: 'warn', detail: `${lease}; mirror waiting for the whole floor; ${own}; ${age}` };
  return { name, state: 'down', detail: `${lease}, but its AMI connection is down or resyncing (the floor shown is stale); ${own}; ${age}` };
}

function amiText(state: { readonly kind: string; readonly reason?: string }): string {
  if (state.kind === 'connected') return 'connected';
  return state.reason === undefined ? state.kind : `${state.kind}: ${state.reason}`;
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').map((part) => part.trim()).find((part) => part !== '') ?? 'error';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function formatMicros(micros: number): string {
  return micros < 1000 ? `${micros} µs` : `${(micros / 1000).toFixed(1)} ms`;
}

function formatAge(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
