import { diffConfig, summarizeChanges, type EntityChange, type EntityKind } from '../domain/config/diff.js';
import type { ConfigData } from '../domain/config/types.js';
import { parseConfigDocument, serializeConfigDocument } from './config-document.js';
import type { Transaction } from './config-repository.js';
import { readKeysetPage, type KeysetPage, type KeysetQuery, type KeysetSlice } from './keyset.js';
import type { PrismaClient } from './prisma.js';

type Reader = PrismaClient | Transaction;

/** A version as the history list shows it (the document is read only when asked for). */
export interface VersionEntry {
  readonly version: number;
  readonly createdAt: Date;
  readonly author: string;
  readonly summary: string;
}

export interface VersionFilter {
  readonly author?: string;
  readonly kind?: EntityKind;
  /** With a kind: that entity only (`mobile`). */
  readonly name?: string;
}

export interface NewVersion {
  readonly version: number;
  readonly createdAt: Date;
  readonly author: string;
  /** Said before the changes: `rollback to version 12`, `import`. */
  readonly headline?: string;
  readonly before: ConfigData;
  readonly after: ConfigData;
}

/** Summaries are TEXT; a huge import is cut with a note rather than refused. */
const MAX_SUMMARY = 4000;
/** Entity names longer than the column are cut: the filter still finds them by prefix of the name. */
const MAX_NAME = 64;

/** Records one version inside the change's transaction: summary, entities changed, the whole document. */
export async function recordVersion(tx: Transaction, entry: NewVersion): Promise<EntityChange[]> {
  const changes = diffConfig(entry.before, entry.after);
  const summary = [entry.headline, summarizeChanges(changes)].filter(Boolean).join(': ');
  await tx.configHistoryEntry.create({
    data: {
      version: entry.version,
      createdAt: entry.createdAt,
      author: entry.author.slice(0, 64),
      summary: summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary,
      document: serializeConfigDocument(entry.after),
    },
  });
  const entities = new Map(changes.map((change) => [`${change.kind}\u0000${change.name.slice(0, MAX_NAME)}`, change]));
  await tx.configHistoryEntity.createMany({
    data: [...entities.values()].map((change) => ({ version: entry.version, kind: change.kind, name: change.name.slice(0, MAX_NAME) })),
  });
  return changes;
}

/**
 * A database whose configuration predates the history has no entry for its current version:
 * the configuration found is recorded as that version (author `system`), so the first change
 * can be diffed and rolled back.
 */
export async function ensureBaseline(tx: Transaction, version: number, data: ConfigData, now: Date): Promise<void> {
  const found = await tx.configHistoryEntry.findUnique({ where: { version }, select: { version: true } });
  if (found !== null) return;
  await tx.configHistoryEntry.create({
    data: { version, createdAt: now, author: 'system', summary: 'configuration found when the history began', document: serializeConfigDocument(data) },
  });
}

export async function readVersionDocument(db: Reader, version: number): Promise<string | null> {
  const row = await db.configHistoryEntry.findUnique({ where: { version }, select: { document: true } });
  return row?.document ?? null;
}

/** The configuration of a recorded version; null if there is no such version. */
export async function configAtVersion(db: Reader, version: number): Promise<ConfigData | null> {
  const document = await readVersionDocument(db, version);
  if (document === null) return null;
  const parsed = parseConfigDocument(document);
  // Documents are written by serializeConfigDocument; one that no longer parses is a bug, not input.
  if (!parsed.ok) throw new Error(`config version ${version} is stored in a form that no longer reads: ${parsed.issues[0]?.message ?? ''}`);
  return parsed.data;
}

export async function readVersionEntry(db: Reader, version: number): Promise<VersionEntry | null> {
  return db.configHistoryEntry.findUnique({ where: { version }, select: ENTRY });
}

const ENTRY = { version: true, createdAt: true, author: true, summary: true } as const;

/**
 * Versions newest first, by keyset on the version number: a page after cursor v reads
 * `version < v ORDER BY version DESC`; the author filter uses (author, version) and the
 * entity filter (kind, name, version), so every page costs what the first does.
 */
export async function pageVersions(db: Reader, filter: VersionFilter, query: KeysetQuery): Promise<KeysetPage<VersionEntry>> {
  return readKeysetPage(query, (slice) => readSlice(db, filter, slice), (row) => String(row.version));
}

function readSlice(db: Reader, filter: VersionFilter, slice: KeysetSlice): Promise<VersionEntry[]> {
  const bound = slice.before !== undefined ? { gt: Number(slice.before) } : slice.after !== undefined ? { lt: Number(slice.after) } : undefined;
  return db.configHistoryEntry.findMany({
    where: {
      ...(bound && { version: bound }),
      ...(filter.author !== undefined && { author: filter.author }),
      ...(filter.kind !== undefined && {
        entities: { some: { kind: filter.kind, ...(filter.name !== undefined && { name: filter.name.slice(0, MAX_NAME) }) } },
      }),
    },
    orderBy: { version: slice.backwards ? 'asc' : 'desc' },
    take: slice.take,
    select: ENTRY,
  });
}

/** Everyone who has made a version, for the author filter. */
export async function versionAuthors(db: Reader): Promise<string[]> {
  // SQL DISTINCT over the (author, version) index; Prisma's `distinct` reads every row and dedupes in the client.
  const rows = await db.$queryRaw<{ author: string }[]>`SELECT DISTINCT author FROM config_history ORDER BY author`;
  return rows.map((row) => row.author);
}

/** The recorded version before `version` (versions can skip numbers); null for the first one. */
export async function previousVersion(db: Reader, version: number): Promise<number | null> {
  const row = await db.configHistoryEntry.findFirst({ where: { version: { lt: version } }, orderBy: { version: 'desc' }, select: { version: true } });
  return row?.version ?? null;
}
