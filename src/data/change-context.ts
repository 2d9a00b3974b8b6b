import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is changing the configuration, and from which version their form was loaded. The
 * dashboard sets it around each signed-in request (src/web/plugins/change-context.ts), the
 * CLI around each command; commitConfigChange() reads it, so every editor's save, delete,
 * import and rollback is recorded with its author without each repository passing it on.
 */
export interface ChangeContext {
  /** A dashboard user's name, `cli`, or `system`. */
  readonly author: string;
  /** The config version a form showed; null: not a form (no optimistic check). */
  readonly baseVersion: number | null;
}

export const SYSTEM_CHANGE: ChangeContext = { author: 'system', baseVersion: null };
export const CLI_CHANGE: ChangeContext = { author: 'cli', baseVersion: null };

const storage = new AsyncLocalStorage<ChangeContext>();

export function runAsChange<T>(context: ChangeContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentChange(): ChangeContext {
  return storage.getStore() ?? SYSTEM_CHANGE;
}
