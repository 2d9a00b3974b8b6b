import mariadb from 'mariadb';
import { pino } from 'pino';
import { importConfigDocument } from '../src/data/config-import.js';
import { connectionOptionsFromUrl } from '../src/data/connection-options.js';
import { ensureDatabase } from '../src/data/ensure-database.js';
import { applyMigrations } from '../src/data/migrate.js';
import { createPrismaClient } from '../src/data/prisma.js';
import { MIGRATIONS_DIR } from '../src/main/database.js';
import { InProcessConfigBus } from '../src/realtime/config-bus.js';

/** Creates the bench database from scratch (a leftover from a broken run is dropped first) and imports `yamlText`. */
export async function seedBenchDatabase(databaseUrl: string, yamlText: string): Promise<number> {
  await dropBenchDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  await applyMigrations(databaseUrl, MIGRATIONS_DIR);
  const prisma = createPrismaClient(databaseUrl);
  try {
    const result = await importConfigDocument({ prisma, bus: new InProcessConfigBus(), log: pino({ level: 'warn' }) }, yamlText);
    if (result.kind === 'invalid') {
      throw new Error(`bench config rejected: ${result.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
    }
    return result.version;
  } finally {
    await prisma.$disconnect();
  }
}

export async function dropBenchDatabase(databaseUrl: string): Promise<void> {
  const { database, ...server } = connectionOptionsFromUrl(databaseUrl);
  // The bench drops what it created; a URL pointing at a real database must never reach DROP.
  if (!database.endsWith('_bench')) throw new Error(`refusing to drop ${database}: the bench database name must end in _bench`);
  const connection = await mariadb.createConnection(server);
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await connection.end();
  }
}

/** Runs `run` on one connection to the bench database, closed afterwards. */
export async function withBenchConnection<T>(databaseUrl: string, run: (connection: mariadb.Connection) => Promise<T>): Promise<T> {
  const connection = await mariadb.createConnection(connectionOptionsFromUrl(databaseUrl));
  try {
    return await run(connection);
  } finally {
    await connection.end();
  }
}
