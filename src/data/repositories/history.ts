import { diffConfig, type EntityChange } from '../../domain/config/diff.js';
import type { EntityRef } from '../../domain/config/restore.js';
import type { ConfigChangeDeps } from '../config-changes.js';
import {
  configAtVersion,
  pageVersions,
  previousVersion,
  readVersionDocument,
  readVersionEntry,
  versionAuthors,
  type VersionEntry,
  type VersionFilter,
} from '../config-history.js';
import { previewRollback, rollbackToVersion, type RollbackOutcome, type RollbackPreview } from '../config-rollback.js';
import type { KeysetPage, KeysetQuery } from '../keyset.js';

/** Two recorded versions side by side, entity by entity and field by field. */
export interface VersionComparison {
  readonly entry: VersionEntry;
  /** The version compared against (the one before, unless another was asked for); null: the first version. */
  readonly against: number | null;
  /** From `against` to `entry` (every entity of `entry` as added when there is nothing before). */
  readonly changes: readonly EntityChange[];
}

/** The configuration history as the dashboard reads it, and rollback. */
export class HistoryRepository {
  constructor(private readonly deps: ConfigChangeDeps) {}

  page(filter: VersionFilter, query: KeysetQuery): Promise<KeysetPage<VersionEntry>> {
    return pageVersions(this.deps.prisma, filter, query);
  }

  authors(): Promise<string[]> {
    return versionAuthors(this.deps.prisma);
  }

  /** Version `version` against `against` (default: the version before it); null if either is not recorded. */
  async compare(version: number, against?: number): Promise<VersionComparison | null> {
    const { prisma } = this.deps;
    const entry = await readVersionEntry(prisma, version);
    if (entry === null) return null;
    const base = against ?? (await previousVersion(prisma, version));
    const after = await configAtVersion(prisma, version);
    const before = base === null ? null : await configAtVersion(prisma, base);
    if (after === null || (base !== null && before === null)) return null;
    return { entry, against: base, changes: before === null ? [] : diffConfig(before, after) };
  }

  document(version: number): Promise<string | null> {
    return readVersionDocument(this.deps.prisma, version);
  }

  /** The confirm step of a rollback to `version`, or of restoring one entity as it was there. */
  preview(version: number, entity?: EntityRef): Promise<RollbackPreview | null> {
    return previewRollback(this.deps.prisma, version, this.deps.now?.(), entity);
  }

  rollback(version: number, entity?: EntityRef): Promise<RollbackOutcome> {
    return rollbackToVersion(this.deps, version, entity);
  }
}
