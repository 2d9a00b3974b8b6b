import type { PoolConfig } from 'mariadb';

/** mariadb driver options from a mysql:// or mariadb:// URL (socketPath via `?socket=`). */
export function connectionOptionsFromUrl(databaseUrl: string): PoolConfig & { database: string } {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_$]+$/.test(database)) {
    throw new Error('DATABASE_URL: the database name must be letters, digits, _ or $');
  }
  const socketPath = url.searchParams.get('socket') ?? undefined;
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
    database,
    ...(socketPath ? { socketPath } : {}),
    connectTimeout: 3000,
  };
}
