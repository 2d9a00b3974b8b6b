import { readKeysetPage } from '../keyset.js';
import type { Prisma, PrismaClient } from '../prisma.js';
import type { CallRow } from './calls.js';

/** One IVR path (ivr_paths) as the call history shows it under an inbound call. */
export interface IvrPathRow {
  readonly id: string;
  readonly createdAt: Date;
  readonly uniqueId: string;
  readonly menu: string;
  readonly steps: string;
  readonly outcome: string;
  readonly destination: string | null;
  readonly configVersion: number;
}

/** One call record, with the routing decision(s) taken on its routing uniqueid. */
export interface CallRecordRow {
  readonly id: string;
  readonly linkedId: string;
  readonly routingUniqueId: string;
  readonly direction: string;
  readonly outcome: string;
  readonly abandoned: boolean;
  readonly startedAt: Date;
  readonly answeredAt: Date | null;
  readonly endedAt: Date;
  readonly caller: string;
  readonly dialed: string;
  readonly agent: string | null;
  readonly answeredBy: string | null;
  readonly queue: string | null;
  readonly ringSeconds: number;
  readonly talkSeconds: number;
  readonly waitSeconds: number | null;
  readonly did: string | null;
  /** Outbound: the decision_log rows of the routing uniqueid. */
  readonly decisions: readonly CallRow[];
  /** Inbound: the ivr_paths rows of the routing uniqueid. */
  readonly ivrPaths: readonly IvrPathRow[];
}

export type RecordOutcomeFilter = 'answered' | 'busy' | 'no_answer' | 'failed' | 'abandoned';
export const RECORD_OUTCOME_FILTERS: readonly RecordOutcomeFilter[] = ['answered', 'busy', 'no_answer', 'failed', 'abandoned'];

export interface CallRecordFilter {
  /** Exact extension; for an agent's own calls the route always sets it. */
  readonly agent?: string;
  readonly queue?: string;
  /** `abandoned` selects the abandoned queue calls; the others the outcome. */
  readonly outcome?: RecordOutcomeFilter;
  /** Inclusive lower and exclusive upper bound on the start of the call. */
  readonly from?: Date;
  readonly to?: Date;
}

export interface CallRecordPage {
  readonly rows: readonly CallRecordRow[];
  /** The cursor of the next (older) page; null on the last page. */
  readonly olderThan: string | null;
}

const RECORD_COLUMNS = {
  id: true,
  linkedId: true,
  routingUniqueId: true,
  direction: true,
  outcome: true,
  abandoned: true,
  startedAt: true,
  answeredAt: true,
  endedAt: true,
  caller: true,
  dialed: true,
  agent: true,
  answeredBy: true,
  queue: true,
  ringSeconds: true,
  talkSeconds: true,
  waitSeconds: true,
  did: true,
} as const;

/**
 * Call records, newest recorded first, read by keyset on the primary key (like the
 * decision log); each page's decisions are read in two more queries, by the routing
 * uniqueids of its rows (`decision_log` for outbound, `ivr_paths` for inbound).
 */
export class CallRecordHistory {
  constructor(private readonly prisma: PrismaClient) {}

  async page(filter: CallRecordFilter, olderThan: bigint | null, limit: number): Promise<CallRecordPage> {
    const page = await readKeysetPage(
      { ...(olderThan !== null && { after: olderThan.toString() }), limit },
      (slice) => this.batch(filter, slice.after === undefined ? null : BigInt(slice.after), slice.take),
      (row) => row.id,
    );
    return { rows: await this.withDecisions(page.rows), olderThan: page.nextAfter };
  }

  private async batch(filter: CallRecordFilter, olderThan: bigint | null, take: number) {
    const found = await this.prisma.callRecord.findMany({ where: whereOf(filter, olderThan), orderBy: { id: 'desc' }, take, select: RECORD_COLUMNS });
    return found.map((row) => ({ ...row, id: row.id.toString() }));
  }

  private async withDecisions(rows: readonly Omit<CallRecordRow, 'decisions' | 'ivrPaths'>[]): Promise<CallRecordRow[]> {
    const outbound = [...new Set(rows.filter((row) => row.direction === 'outbound').map((row) => row.routingUniqueId))];
    const inbound = [...new Set(rows.filter((row) => row.direction === 'inbound').map((row) => row.routingUniqueId))];
    const [decisions, paths] = await Promise.all([
      outbound.length === 0 ? [] : this.prisma.decisionLog.findMany({ where: { uniqueId: { in: outbound } }, orderBy: { id: 'asc' } }),
      inbound.length === 0 ? [] : this.prisma.ivrPath.findMany({ where: { uniqueId: { in: inbound } }, orderBy: { id: 'asc' } }),
    ]);
    const decisionsOf = groupBy(decisions.map((row) => ({ ...row, id: row.id.toString() })), (row) => row.uniqueId);
    const pathsOf = groupBy(
      paths.map((row) => ({
        id: row.id.toString(),
        createdAt: row.createdAt,
        uniqueId: row.uniqueId,
        menu: row.menu,
        steps: row.steps,
        outcome: row.outcome,
        destination: row.destination,
        configVersion: row.configVersion,
      })),
      (row) => row.uniqueId,
    );
    return rows.map((row) => ({
      ...row,
      decisions: row.direction === 'outbound' ? (decisionsOf.get(row.routingUniqueId) ?? []) : [],
      ivrPaths: row.direction === 'inbound' ? (pathsOf.get(row.routingUniqueId) ?? []) : [],
    }));
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [item]);
    else list.push(item);
  }
  return groups;
}

function whereOf(filter: CallRecordFilter, olderThan: bigint | null): Prisma.CallRecordWhereInput {
  const startedAt: Prisma.DateTimeFilter = {
    ...(filter.from !== undefined && { gte: filter.from }),
    ...(filter.to !== undefined && { lt: filter.to }),
  };
  const outcome =
    filter.outcome === undefined ? {} : filter.outcome === 'abandoned' ? { abandoned: true } : filter.outcome === 'answered' ? { outcome: 'answered' } : { outcome: filter.outcome, abandoned: false };
  return {
    ...(filter.agent !== undefined && { agent: filter.agent }),
    ...(filter.queue !== undefined && { queue: filter.queue }),
    ...outcome,
    ...(Object.keys(startedAt).length > 0 && { startedAt }),
    ...(olderThan !== null && { id: { lt: olderThan } }),
  };
}
