import { diffConfig, entityTitle, type EntityChange } from '../domain/config/diff.js';
import { restoreEntity, type EntityRef } from '../domain/config/restore.js';
import { createSnapshot } from '../domain/config/snapshot.js';
import type { ConfigData } from '../domain/config/types.js';
import { introducedIssues, validateConfig, type ConfigIssue } from '../domain/config/validate.js';
import { replayCalls, type LoggedCall, type WhatIfReport } from '../domain/outbound/what-if.js';
import { currentChange } from './change-context.js';
import { commitConfigChange, type ConfigChangeDeps, type LiveConfig } from './config-changes.js';
import { configAtVersion, readVersionEntry, type VersionEntry } from './config-history.js';
import { loadConfigData, readConfigVersion, type Transaction } from './config-repository.js';
import { writeConfigData } from './config-writer.js';
import type { ConflictOutcome } from './repositories/validated-change.js';
import type { PrismaClient } from './prisma.js';

// Rollback: the configuration of a recorded version becomes live again, as a new version
// (history is never rewritten). It is validated like any import, because the rules may have
// grown since that version was saved; a refusal names every reason.

/** How far back the what-if replays logged calls, and at most how many. */
export const WHAT_IF_WINDOW_MS = 24 * 60 * 60 * 1000;
export const WHAT_IF_MAX_CALLS = 100_000;

export type RollbackOutcome =
  | { readonly kind: 'rolled-back'; readonly version: number; readonly changes: readonly EntityChange[] }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unchanged'; readonly version: number }
  | { readonly kind: 'invalid'; readonly issues: readonly ConfigIssue[]; readonly proposed: ConfigData }
  | ConflictOutcome;

/** What the confirm step shows before a rollback: what would change, whether it may, and what calls would do. */
export interface RollbackPreview {
  readonly target: VersionEntry;
  /** Only this entity is restored; absent: the whole configuration. */
  readonly entity?: EntityRef;
  readonly liveVersion: number;
  /** From the live configuration to the target's. */
  readonly changes: readonly EntityChange[];
  /** Why the rollback would be refused today; empty: it may go. */
  readonly issues: readonly ConfigIssue[];
  /** The configuration the rollback would make live. */
  readonly data: ConfigData;
  readonly whatIf: WhatIfReport;
  /** The oldest call the replay looked at (the window's start). */
  readonly since: Date;
}

class Refused extends Error {
  constructor(readonly outcome: RollbackOutcome) {
    super('rollback refused');
  }
}

/**
 * Makes version `target`'s configuration live again, as a new version with the headline
 * `rollback to version N`, author from the change context. A change context carrying the
 * version the confirm page was shown at (`_version`) is refused as a conflict when the live
 * configuration moved since: the preview the user confirmed no longer says what would happen.
 */
export async function rollbackToVersion(deps: ConfigChangeDeps, target: number, entity?: EntityRef): Promise<RollbackOutcome> {
  const headline = entity === undefined ? `rollback to version ${target}` : `restore ${entityTitle(entity)} from version ${target}`;
  try {
    const { version, changes } = await commitConfigChange(
      deps,
      async (tx, live) => {
        const then = await configAtVersion(tx, target);
        const pending = then === null ? null : pendingConfig(live.data, then, entity);
        if (pending === null) throw new Refused({ kind: 'missing' });
        const conflict = await movedSincePreview(tx, live);
        if (conflict !== null) throw new Refused(conflict);
        if (pending.issues.length > 0) throw new Refused({ kind: 'invalid', issues: pending.issues, proposed: pending.data });
        if (diffConfig(live.data, pending.data).length === 0) throw new Refused({ kind: 'unchanged', version: live.version });
        await writeConfigData(tx, pending.data);
      },
      { headline },
    );
    return { kind: 'rolled-back', version, changes };
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}

/**
 * What a rollback would make live, and why it may not: the whole version is validated as an
 * import is (the rules may have grown since); one entity restored into the live configuration
 * is refused only for what it breaks (a DID, trunk or agent it refers to that is gone since),
 * as any dashboard save. Null: the entity is in neither configuration.
 */
function pendingConfig(live: ConfigData, then: ConfigData, entity: EntityRef | undefined): { data: ConfigData; issues: ConfigIssue[] } | null {
  if (entity === undefined) return { data: then, issues: validateConfig(then) };
  const data = restoreEntity(live, then, entity);
  return data === null ? null : { data, issues: introducedIssues(live, data) };
}

async function movedSincePreview(tx: Transaction, live: LiveConfig): Promise<ConflictOutcome | null> {
  const since = currentChange().baseVersion;
  if (since === null || since >= live.version) return null;
  const then = await configAtVersion(tx, since);
  return { kind: 'conflict', since, version: live.version, changes: then === null ? [] : diffConfig(then, live.data) };
}

/** The confirm step's preview, or null if there is no such version. Reads; writes nothing. */
export async function previewRollback(prisma: PrismaClient, target: number, now: Date = new Date(), entity?: EntityRef): Promise<RollbackPreview | null> {
  const entry = await readVersionEntry(prisma, target);
  const then = entry === null ? null : await configAtVersion(prisma, target);
  if (entry === null || then === null) return null;
  const [live, liveVersion] = await Promise.all([loadConfigData(prisma), readConfigVersion(prisma)]);
  const pending = pendingConfig(live, then, entity);
  if (pending === null) return null;
  const since = new Date(now.getTime() - WHAT_IF_WINDOW_MS);
  const calls = await recentCalls(prisma, since, WHAT_IF_MAX_CALLS);
  return {
    target: entry,
    ...(entity !== undefined && { entity }),
    liveVersion,
    changes: diffConfig(live, pending.data),
    issues: pending.issues,
    data: pending.data,
    whatIf: whatIf(calls, live, liveVersion, pending.data, target),
    since,
  };
}

/** The replay of the rollback's what-if: live configuration against the pending one. */
export function whatIf(calls: readonly LoggedCall[], live: ConfigData, liveVersion: number, pending: ConfigData, pendingVersion: number): WhatIfReport {
  return replayCalls(calls, createSnapshot(live, liveVersion), createSnapshot(pending, pendingVersion));
}

/** Logged outbound calls since `since`, newest first, at most `limit` (the replay's input). */
export async function recentCalls(prisma: PrismaClient, since: Date, limit: number): Promise<LoggedCall[]> {
  return prisma.decisionLog.findMany({
    where: { createdAt: { gte: since } },
    orderBy: { id: 'desc' },
    take: limit,
    select: { uniqueId: true, createdAt: true, agent: true, dialed: true },
  });
}
