// The inbound decision the live server would take for a DID, a caller and a moment, shared by
// `mayday simulate inbound` and the dashboard simulator. A moment without a UTC offset
// (`2026-12-25T21:00`) is read as wall-clock time in the chosen route's schedule zone
// (UTC when the route has no schedule).

import type { ConfigSnapshot } from '../domain/config/snapshot.js';
import { decideInbound, type InboundDecision, type InboundRequest } from '../domain/inbound/decide.js';
import type { CompiledInboundRoute } from '../domain/inbound/compile.js';
import { formatDestination, type Destination } from '../domain/inbound/destination.js';
import { initialIvrState, step } from '../domain/ivr/engine.js';
import type { RunnableMenu } from '../domain/ivr/menu.js';
import { formatMinute, instantOfLocalTime, localTime } from '../domain/schedule/schedule.js';

export type InboundSimulation =
  | { readonly ok: true; readonly at: Date; readonly timeZone: string; readonly decision: InboundDecision }
  | { readonly ok: false; readonly error: string };

const WALL_CLOCK = /^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}):([0-9]{2})$/;
const WITH_OFFSET = /(Z|[+-][0-9]{2}:?[0-9]{2})$/;

export function simulateInbound(request: InboundRequest, at: string | undefined, snapshot: ConfigSnapshot, now: Date): InboundSimulation {
  const first = decideInbound(request, now, snapshot);
  const timeZone = scheduleZone(first, snapshot) ?? 'UTC';
  const moment = at === undefined || at === '' ? now : readMoment(at.trim(), timeZone);
  if (moment === null) return { ok: false, error: `--at ${at}: expected 2026-12-25T21:00 (schedule time) or an ISO time with offset` };
  return { ok: true, at: moment, timeZone, decision: decideInbound(request, moment, snapshot) };
}

export function describeInboundSimulation(request: InboundRequest, simulation: Extract<InboundSimulation, { ok: true }>): string {
  const local = localTime(simulation.at, simulation.timeZone);
  const when = local === null ? simulation.at.toISOString() : `${local.day} ${local.date} ${formatMinute(local.minute)} ${simulation.timeZone}`;
  const subject = `a call from ${request.caller === '' ? 'a withheld number' : request.caller} to ${request.did} on ${when}`;
  const { decision } = simulation;
  if (decision.kind === 'reject') return `${subject} is rejected: ${decision.reason} (${decision.detail})`;
  const schedule = decision.schedule === null ? '' : `; schedule ${decision.schedule.kind}: ${decision.schedule.reason}`;
  return `${subject} goes to ${formatDestination(decision.destination)} by route ${decision.route}${schedule}`;
}

function scheduleZone(decision: InboundDecision, snapshot: ConfigSnapshot): string | null {
  if (decision.kind !== 'route') return null;
  return snapshot.inbound.routes.find((route) => route.name === decision.route)?.schedulePlan?.timeZone ?? null;
}

function readMoment(text: string, timeZone: string): Date | null {
  const wall = WALL_CLOCK.exec(text);
  if (wall !== null) return instantOfLocalTime(wall[1] ?? '', Number(wall[2]) * 60 + Number(wall[3]), timeZone);
  if (!WITH_OFFSET.test(text)) return null;
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

/** One thing the caller hears or does on the way through the menus. */
export type MenuWalkStep =
  | { readonly kind: 'enter'; readonly menu: string }
  | { readonly kind: 'hear'; readonly sound: string }
  | { readonly kind: 'press'; readonly key: string }
  | { readonly kind: 'silence' };

export interface MenuWalk {
  readonly steps: readonly MenuWalkStep[];
  /** Where the caller leaves the menus (`start` itself when it is not a menu); null when the walk was cut short. */
  readonly destination: Destination | null;
  readonly reason: string;
  /** Keys left over after the caller left the menus. */
  readonly unusedKeys: string;
}

const MAX_MENUS = 20;
const MAX_EVENTS = 500;

/**
 * The caller's way through the IVR, run by the same engine the ARI app runs: every prompt
 * plays to its end, then the next key is pressed; with no keys left the caller stays
 * silent, so the menu's timeouts and retries take over. Sub-menus are followed.
 */
export function walkMenus(start: Destination, keys: string, snapshot: ConfigSnapshot): MenuWalk {
  const steps: MenuWalkStep[] = [];
  let destination: Destination = start;
  let left = [...keys];
  for (let entered = 0; destination.kind === 'menu'; entered += 1) {
    const menu = snapshot.inbound.menus.get(destination.menu);
    if (menu === undefined) return { steps, destination, reason: `menu ${destination.menu} does not exist`, unusedKeys: left.join('') };
    if (entered === MAX_MENUS) return { steps, destination: null, reason: `stopped after ${MAX_MENUS} menus`, unusedKeys: left.join('') };
    steps.push({ kind: 'enter', menu: menu.name });
    const result = runMenu(menu, left, steps);
    left = result.left;
    if (result.destination === null) return { steps, destination: null, reason: result.reason, unusedKeys: left.join('') };
    destination = result.destination;
    if (destination.kind !== 'menu') return { steps, destination, reason: result.reason, unusedKeys: left.join('') };
  }
  return { steps, destination, reason: 'the call does not enter a menu', unusedKeys: left.join('') };
}

function runMenu(menu: RunnableMenu, keys: string[], steps: MenuWalkStep[]): { destination: Destination | null; reason: string; left: string[] } {
  const left = [...keys];
  let current = step(initialIvrState, { kind: 'started' }, menu);
  for (let events = 0; events < MAX_EVENTS; events += 1) {
    for (const effect of current.effects) if (effect.kind === 'play') steps.push({ kind: 'hear', sound: effect.sound });
    const { state } = current;
    switch (state.phase) {
      case 'finished':
        return { destination: state.destination, reason: state.reason, left };
      case 'playing':
        current = step(state, { kind: 'playbackFinished', playback: state.playback }, menu);
        break;
      case 'listening': {
        const key = left.shift();
        if (key === undefined) steps.push({ kind: 'silence' });
        else steps.push({ kind: 'press', key });
        current = step(state, key === undefined ? { kind: 'timeout', timer: state.timer } : { kind: 'digit', digit: key }, menu);
        break;
      }
      case 'ready':
        return { destination: null, reason: 'the menu did not start', left };
    }
  }
  return { destination: null, reason: `stopped after ${MAX_EVENTS} events`, left };
}

/**
 * The next call a route now takes, decided on `snapshot` at this moment: `a call from a
 * withheld number to 0310000001 on … goes to menu:main by route head-office; …`. Null when
 * the route is not in the snapshot (disabled), takes no configured DID or matches callers by pattern.
 */
export function sampleInboundCall(snapshot: ConfigSnapshot, routeName: string, now: Date): string | null {
  const route = snapshot.inbound.routes.find((candidate) => candidate.name === routeName);
  if (route === undefined) return null;
  const did = [...snapshot.dids.values()].find((candidate) => candidate.allowInbound && route.didMatcher.matches(candidate.number));
  if (did === undefined) return null;
  if (route.callerMatcher.kind === 'pattern') return null;
  const request = { did: did.number, caller: route.callerMatcher.kind === 'number' ? (route.caller ?? '') : '' };
  const simulation = simulateInbound(request, undefined, snapshot, now);
  return simulation.ok ? describeInboundSimulation(request, simulation) : null;
}

/** The next call of the first route (in the order calls try them) that `uses` says is affected. */
export function sampleInboundCallWhere(snapshot: ConfigSnapshot, uses: (route: CompiledInboundRoute) => boolean, now: Date): string | null {
  for (const route of snapshot.inbound.routes.filter(uses)) {
    const line = sampleInboundCall(snapshot, route.name, now);
    if (line !== null) return line;
  }
  return null;
}

/** Inbound DIDs no enabled route answers, on this snapshot: their calls get NO_ROUTE (the dialplan's fallback). */
export function unansweredDids(snapshot: ConfigSnapshot): string[] {
  return [...snapshot.dids.values()]
    .filter((did) => did.allowInbound && !snapshot.inbound.routes.some((route) => route.didMatcher.matches(did.number)))
    .map((did) => did.number)
    .sort();
}
