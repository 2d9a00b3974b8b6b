import { createHash } from 'node:crypto';
import { cp, mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { applyMigrations, MigrationError, readMigrations } from '../../src/data/migrate.js';
import { MIGRATIONS_DIR } from '../../src/main/database.js';
import { createTestDatabase } from '../support/database.js';

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mayday-migrations-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

t.test('applies every migration once and records it as Prisma does', async (t) => {
  const db = await createTestDatabase(t, { migrate: false });
  const first = await applyMigrations(db.url, MIGRATIONS_DIR);
  const expected = (await readMigrations(MIGRATIONS_DIR)).map((migration) => migration.name);
  t.same(first.applied, expected);
  const again = await applyMigrations(db.url, MIGRATIONS_DIR);
  t.same(again, { applied: [], alreadyApplied: expected });

  const rows = await db.prisma.$queryRawUnsafe<MigrationRow[]>(
    'SELECT migration_name, checksum, finished_at, applied_steps_count, logs FROM _prisma_migrations ORDER BY migration_name',
  );
  t.same(rows.map((row) => row.migration_name), expected);
  for (const row of rows) {
    const sql = await readFile(join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
    t.equal(row.checksum, createHash('sha256').update(sql).digest('hex'), `${row.migration_name} checksum is sha256 of the file`);
    t.ok(row.finished_at instanceof Date, 'finished');
    t.equal(Number(row.applied_steps_count), 1);
  }
});

t.test('several instances starting at once apply each migration exactly once', async (t) => {
  const db = await createTestDatabase(t, { migrate: false });
  const results = await Promise.all([1, 2, 3].map(() => applyMigrations(db.url, MIGRATIONS_DIR)));
  const appliedCount = results.reduce((sum, result) => sum + result.applied.length, 0);
  t.equal(appliedCount, (await readMigrations(MIGRATIONS_DIR)).length);
  const [row] = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>('SELECT COUNT(*) AS n FROM _prisma_migrations');
  t.equal(Number(row?.n), appliedCount);
});

t.test('a failing migration is recorded unfinished with its error, and blocks later runs', async (t) => {
  const db = await createTestDatabase(t, { migrate: false });
  const dir = await copyOfMigrations();
  await mkdir(join(dir, '29990101000000_broken'));
  await writeFile(join(dir, '29990101000000_broken', 'migration.sql'), 'ALTER TABLE `no_such_table` ADD COLUMN `x` INTEGER;\n');
  await t.rejects(applyMigrations(db.url, dir), { name: 'MigrationError', message: /29990101000000_broken failed/ });
  const rows = await db.prisma.$queryRawUnsafe<MigrationRow[]>(
    "SELECT migration_name, checksum, finished_at, applied_steps_count, logs FROM _prisma_migrations WHERE migration_name = '29990101000000_broken'",
  );
  t.equal(rows[0]?.finished_at, null);
  t.match(rows[0]?.logs, /no_such_table/);
  await t.rejects(applyMigrations(db.url, dir), new MigrationError(
    'migration 29990101000000_broken failed earlier and was not repaired; fix the database, then mark it rolled back or applied (prisma migrate resolve)',
  ));
});

t.test('a migration edited after it was applied is refused', async (t) => {
  const db = await createTestDatabase(t, { migrate: false });
  const dir = await copyOfMigrations();
  await applyMigrations(db.url, dir);
  const [first] = await readMigrations(dir);
  await writeFile(join(dir, first!.name, 'migration.sql'), `${first!.sql}\n-- edited\n`);
  await t.rejects(applyMigrations(db.url, dir), { message: /was edited after it was applied/ });
});
