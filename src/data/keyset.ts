// One keyset pager for every list the dashboard pages through: a page is read by
// `WHERE key > :after ORDER BY key LIMIT n+1` (or backwards from `before`), never with
// OFFSET, so the ten-thousandth page costs what the first does. The one extra row says
// whether there is a page beyond.

export interface KeysetQuery {
  /** The page after this key, in list order. */
  readonly after?: string;
  /** The page before this key; wins over `after`. */
  readonly before?: string;
  readonly limit: number;
}

/** What a repository reads for a page: rows after (or, backwards, before) a key, in that direction. */
export interface KeysetSlice {
  readonly after: string | undefined;
  readonly before: string | undefined;
  /** Read in reverse list order, from `before`; the pager puts the page back in order. */
  readonly backwards: boolean;
  readonly take: number;
}

export interface KeysetPage<T> {
  readonly rows: T[];
  /** Cursors of the neighbouring pages; null at either end. */
  readonly nextAfter: string | null;
  readonly previousBefore: string | null;
}

export async function readKeysetPage<T>(
  query: KeysetQuery,
  read: (slice: KeysetSlice) => Promise<T[]>,
  keyOf: (row: T) => string,
): Promise<KeysetPage<T>> {
  const backwards = query.before !== undefined;
  const found = await read({ after: backwards ? undefined : query.after, before: query.before, backwards, take: query.limit + 1 });
  const more = found.length > query.limit;
  const rows = found.slice(0, query.limit);
  if (backwards) rows.reverse();
  const first = rows[0] === undefined ? null : keyOf(rows[0]);
  const last = rows.at(-1) === undefined ? null : keyOf(rows.at(-1)!);
  return {
    rows,
    nextAfter: backwards || more ? last : null,
    previousBefore: backwards ? (more ? first : null) : query.after !== undefined ? first : null,
  };
}

/** The Prisma `where` and `orderBy` of a slice over a unique column read in ascending order. */
export function ascendingSlice<K extends string>(column: K, slice: KeysetSlice) {
  const bound = slice.before !== undefined ? { lt: slice.before } : slice.after !== undefined ? { gt: slice.after } : undefined;
  return {
    where: bound === undefined ? {} : ({ [column]: bound } as Record<K, { lt?: string; gt?: string }>),
    orderBy: { [column]: slice.backwards ? 'desc' : 'asc' } as Record<K, 'asc' | 'desc'>,
  };
}
