import { withDid, withoutDid } from '../../domain/config/edits.js';
import type { Did } from '../../domain/config/types.js';
import { didUsages, type DidUsage } from '../../domain/config/usages.js';
import type { ConfigChangeDeps } from '../config-changes.js';
import type { Prisma } from '../prisma.js';
import { ChangeRefused, commitValidatedChange, type ChangeOutcome } from './validated-change.js';

export interface DidRow extends Did {
  readonly id: number;
}

export interface DidPageQuery {
  /** Matches numbers starting with it or labels containing it. */
  readonly search: string;
  /** Keyset cursor: the page after this number, or the page before that one. */
  readonly after?: string;
  readonly before?: string;
  readonly limit: number;
}

export interface DidPage {
  readonly rows: readonly DidRow[];
  readonly total: number;
  /** Cursors for the neighbouring pages; null at either end. */
  readonly nextAfter: string | null;
  readonly previousBefore: string | null;
}

export type DidDeleteOutcome =
  | { readonly kind: 'deleted'; readonly version: number; readonly did: Did }
  | { readonly kind: 'in-use'; readonly did: Did; readonly usages: readonly DidUsage[] }
  | { readonly kind: 'missing' };

const COLUMNS = { id: true, number: true, label: true, callerIdName: true, allowInbound: true, allowOutbound: true } as const;

export class DidRepository {
  constructor(private readonly deps: ConfigChangeDeps) {}

  /** One page in number order, read by keyset on the unique number index. */
  async page(query: DidPageQuery): Promise<DidPage> {
    const where = searchFilter(query.search);
    const backwards = query.before !== undefined;
    const cursor = backwards ? { number: { lt: query.before } } : query.after !== undefined ? { number: { gt: query.after } } : {};
    const [found, total] = await Promise.all([
      this.deps.prisma.did.findMany({
        where: { AND: [where, cursor] },
        orderBy: { number: backwards ? 'desc' : 'asc' },
        take: query.limit + 1,
        select: COLUMNS,
      }),
      this.deps.prisma.did.count({ where }),
    ]);
    const more = found.length > query.limit;
    const rows = found.slice(0, query.limit);
    if (backwards) rows.reverse();
    const first = rows[0]?.number ?? null;
    const last = rows.at(-1)?.number ?? null;
    return {
      rows,
      total,
      nextAfter: backwards || more ? last : null,
      previousBefore: backwards ? (more ? first : null) : query.after !== undefined ? first : null,
    };
  }

  findById(id: number): Promise<DidRow | null> {
    return this.deps.prisma.did.findUnique({ where: { id }, select: COLUMNS });
  }

  /** The DIDs an agent or route may present as caller ID, for pickers. */
  outboundChoices(): Promise<Pick<Did, 'number' | 'label'>[]> {
    return this.deps.prisma.did.findMany({ where: { allowOutbound: true }, orderBy: { number: 'asc' }, select: { number: true, label: true } });
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

  async remove(id: number): Promise<DidDeleteOutcome | Extract<ChangeOutcome<Did>, { kind: 'invalid' }>> {
    const outcome = await commitValidatedChange<Did, DidDeleteOutcome>(this.deps, async (current, tx) => {
      const existing = await tx.did.findUnique({ where: { id }, select: COLUMNS });
      if (existing === null) return null;
      const usages = didUsages(current, existing.number);
      if (usages.length > 0) throw new ChangeRefused<DidDeleteOutcome>({ kind: 'in-use', did: existing, usages });
      return {
        proposed: withoutDid(current, existing.number),
        write: async (write) => {
          await write.did.delete({ where: { id } });
          return existing;
        },
      };
    });
    return outcome.kind === 'saved' ? { kind: 'deleted', version: outcome.version, did: outcome.value } : outcome;
  }
}

function searchFilter(search: string): Prisma.DidWhereInput {
  if (search === '') return {};
  return { OR: [{ number: { startsWith: search } }, { label: { contains: search } }] };
}
