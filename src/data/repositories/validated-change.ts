import { introducedIssues, type ConfigIssue } from '../../domain/config/validate.js';
import type { ConfigData } from '../../domain/config/types.js';
import { commitConfigChange, type ConfigChangeDeps } from '../config-changes.js';
import { loadConfigData, type Transaction } from '../config-repository.js';

export type ChangeOutcome<T> =
  | { readonly kind: 'saved'; readonly version: number; readonly value: T }
  | { readonly kind: 'invalid'; readonly issues: readonly ConfigIssue[]; readonly proposed: ConfigData }
  | { readonly kind: 'missing' };

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
 */
export async function commitValidatedChange<T, R = never>(
  deps: ConfigChangeDeps,
  plan: (current: ConfigData, tx: Transaction) => Promise<PlannedChange<T> | null>,
): Promise<ChangeOutcome<T> | R> {
  try {
    const { result, version } = await commitConfigChange(deps, async (tx) => {
      await tx.$queryRaw`SELECT version FROM config_version WHERE id = 1 FOR UPDATE`;
      const current = await loadConfigData(tx);
      const planned = await plan(current, tx);
      if (planned === null) throw new ChangeRefused<ChangeOutcome<T>>({ kind: 'missing' });
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
