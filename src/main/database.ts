import { join } from 'node:path';
import type { Logger } from 'pino';
import { ensureDatabase } from '../data/ensure-database.js';
import { applyMigrations } from '../data/migrate.js';
import { projectRoot } from '../project-root.js';

export const MIGRATIONS_DIR = join(projectRoot, 'prisma', 'migrations');

/** Creates the database and applies pending migrations, waiting a while for MariaDB to come up. */
export async function prepareDatabase(databaseUrl: string, log: Logger, waitMs = 30_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ensureDatabase(databaseUrl);
      const result = await applyMigrations(databaseUrl, MIGRATIONS_DIR);
      if (result.applied.length > 0) log.info({ applied: result.applied }, 'database migrations applied');
      return;
    } catch (error) {
      const retryable = isConnectionError(error);
      if (!retryable || Date.now() >= deadline) throw error;
      log.warn({ attempt, err: error }, 'MariaDB not reachable yet; retrying');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ECONNREFUSED' || code === 'ER_GET_CONNECTION_TIMEOUT' || code === 'ER_CONNECTION_TIMEOUT' || code === 'ENOENT';
}
