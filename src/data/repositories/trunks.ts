import { withoutTrunk, withTrunk } from '../../domain/config/edits.js';
import type { NumberFormat, Trunk } from '../../domain/config/types.js';
import { trunkUsages } from '../../domain/config/usages.js';
import { settingsFromRow, trunkFields } from '../row-fields.js';
import type { NumberingPlan } from '../../domain/numbers/format.js';
import type { ConfigChangeDeps } from '../config-changes.js';
import { commitValidatedChange, commitValidatedRemoval, type ChangeOutcome, type RemovalOutcome } from './validated-change.js';

export interface TrunkRow extends Trunk {
  readonly id: number;
}

/** A row of the trunks page: the trunk and the routes that dial through it. */
export interface TrunkListRow extends TrunkRow {
  readonly routes: readonly string[];
}

const SELECT = {
  id: true,
  name: true,
  dialTemplate: true,
  numberFormat: true,
  enabled: true,
  routes: { select: { route: { select: { name: true } } } },
} as const;

interface Selected {
  id: number;
  name: string;
  dialTemplate: string;
  numberFormat: string;
  enabled: boolean;
  routes: { route: { name: string } }[];
}

export class TrunkRepository {
  constructor(private readonly deps: ConfigChangeDeps) {}

  /** Every trunk by name (failover order lives on each route). */
  async list(): Promise<TrunkListRow[]> {
    const found = await this.deps.prisma.trunk.findMany({ orderBy: { name: 'asc' }, select: SELECT });
    return found.map(toListRow);
  }

  async findById(id: number): Promise<TrunkListRow | null> {
    const found = await this.deps.prisma.trunk.findUnique({ where: { id }, select: SELECT });
    return found === null ? null : toListRow(found);
  }

  /** The numbering settings, for showing how each number format writes a number. */
  async numberingPlan(): Promise<NumberingPlan> {
    return settingsFromRow(await this.deps.prisma.setting.findUnique({ where: { id: 1 } }));
  }

  create(trunk: Trunk): Promise<ChangeOutcome<TrunkRow>> {
    return commitValidatedChange(this.deps, async (current) => ({
      proposed: withTrunk(current, null, trunk),
      write: async (tx) => {
        const created = await tx.trunk.create({ data: toData(trunk), select: { id: true } });
        return { id: created.id, ...trunk };
      },
    }));
  }

  /** A renamed trunk stays in its routes (they point at its row). */
  update(id: number, trunk: Trunk): Promise<ChangeOutcome<TrunkRow>> {
    return commitValidatedChange(this.deps, async (current, tx) => {
      const existing = await tx.trunk.findUnique({ where: { id }, select: { name: true } });
      if (existing === null) return null;
      return {
        proposed: withTrunk(current, existing.name, trunk),
        write: async (write) => {
          await write.trunk.update({ where: { id }, data: toData(trunk) });
          return { id, ...trunk };
        },
      };
    });
  }

  /** A trunk that a route dials through stays; the usages are those routes' names. */
  remove(id: number): Promise<RemovalOutcome<TrunkRow, string>> {
    return commitValidatedRemoval(this.deps, async (current, tx) => {
      const found = await tx.trunk.findUnique({ where: { id }, select: SELECT });
      if (found === null) return null;
      const row = toRow(found);
      return {
        row,
        usages: trunkUsages(current, row.name),
        proposed: withoutTrunk(current, row.name),
        remove: (write) => write.trunk.delete({ where: { id } }),
      };
    });
  }
}

function toData(trunk: Trunk) {
  return { name: trunk.name, ...trunkFields(trunk) };
}

function toRow(found: Selected): TrunkRow {
  return { id: found.id, name: found.name, dial: found.dialTemplate, numberFormat: found.numberFormat as NumberFormat, enabled: found.enabled };
}

function toListRow(found: Selected): TrunkListRow {
  return { ...toRow(found), routes: found.routes.map((link) => link.route.name).sort() };
}
