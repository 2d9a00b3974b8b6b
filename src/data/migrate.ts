import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import mariadb from 'mariadb';
import { connectionOptionsFromUrl } from './connection-options.js';

// Applies prisma/migrations/<stamp>_<name>/migration.sql and records each one in
// `_prisma_migrations` exactly as `prisma migrate deploy` does, so Prisma's own CLI agrees
// on a machine that has its schema engine. MariaDB DDL is not transactional: a migration
// that fails half-way is recorded unfinished with its error, and later runs refuse to go on
// until someone repairs it (as Prisma does).

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS \`_prisma_migrations\` (
    \`id\`                    VARCHAR(36) PRIMARY KEY NOT NULL,
    \`checksum\`              VARCHAR(64) NOT NULL,
    \`finished_at\`           DATETIME(3),
    \`migration_name\`        VARCHAR(255) NOT NULL,
    \`logs\`                  TEXT,
    \`rolled_back_at\`        DATETIME(3),
    \`started_at\`            DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    \`applied_steps_count\`   INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;

const LOCK_NAME = 'mayday_migrate';
const LOCK_WAIT_SECONDS = 60;

export interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationResult {
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function readMigrations(migrationsDir: string): Promise<Migration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function applyMigrations(databaseUrl: string, migrationsDir: string): Promise<MigrationResult> {
  const migrations = await readMigrations(migrationsDir);
  const connection = await mariadb.createConnection({
    ...connectionOptionsFromUrl(databaseUrl),
    multipleStatements: true,
  });
  try {
    const [lock] = await connection.query<{ locked: bigint | number | null }[]>(
      'SELECT GET_LOCK(?, ?) AS locked',
      [LOCK_NAME, LOCK_WAIT_SECONDS],
    );
    if (Number(lock?.locked) !== 1) {
      throw new MigrationError(`another process holds the migration lock for over ${LOCK_WAIT_SECONDS}s`);
    }
    try {
      return await applyPending(connection, migrations);
    } finally {
      await connection.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
    }
  } finally {
    await connection.end();
  }
}

async function applyPending(connection: mariadb.Connection, migrations: Migration[]): Promise<MigrationResult> {
  await connection.query(MIGRATIONS_TABLE);
  const rows = await connection.query<AppliedRow[]>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations',
  );
  const live = rows.filter((row) => row.rolled_back_at === null);
  const unfinished = live.find((row) => row.finished_at === null);
  if (unfinished) {
    throw new MigrationError(
      `migration ${unfinished.migration_name} failed earlier and was not repaired; ` +
        'fix the database, then mark it rolled back or applied (prisma migrate resolve)',
    );
  }
  const finished = new Map(live.map((row) => [row.migration_name, row.checksum]));
  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  for (const migration of migrations) {
    const checksum = finished.get(migration.name);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new MigrationError(`migration ${migration.name} was edited after it was applied (checksum differs)`);
      }
      alreadyApplied.push(migration.name);
      continue;
    }
    await applyOne(connection, migration);
    applied.push(migration.name);
  }
  return { applied, alreadyApplied };
}

async function applyOne(connection: mariadb.Connection, migration: Migration): Promise<void> {
  const id = randomUUID();
  await connection.query(
    'INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, NOW(3), 0)',
    [id, migration.checksum, migration.name],
  );
  try {
    await connection.query(migration.sql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await connection.query('UPDATE _prisma_migrations SET logs = ? WHERE id = ?', [message, id]);
    throw new MigrationError(`migration ${migration.name} failed: ${message}`);
  }
  await connection.query(
    'UPDATE _prisma_migrations SET finished_at = NOW(3), applied_steps_count = 1 WHERE id = ?',
    [id],
  );
}
