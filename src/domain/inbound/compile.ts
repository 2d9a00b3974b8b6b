// The inbound part of a config snapshot: routes pre-compiled and ordered most specific
// first, schedules and menus indexed. Like createSnapshot(), it never throws: an unusable
// route is left out with a warning.

import type { Agent, Did } from '../config/types.js';
import { toInternational, type NumberingPlan } from '../numbers/format.js';
import { compilePattern, type PatternMatcher } from '../numbers/pattern.js';
import type { Schedule } from '../schedule/schedule.js';
import type { IvrMenu, RunnableMenu } from '../ivr/menu.js';
import { ANONYMOUS_CALLER, type InboundRoute } from './route.js';

export type CallerMatcher =
  | { readonly kind: 'any' }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'number'; readonly digits: string }
  | { readonly kind: 'pattern'; readonly matcher: PatternMatcher };

export interface CompiledInboundRoute extends InboundRoute {
  readonly didMatcher: PatternMatcher;
  readonly callerMatcher: CallerMatcher;
  readonly schedulePlan: Schedule | null;
}

export interface InboundSnapshot {
  /** Enabled routes, most specific first. */
  readonly routes: readonly CompiledInboundRoute[];
  readonly schedules: ReadonlyMap<string, Schedule>;
  readonly menus: ReadonlyMap<string, RunnableMenu>;
  /** Configured DIDs by their international digits, to find a DID the trunk writes another way. */
  readonly didsByDigits: ReadonlyMap<string, Did>;
}

export interface InboundConfig {
  readonly schedules: readonly Schedule[];
  readonly inboundRoutes: readonly InboundRoute[];
  readonly menus: readonly IvrMenu[];
}

export function compileInbound(
  config: InboundConfig,
  agents: ReadonlyMap<string, Agent>,
  dids: ReadonlyMap<string, Did>,
  plan: NumberingPlan,
  warnings: string[],
): InboundSnapshot {
  const schedules = new Map(config.schedules.map((schedule) => [schedule.name, schedule]));
  const extensions = [...agents.values()].filter((agent) => agent.enabled).map((agent) => agent.extension);
  const menus = new Map(
    config.menus.map((menu) => [menu.name, { ...menu, directDialExtensions: menu.directDial ? extensions : [] }]),
  );
  const routes = config.inboundRoutes.flatMap((route) => {
    if (!route.enabled) return [];
    const compiled = compileRoute(route, schedules, plan);
    if (typeof compiled === 'string') {
      warnings.push(`inbound route ${route.name} skipped: ${compiled}`);
      return [];
    }
    return [compiled];
  });
  const didsByDigits = new Map<string, Did>();
  for (const did of dids.values()) {
    const digits = callerDigits(did.number, plan);
    if (digits !== null && !didsByDigits.has(digits)) didsByDigits.set(digits, did);
  }
  return { routes: routes.sort(bySpecificity), schedules, menus, didsByDigits };
}

/** A number's international digits, as routes compare callers and DIDs; null when unreadable. */
export function callerDigits(caller: string, plan: NumberingPlan): string | null {
  const parsed = toInternational(caller, plan);
  return parsed.ok && parsed.number.digits !== '' ? parsed.number.digits : null;
}

function compileRoute(route: InboundRoute, schedules: ReadonlyMap<string, Schedule>, plan: NumberingPlan): CompiledInboundRoute | string {
  const did = compilePattern(route.did);
  if (!did.ok) return `${did.error} in DID ${route.did}`;
  const caller = compileCaller(route.caller, plan);
  if (typeof caller === 'string') return caller;
  const schedulePlan = route.schedule === null ? null : schedules.get(route.schedule);
  if (schedulePlan === undefined) return `unknown schedule ${route.schedule}`;
  if (schedulePlan !== null && route.closedDestination === null) return 'a schedule without a closed destination';
  return { ...route, didMatcher: did.matcher, callerMatcher: caller, schedulePlan };
}

function compileCaller(caller: string | null, plan: NumberingPlan): CallerMatcher | string {
  if (caller === null) return { kind: 'any' };
  if (caller.toLowerCase() === ANONYMOUS_CALLER) return { kind: 'anonymous' };
  if (caller.startsWith('_')) {
    const compiled = compilePattern(caller);
    return compiled.ok ? { kind: 'pattern', matcher: compiled.matcher } : `${compiled.error} in caller ${caller}`;
  }
  const digits = callerDigits(caller, plan);
  return digits === null ? `caller ${caller} is not a number` : { kind: 'number', digits };
}

/** Exact DID before pattern, then the caller: exact number or anonymous before pattern before any. */
function specificity(route: CompiledInboundRoute): number[] {
  const caller = route.callerMatcher;
  return [
    route.did.startsWith('_') ? 0 : 1,
    literalPositions(route.didMatcher),
    caller.kind === 'any' ? 0 : caller.kind === 'pattern' ? 1 : 2,
    caller.kind === 'pattern' ? literalPositions(caller.matcher) : 0,
  ];
}

function literalPositions(matcher: PatternMatcher): number {
  return matcher.positions.filter((chars) => chars.length === 1).length * 2 + (matcher.tail === 'none' ? 1 : 0);
}

function bySpecificity(a: CompiledInboundRoute, b: CompiledInboundRoute): number {
  const left = specificity(a);
  const right = specificity(b);
  for (let index = 0; index < left.length; index += 1) {
    const difference = (right[index] ?? 0) - (left[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
