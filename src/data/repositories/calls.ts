import { readKeysetPage } from '../keyset.js';
import type { Prisma, PrismaClient } from '../prisma.js';

/** One routing decision as the call history shows it. */
export interface CallRow {
  readonly id: string;
  readonly createdAt: Date;
  readonly uniqueId: string;
  readonly channel: string;
  readonly agent: string;
  readonly dialed: string;
  readonly result: string;
  readonly did: string | null;
  readonly dialStrings: string;
  readonly rule: string | null;
  readonly reason: string | null;
  readonly configVersion: number;
  readonly decisionMicros: number;
}

export interface CallFilter {
  /** Exact extension; for an agent's own history the route always sets it. */
  readonly agent?: string;
  readonly did?: string;
  readonly result?: 'dial' | 'reject';
  /** Inclusive lower and exclusive upper bound on the decision time. */
  readonly from?: Date;
  readonly to?: Date;
}

export interface CallPage {
  readonly rows: readonly CallRow[];
  /** The cursor of the next (older) page; null on the last page. */
  readonly olderThan: string | null;
}

const COLUMNS = {
  id: true,
  createdAt: true,
  uniqueId: true,
  channel: true,
  agent: true,
  dialed: true,
  result: true,
  did: true,
  dialStrings: true,
  rule: true,
  reason: true,
  configVersion: true,
  decisionMicros: true,
} as const;

/** A cursor is a decision_log id; anything else is no cursor. */
export function parseCursor(value: string | undefined): bigint | null {
  return value !== undefined && /^[1-9][0-9]{0,18}$/.test(value) ? BigInt(value) : null;
}

/**
 * The decision log, newest first, read by keyset on the primary key:
 * `WHERE <filters> AND id < :cursor ORDER BY id DESC LIMIT n`. An equality filter on
 * agent, DID or result is served by its (column, id) index in that order, so a page
 * costs the same on the first page and the ten-thousandth, and nothing counts the table.
 */
export class CallHistoryRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Pages go one way only, to older calls: the list shows newest first and links "older". */
  async page(filter: CallFilter, olderThan: bigint | null, limit: number): Promise<CallPage> {
    const page = await readKeysetPage(
      { ...(olderThan !== null && { after: olderThan.toString() }), limit },
      (slice) => this.batch(filter, slice.after === undefined ? null : BigInt(slice.after), slice.take),
      (row) => row.id,
    );
    return { rows: page.rows, olderThan: page.nextAfter };
  }

  /** Every matching row, newest first, fetched `batchSize` at a time (for the CSV export). */
  async *all(filter: CallFilter, batchSize = 1000): AsyncGenerator<CallRow[]> {
    let cursor: bigint | null = null;
    for (;;) {
      const rows = await this.batch(filter, cursor, batchSize);
      if (rows.length > 0) yield rows;
      if (rows.length < batchSize) return;
      cursor = BigInt(rows.at(-1)!.id);
    }
  }

  private async batch(filter: CallFilter, olderThan: bigint | null, take: number): Promise<CallRow[]> {
    const found = await this.prisma.decisionLog.findMany({
      where: whereOf(filter, olderThan),
      orderBy: { id: 'desc' },
      take,
      select: COLUMNS,
    });
    return found.map((row) => ({ ...row, id: row.id.toString() }));
  }
}

function whereOf(filter: CallFilter, olderThan: bigint | null): Prisma.DecisionLogWhereInput {
  const createdAt: Prisma.DateTimeFilter = {
    ...(filter.from !== undefined && { gte: filter.from }),
    ...(filter.to !== undefined && { lt: filter.to }),
  };
  return {
    ...(filter.agent !== undefined && { agent: filter.agent }),
    ...(filter.did !== undefined && { did: filter.did }),
    ...(filter.result !== undefined && { result: filter.result }),
    ...(Object.keys(createdAt).length > 0 && { createdAt }),
    ...(olderThan !== null && { id: { lt: olderThan } }),
  };
}
