import { diffConfig, overlappingEntities, type EntityChange } from '../../domain/config/diff.js';
import { introducedIssues, type ConfigIssue } from '../../domain/config/validate.js';
import type { ConfigData } from '../../domain/config/types.js';
import { currentChange } from '../change-context.js';
import { commitConfigChange, type ConfigChangeDeps, type LiveConfig } from '../config-changes.js';
import { configAtVersion } from '../config-history.js';
import type { Transaction } from '../config-repository.js';

export type ChangeOutcome<T> =
  | { readonly kind: 'saved'; readonly version: number; readonly value: T }
  | { readonly kind: 'invalid'; readonly issues: readonly ConfigIssue[]; readonly proposed: ConfigData }
  | { readonly kind: 'missing' }
  | ConflictOutcome;

/** The form was loaded from an older version, and what changed since touches what it saves. */
export interface ConflictOutcome {
  readonly kind: 'conflict';
  /** The version the form was loaded from, and the live one. */
  readonly since: number;
  readonly version: number;
  /** Everything that changed between the two (empty if the older version is not in the history). */
  readonly changes: readonly EntityChange[];
}

/** A change worked out against the current configuration: its result, and how to write it. */
export interface PlannedChange<T> {
  readonly proposed: ConfigData;
  /** Issues beyond validateConfig() that refuse the change; shown with its own. */
  readonly refusals?: readonly ConfigIssue[];
  write(tx: Transaction): Promise<T>;
}

/** A delete: refused while something uses the row (`usages`), else validated and committed like any change. */
export type RemovalOutcome<T, U> =
  | { readonly kind: 'deleted'; readonly version: number; readonly row: T }
  | { readonly kind: 'in-use'; readonly row: T; readonly usages: readonly U[] }
  | Exclude<ChangeOutcome<T>, { kind: 'saved' }>;

export interface PlannedRemoval<T, U> {
  readonly row: T;
  /** What keeps the row (src/domain/config/usages.ts); empty: it may go. */
  readonly usages: readonly U[];
  readonly proposed: ConfigData;
  remove(tx: Transaction): Promise<unknown>;
}

/** A planned change may also stop the transaction with an outcome of its own (e.g. "in use"). */
export class ChangeRefused<R> extends Error {
  override name = 'ChangeRefused';
  constructor(readonly outcome: R) {
    super('configuration change refused');
  }
}

/**
 * Applies a change to the configuration in memory, runs the same validateConfig() the
 * import runs, and writes it only if it introduces no issue, all in one transaction that
 * also bumps the config version. Config changes are serialized on the version row, so
 * the validation always sees the data the write lands on.
 *
 * A form saved against an older version than the live one (the change context's
 * baseVersion) is refused as a conflict when what changed meanwhile touches an entity the
 * save changes; a save of another entity goes through. Either way no update is lost.
 */
export async function commitValidatedChange<T, R = never>(
  deps: ConfigChangeDeps,
  plan: (current: ConfigData, tx: Transaction) => Promise<PlannedChange<T> | null>,
): Promise<ChangeOutcome<T> | R> {
  try {
    const { result, version } = await commitConfigChange(deps, async (tx, live) => {
      const current = live.data;
      const planned = await plan(current, tx);
      if (planned === null) throw new ChangeRefused<ChangeOutcome<T>>({ kind: 'missing' });
      const conflict = await conflictWith(tx, live, planned.proposed);
      if (conflict !== null) throw new ChangeRefused<ChangeOutcome<T>>(conflict);
      const issues = [...(planned.refusals ?? []), ...introducedIssues(current, planned.proposed)];
      if (issues.length > 0) throw new ChangeRefused<ChangeOutcome<T>>({ kind: 'invalid', issues, proposed: planned.proposed });
      return planned.write(tx);
    });
    return { kind: 'saved', version, value: result };
  } catch (error) {
    if (error instanceof ChangeRefused) return error.outcome as ChangeOutcome<T> | R;
    throw error;
  }
}

async function conflictWith(tx: Transaction, live: LiveConfig, proposed: ConfigData): Promise<ConflictOutcome | null> {
  const since = currentChange().baseVersion;
  if (since === null || since >= live.version) return null;
  const then = await configAtVersion(tx, since);
  const meanwhile = then === null ? null : diffConfig(then, live.data);
  if (meanwhile !== null && overlappingEntities(diffConfig(live.data, proposed), meanwhile).length === 0) return null;
  return { kind: 'conflict', since, version: live.version, changes: meanwhile ?? [] };
}

export async function commitValidatedRemoval<T, U>(
  deps: ConfigChangeDeps,
  plan: (current: ConfigData, tx: Transaction) => Promise<PlannedRemoval<T, U> | null>,
): Promise<RemovalOutcome<T, U>> {
  const outcome = await commitValidatedChange<T, RemovalOutcome<T, U>>(deps, async (current, tx) => {
    const planned = await plan(current, tx);
    if (planned === null) return null;
    const { row, usages } = planned;
    if (usages.length > 0) throw new ChangeRefused<RemovalOutcome<T, U>>({ kind: 'in-use', row, usages });
    return {
      proposed: planned.proposed,
      write: async (write) => {
        await planned.remove(write);
        return row;
      },
    };
  });
  return outcome.kind === 'saved' ? { kind: 'deleted', version: outcome.version, row: outcome.value } : outcome;
}
