import { randomBytes } from 'node:crypto';
import mariadb from 'mariadb';
import { connectionOptionsFromUrl } from '../../src/data/connection-options.js';
import { ensureDatabase } from '../../src/data/ensure-database.js';
import { applyMigrations } from '../../src/data/migrate.js';
import { createPrismaClient, type PrismaClient } from '../../src/data/prisma.js';
import { MIGRATIONS_DIR } from '../../src/main/database.js';
import { TEST_SERVER_URL } from './addresses.js';


export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  readonly prisma: PrismaClient;
  drop(): Promise<void>;
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A fresh, migrated database of its own for one test file; dropped at teardown. */
export async function createTestDatabase(t: Teardown, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `mayday_test_${randomBytes(5).toString('hex')}`;
  const url = `${TEST_SERVER_URL}/${name}`;
  await ensureDatabase(url);
  if (options.migrate !== false) await applyMigrations(url, MIGRATIONS_DIR);
  const prisma = createPrismaClient(url, 5);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    // Teardowns run in the order they were added, so parts built on this database after it
    // (an app's snapshot reload, its pools) may still be mid-transaction here, and both
    // $disconnect() and DROP DATABASE would wait on them: end those sessions first.
    const sessions = (await runSql(url, 'SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [name])) as { ID: number | bigint }[];
    for (const session of sessions) await runSql(url, `KILL CONNECTION ${Number(session.ID)}`).catch(() => undefined);
    await prisma.$disconnect();
    await runSql(url, `DROP DATABASE IF EXISTS \`${name}\``);
  };
  t.teardown(drop);
  return { url, name, prisma, drop };
}

/** Runs one statement on the server of `url`, outside any database. */
export async function runSql(url: string, sql: string, values?: unknown[]): Promise<unknown> {
  const { database: _database, ...server } = connectionOptionsFromUrl(url);
  const connection = await mariadb.createConnection(server);
  try {
    return await connection.query(sql, values);
  } finally {
    await connection.end();
  }
}
