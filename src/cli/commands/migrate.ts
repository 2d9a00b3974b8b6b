import { ensureDatabase } from '../../data/ensure-database.js';
import { applyMigrations } from '../../data/migrate.js';
import { MIGRATIONS_DIR } from '../../main/database.js';
import type { CliContext } from '../context.js';

export async function runMigrateCommand(_argv: readonly string[], ctx: CliContext): Promise<number> {
  await ensureDatabase(ctx.config.databaseUrl);
  const result = await applyMigrations(ctx.config.databaseUrl, MIGRATIONS_DIR);
  for (const name of result.applied) ctx.out(`applied ${name}`);
  ctx.out(`${result.applied.length} migration(s) applied, ${result.alreadyApplied.length} already in place`);
  return 0;
}
