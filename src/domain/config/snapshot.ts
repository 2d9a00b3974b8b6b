// The indexed, pre-compiled form of a configuration version that decisions read on every
// call. Building it never throws: whatever cannot be used is left out and noted in
// `warnings` (validateConfig() rejects such data before it is saved).

import { compileInbound, type InboundSnapshot } from '../inbound/compile.js';
import { compilePattern, type PatternMatcher } from '../numbers/pattern.js';
import type { Agent, ConfigData, Did, OutboundRoute, PrefixRule, Settings, Trunk } from './types.js';

export interface CompiledRoute extends OutboundRoute {
  readonly matchers: readonly PatternMatcher[];
  /** The route's trunks that exist and are enabled, in failover order. */
  readonly enabledTrunks: readonly Trunk[];
}

export interface ConfigSnapshot {
  readonly version: number;
  readonly settings: Settings;
  readonly dids: ReadonlyMap<string, Did>;
  readonly agents: ReadonlyMap<string, Agent>;
  /** Every prefix rule, enabled or not. */
  readonly prefixes: ReadonlyMap<string, PrefixRule>;
  /** The distinct lengths of the configured prefixes, longest first: the only slices worth looking up. */
  readonly prefixLengths: readonly number[];
  readonly trunks: ReadonlyMap<string, Trunk>;
  /** Every enabled trunk, in configuration order. */
  readonly enabledTrunks: readonly Trunk[];
  /** Enabled routes by priority, then name. */
  readonly routes: readonly CompiledRoute[];
  readonly emergencyNumbers: ReadonlySet<string>;
  readonly inbound: InboundSnapshot;
  readonly warnings: readonly string[];
}

export function createSnapshot(data: ConfigData, version: number): ConfigSnapshot {
  const warnings: string[] = [];
  const dids = indexBy(data.dids, (did) => did.number, 'DID', warnings);
  const agents = indexBy(data.agents, (agent) => agent.extension, 'agent', warnings);
  const prefixes = indexBy(data.prefixes, (rule) => rule.prefix, 'prefix', warnings);
  const trunks = indexBy(data.trunks, (trunk) => trunk.name, 'trunk', warnings);
  return {
    version,
    settings: data.settings,
    dids,
    agents,
    prefixes,
    prefixLengths: [...new Set([...prefixes.keys()].map((prefix) => prefix.length))].sort((a, b) => b - a),
    trunks,
    enabledTrunks: [...trunks.values()].filter((trunk) => trunk.enabled),
    routes: compileRoutes(data.routes, trunks, warnings),
    emergencyNumbers: new Set(data.settings.emergencyNumbers),
    inbound: compileInbound(data, agents, dids, data.settings, warnings),
    warnings,
  };
}

/** On a duplicate key the first entry wins, so the result does not depend on later edits. */
function indexBy<T>(items: readonly T[], keyOf: (item: T) => string, what: string, warnings: string[]): Map<string, T> {
  const index = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    if (index.has(key)) warnings.push(`duplicate ${what} ${key} ignored`);
    else index.set(key, item);
  }
  return index;
}

function compileRoutes(
  routes: readonly OutboundRoute[],
  trunks: ReadonlyMap<string, Trunk>,
  warnings: string[],
): CompiledRoute[] {
  const compiled: CompiledRoute[] = [];
  for (const route of routes) {
    if (!route.enabled) continue;
    const matchers = compileMatchers(route, warnings);
    if (matchers === null) continue;
    const enabledTrunks = route.trunks.flatMap((name) => {
      const trunk = trunks.get(name);
      return trunk?.enabled ? [trunk] : [];
    });
    compiled.push({ ...route, matchers, enabledTrunks });
  }
  return compiled.sort(byPriorityThenName);
}

/** Null when any pattern fails: a route that only half works would send calls the wrong way. */
function compileMatchers(route: OutboundRoute, warnings: string[]): PatternMatcher[] | null {
  const matchers: PatternMatcher[] = [];
  for (const pattern of route.patterns) {
    const result = compilePattern(pattern);
    if (!result.ok) {
      warnings.push(`route ${route.name} skipped: ${result.error} in pattern ${pattern}`);
      return null;
    }
    matchers.push(result.matcher);
  }
  return matchers;
}

function byPriorityThenName(a: OutboundRoute, b: OutboundRoute): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
