import { withoutRoute, withRoute } from '../../domain/config/edits.js';
import type { ConfigData, OutboundRoute } from '../../domain/config/types.js';
import type { ConfigChangeDeps } from '../config-changes.js';
import type { Transaction } from '../config-repository.js';
import type { Prisma } from '../prisma.js';
import { routeFields, stringArray } from '../row-fields.js';
import { commitValidatedChange, commitValidatedRemoval, type ChangeOutcome, type PlannedChange, type RemovalOutcome } from './validated-change.js';

export interface RouteRow extends OutboundRoute {
  readonly id: number;
  /** The label of the fixed caller-ID DID, when the route has one. */
  readonly callerIdLabel: string | null;
}

/** A trunk as the route editor offers it. */
export interface TrunkChoice {
  readonly name: string;
  readonly enabled: boolean;
}

const SELECT = {
  id: true,
  name: true,
  priority: true,
  patterns: true,
  strip: true,
  prepend: true,
  callerIdDid: true,
  enabled: true,
  callerIdDidRef: { select: { label: true } },
  trunks: { orderBy: { position: 'asc' }, select: { trunk: { select: { name: true } } } },
} as const satisfies Prisma.OutboundRouteSelect;

type SelectedRoute = Prisma.OutboundRouteGetPayload<{ select: typeof SELECT }>;

/** Outbound routes: few, so listed whole, by priority then name (the order calls try them). */
export class RouteRepository {
  constructor(private readonly deps: ConfigChangeDeps) {}

  async list(): Promise<RouteRow[]> {
    const found = await this.deps.prisma.outboundRoute.findMany({ orderBy: [{ priority: 'asc' }, { name: 'asc' }], select: SELECT });
    return found.map(toRow);
  }

  async findById(id: number): Promise<RouteRow | null> {
    const found = await this.deps.prisma.outboundRoute.findUnique({ where: { id }, select: SELECT });
    return found === null ? null : toRow(found);
  }

  /** Every trunk, in configuration order, for the trunk list of the editor. */
  trunkChoices(): Promise<TrunkChoice[]> {
    return this.deps.prisma.trunk.findMany({ orderBy: { id: 'asc' }, select: { name: true, enabled: true } });
  }

  create(route: OutboundRoute): Promise<ChangeOutcome<RouteRow>> {
    return commitValidatedChange(this.deps, async (current) => planRouteChange(current, null, route));
  }

  update(id: number, route: OutboundRoute): Promise<ChangeOutcome<RouteRow>> {
    return commitValidatedChange(this.deps, async (current, tx) => {
      const existing = await tx.outboundRoute.findUnique({ where: { id }, select: { name: true } });
      return existing === null ? null : planRouteChange(current, { id, name: existing.name }, route);
    });
  }

  /** Nothing refers to a route, so nothing keeps one. */
  remove(id: number): Promise<RemovalOutcome<RouteRow, never>> {
    return commitValidatedRemoval(this.deps, async (current, tx) => {
      const found = await tx.outboundRoute.findUnique({ where: { id }, select: SELECT });
      if (found === null) return null;
      const row = toRow(found);
      return { row, usages: [], proposed: withoutRoute(current, row.name), remove: (write) => write.outboundRoute.delete({ where: { id } }) };
    });
  }
}

function planRouteChange(current: ConfigData, original: { id: number; name: string } | null, route: OutboundRoute): PlannedChange<RouteRow> {
  return {
    proposed: withRoute(current, original?.name ?? null, route),
    write: (tx) => writeRoute(tx, original?.id ?? null, route),
  };
}

async function writeRoute(tx: Transaction, id: number | null, route: OutboundRoute): Promise<RouteRow> {
  const data = { name: route.name, ...routeFields(route) };
  const routeId = id === null ? (await tx.outboundRoute.create({ data, select: { id: true } })).id : id;
  if (id !== null) {
    await tx.outboundRoute.update({ where: { id }, data });
    await tx.outboundRouteTrunk.deleteMany({ where: { routeId } });
  }
  // validateConfig() has checked that every name is a trunk; the list holds each once.
  const trunks = await tx.trunk.findMany({ where: { name: { in: [...route.trunks] } }, select: { id: true, name: true } });
  const idOf = new Map(trunks.map((trunk) => [trunk.name, trunk.id]));
  if (route.trunks.length > 0) {
    await tx.outboundRouteTrunk.createMany({
      data: route.trunks.map((name, position) => ({ routeId, trunkId: idOf.get(name)!, position })),
    });
  }
  const saved = await tx.outboundRoute.findUniqueOrThrow({ where: { id: routeId }, select: SELECT });
  return toRow(saved);
}

function toRow(found: SelectedRoute): RouteRow {
  return {
    id: found.id,
    name: found.name,
    priority: found.priority,
    patterns: stringArray(found.patterns),
    strip: found.strip,
    prepend: found.prepend,
    callerIdDid: found.callerIdDid,
    callerIdLabel: found.callerIdDidRef?.label ?? null,
    trunks: found.trunks.map((link) => link.trunk.name),
    enabled: found.enabled,
  };
}
