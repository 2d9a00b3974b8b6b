// The dashboard's repositories for schedules, inbound routes and IVR menus: one shape for
// the three (rows are few, listed whole by name), each change validated and committed like
// every other dashboard edit (validated-change.ts).

import type { ConfigChangeDeps } from '../data/config-changes.js';
import type { Transaction } from '../data/config-repository.js';
import type { PrismaClient } from '../data/prisma.js';
import {
  commitValidatedChange,
  commitValidatedRemoval,
  type ChangeOutcome,
  type RemovalOutcome,
} from '../data/repositories/validated-change.js';
import { withInboundRoute, withMenu, withoutInboundRoute, withoutMenu, withoutSchedule, withSchedule } from '../domain/config/edits.js';
import type { ConfigData } from '../domain/config/types.js';
import { menuUsages, scheduleUsages, type MenuUsage } from '../domain/config/usages.js';
import type { InboundRoute } from '../domain/inbound/route.js';
import type { IvrMenu } from '../domain/ivr/menu.js';
import type { Schedule } from '../domain/schedule/schedule.js';
import {
  inboundRouteFields,
  inboundRouteOf,
  menuFields,
  menuOf,
  scheduleFields,
  scheduleOf,
  writeInboundData,
} from './persistence.js';

type Reader = PrismaClient | Transaction;

export type Row<T> = T & { readonly id: number };

/** How one kind of item is stored and how a change to it reaches the rest of the configuration. */
interface InboundKind<T extends { readonly name: string }, Usage> {
  list(db: Reader): Promise<Row<T>[]>;
  find(db: Reader, id: number): Promise<Row<T> | null>;
  create(tx: Transaction, item: T): Promise<number>;
  update(tx: Transaction, id: number, item: T): Promise<void>;
  delete(tx: Transaction, id: number): Promise<void>;
  with(current: ConfigData, original: string | null, item: T): ConfigData;
  without(current: ConfigData, name: string): ConfigData;
  usages(current: ConfigData, name: string): Usage[];
}

export class InboundRepository<T extends { readonly name: string }, Usage> {
  constructor(
    private readonly deps: ConfigChangeDeps,
    private readonly kind: InboundKind<T, Usage>,
  ) {}

  list(): Promise<Row<T>[]> {
    return this.kind.list(this.deps.prisma);
  }

  findById(id: number): Promise<Row<T> | null> {
    return this.kind.find(this.deps.prisma, id);
  }

  create(item: T): Promise<ChangeOutcome<Row<T>>> {
    return commitValidatedChange(this.deps, async (current) => ({
      proposed: this.kind.with(current, null, item),
      write: async (tx) => this.written(tx, await this.kind.create(tx, item), this.kind.with(current, null, item)),
    }));
  }

  /** A new name is carried to whatever refers to the item (inbound routes, menus' destinations). */
  update(id: number, item: T): Promise<ChangeOutcome<Row<T>>> {
    return commitValidatedChange(this.deps, async (current, tx) => {
      const existing = await this.kind.find(tx, id);
      if (existing === null) return null;
      const proposed = this.kind.with(current, existing.name, item);
      return {
        proposed,
        write: async (write) => {
          await this.kind.update(write, id, item);
          return this.written(write, id, proposed);
        },
      };
    });
  }

  remove(id: number): Promise<RemovalOutcome<Row<T>, Usage>> {
    return commitValidatedRemoval(this.deps, async (current, tx) => {
      const row = await this.kind.find(tx, id);
      if (row === null) return null;
      return {
        row,
        usages: this.kind.usages(current, row.name),
        proposed: this.kind.without(current, row.name),
        remove: (write) => this.kind.delete(write, id),
      };
    });
  }

  /** Brings every reference in step with `proposed` (a rename), then reads the saved row back. */
  private async written(tx: Transaction, id: number, proposed: ConfigData): Promise<Row<T>> {
    await writeInboundData(tx, proposed);
    const saved = await this.kind.find(tx, id);
    if (saved === null) throw new Error(`saved row ${id} vanished in its own transaction`);
    return saved;
  }
}

const byName = { orderBy: { name: 'asc' } } as const;
const withId = <T>(row: { id: number }, item: T): Row<T> => ({ ...item, id: row.id });

export const SCHEDULES: InboundKind<Schedule, string> = {
  list: async (db) => (await db.schedule.findMany(byName)).map((row) => withId(row, scheduleOf(row))),
  find: async (db, id) => {
    const row = await db.schedule.findUnique({ where: { id } });
    return row === null ? null : withId(row, scheduleOf(row));
  },
  create: async (tx, item) => (await tx.schedule.create({ data: { name: item.name, ...scheduleFields(item) }, select: { id: true } })).id,
  // A new name reaches the routes by the foreign key (ON UPDATE CASCADE).
  update: async (tx, id, item) => void (await tx.schedule.update({ where: { id }, data: { name: item.name, ...scheduleFields(item) } })),
  delete: async (tx, id) => void (await tx.schedule.delete({ where: { id } })),
  with: withSchedule,
  without: withoutSchedule,
  usages: scheduleUsages,
};

export const INBOUND_ROUTES: InboundKind<InboundRoute, never> = {
  list: async (db) => (await db.inboundRoute.findMany(byName)).map((row) => withId(row, inboundRouteOf(row))),
  find: async (db, id) => {
    const row = await db.inboundRoute.findUnique({ where: { id } });
    return row === null ? null : withId(row, inboundRouteOf(row));
  },
  create: async (tx, item) => (await tx.inboundRoute.create({ data: { name: item.name, ...inboundRouteFields(item) }, select: { id: true } })).id,
  update: async (tx, id, item) => void (await tx.inboundRoute.update({ where: { id }, data: { name: item.name, ...inboundRouteFields(item) } })),
  delete: async (tx, id) => void (await tx.inboundRoute.delete({ where: { id } })),
  with: withInboundRoute,
  without: withoutInboundRoute,
  usages: () => [],
};

export const MENUS: InboundKind<IvrMenu, MenuUsage> = {
  list: async (db) => (await db.ivrMenu.findMany(byName)).map((row) => withId(row, menuOf(row))),
  find: async (db, id) => {
    const row = await db.ivrMenu.findUnique({ where: { id } });
    return row === null ? null : withId(row, menuOf(row));
  },
  create: async (tx, item) => (await tx.ivrMenu.create({ data: { name: item.name, ...menuFields(item) }, select: { id: true } })).id,
  update: async (tx, id, item) => void (await tx.ivrMenu.update({ where: { id }, data: { name: item.name, ...menuFields(item) } })),
  delete: async (tx, id) => void (await tx.ivrMenu.delete({ where: { id } })),
  with: withMenu,
  without: withoutMenu,
  usages: menuUsages,
};

export type ScheduleRepository = InboundRepository<Schedule, string>;
export type InboundRouteRepository = InboundRepository<InboundRoute, never>;
export type MenuRepository = InboundRepository<IvrMenu, MenuUsage>;

export function inboundRepositories(deps: ConfigChangeDeps): {
  schedules: ScheduleRepository;
  inboundRoutes: InboundRouteRepository;
  menus: MenuRepository;
} {
  return {
    schedules: new InboundRepository(deps, SCHEDULES),
    inboundRoutes: new InboundRepository(deps, INBOUND_ROUTES),
    menus: new InboundRepository(deps, MENUS),
  };
}
