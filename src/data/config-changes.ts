import type { Logger } from 'pino';
import type { EntityChange } from '../domain/config/diff.js';
import type { ConfigData } from '../domain/config/types.js';
import type { ConfigBus } from '../realtime/config-bus.js';
import { currentChange } from './change-context.js';
import { ensureBaseline, recordVersion } from './config-history.js';
import { bumpConfigVersion, loadConfigData, type Transaction } from './config-repository.js';
import type { PrismaClient } from './prisma.js';

export interface ConfigChangeDeps {
  readonly prisma: PrismaClient;
  readonly bus: ConfigBus;
  readonly log: Logger;
  /** Tests pin the time a version is recorded at. */
  readonly now?: () => Date;
}

/** The configuration a change starts from, read under the version row's lock. */
export interface LiveConfig {
  readonly version: number;
  readonly data: ConfigData;
}

export interface ChangeOptions {
  /** Said before the summary of changes: `import`, `rollback to version 12`. */
  readonly headline?: string;
}

/**
 * Runs a configuration change, the version bump and its history entry in one transaction,
 * then tells every instance. Every change (dashboard, import, rollback, CLI) goes through
 * here, so every version number a snapshot or the decision log carries has an entry: its
 * author (from the change context), time, summary and whole document. Changes are
 * serialized on the version row, so the change sees the data it lands on.
 */
export async function commitConfigChange<T>(
  deps: ConfigChangeDeps,
  change: (tx: Transaction, live: LiveConfig) => Promise<T>,
  options: ChangeOptions = {},
): Promise<{ result: T; version: number; changes: EntityChange[] }> {
  const { author } = currentChange();
  const now = deps.now?.() ?? new Date();
  const committed = await deps.prisma.$transaction(
    async (tx) => {
      const [locked] = await tx.$queryRaw<{ version: number }[]>`SELECT version FROM config_version WHERE id = 1 FOR UPDATE`;
      const before = await loadConfigData(tx);
      const previous = Number(locked?.version ?? 0);
      if (previous > 0) await ensureBaseline(tx, previous, before, now);
      const result = await change(tx, { version: previous, data: before });
      const version = await bumpConfigVersion(tx);
      const changes = await recordVersion(tx, { version, createdAt: now, author, ...options, before, after: await loadConfigData(tx) });
      return { result, version, changes };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
  await deps.bus.publishConfigVersion(committed.version);
  deps.log.info({ version: committed.version, author }, 'configuration changed');
  return committed;
}
