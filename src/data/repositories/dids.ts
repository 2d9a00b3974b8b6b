import { withDid, withoutDid } from '../../domain/config/edits.js';
import type { Did } from '../../domain/config/types.js';
import { didUsages, type DidUsage } from '../../domain/config/usages.js';
import type { ConfigChangeDeps } from '../config-changes.js';
import { ascendingSlice, readKeysetPage, type KeysetPage, type KeysetQuery } from '../keyset.js';
import type { Prisma } from '../prisma.js';
import { commitValidatedChange, commitValidatedRemoval, type ChangeOutcome, type RemovalOutcome } from './validated-change.js';

export interface DidRow extends Did {
  readonly id: number;
}

export interface DidPageQuery extends KeysetQuery {
  /** Matches numbers starting with it or labels containing it. */
  readonly search: string;
}

export interface DidPage extends KeysetPage<DidRow> {
  readonly total: number;
}

const COLUMNS = { id: true, number: true, label: true, callerIdName: true, allowInbound: true, allowOutbound: true } as const;

export class DidRepository {
  constructor(private readonly deps: ConfigChangeDeps) {}

  /** One page in number order, read by keyset on the unique number index. */
  async page(query: DidPageQuery): Promise<DidPage> {
    const where = searchFilter(query.search);
    const [page, total] = await Promise.all([
      readKeysetPage(
        query,
        (slice) => {
          const { where: cursor, orderBy } = ascendingSlice('number', slice);
          return this.deps.prisma.did.findMany({ where: { AND: [where, cursor] }, orderBy, take: slice.take, select: COLUMNS });
        },
        (did) => did.number,
      ),
      this.deps.prisma.did.count({ where }),
    ]);
    return { ...page, total };
  }

  findById(id: number): Promise<DidRow | null> {
    return this.deps.prisma.did.findUnique({ where: { id }, select: COLUMNS });
  }

  /** The DIDs an agent or route may present as caller ID, for pickers. */
  outboundChoices(): Promise<Pick<Did, 'number' | 'label'>[]> {
    return this.deps.prisma.did.findMany({ where: { allowOutbound: true }, orderBy: { number: 'asc' }, select: { number: true, label: true } });
  }

  /** The DIDs an inbound route may answer, for pickers. */
  inboundChoices(): Promise<Pick<Did, 'number' | 'label'>[]> {
    return this.deps.prisma.did.findMany({ where: { allowInbound: true }, orderBy: { number: 'asc' }, select: { number: true, label: true } });
  }

  create(did: Did): Promise<ChangeOutcome<DidRow>> {
    return commitValidatedChange(this.deps, async (current) => ({
      proposed: withDid(current, null, did),
      write: (tx) => tx.did.create({ data: did, select: COLUMNS }),
    }));
  }

  /** A changed number is carried to everything that uses the DID (ON UPDATE CASCADE). */
  update(id: number, did: Did): Promise<ChangeOutcome<DidRow>> {
    return commitValidatedChange(this.deps, async (current, tx) => {
      const existing = await tx.did.findUnique({ where: { id }, select: { number: true } });
      if (existing === null) return null;
      return {
        proposed: withDid(current, existing.number, did),
        write: (write) => write.did.update({ where: { id }, data: did, select: COLUMNS }),
      };
    });
  }

  remove(id: number): Promise<RemovalOutcome<DidRow, DidUsage>> {
    return commitValidatedRemoval(this.deps, async (current, tx) => {
      const row = await tx.did.findUnique({ where: { id }, select: COLUMNS });
      if (row === null) return null;
      return {
        row,
        usages: didUsages(current, row.number),
        proposed: withoutDid(current, row.number),
        remove: (write) => write.did.delete({ where: { id } }),
      };
    });
  }
}

function searchFilter(search: string): Prisma.DidWhereInput {
  if (search === '') return {};
  return { OR: [{ number: { startsWith: search } }, { label: { contains: search } }] };
}
