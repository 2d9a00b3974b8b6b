import mariadb from 'mariadb';
import { connectionOptionsFromUrl } from './connection-options.js';

/** Creates the database named in DATABASE_URL if it does not exist yet. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const { database, ...server } = connectionOptionsFromUrl(databaseUrl);
  const connection = await mariadb.createConnection(server);
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${database}\` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}
