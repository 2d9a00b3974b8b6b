// The inbound decision the live server would take for a DID, a caller and a moment, shared by
// `mayday simulate inbound` and the dashboard simulator. A moment without a UTC offset
// (`2026-12-25T21:00`) is read as wall-clock time in the chosen route's schedule zone
// (UTC when the route has no schedule).

import type { ConfigSnapshot } from '../domain/config/snapshot.js';
import { decideInbound, type InboundDecision, type InboundRequest } from '../domain/inbound/decide.js';
import { formatDestination } from '../domain/inbound/destination.js';
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
