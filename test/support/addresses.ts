// Where the test MariaDB and Redis are. Everything in test/ takes them from here.

/** The MariaDB server tests use; override with TEST_DATABASE_SERVER_URL (no database name). */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'mysql://root@127.0.0.1:3306';

/** The Redis tests use; override with TEST_REDIS_URL. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** The test MariaDB's TCP address (for a TcpProxy in front of it). */
export const databaseAddress = (): HostPort => hostPort(TEST_SERVER_URL, 3306);

/** The test Redis's TCP address. */
export const redisAddress = (): HostPort => hostPort(TEST_REDIS_URL, 6379);

function hostPort(url: string, defaultPort: number): HostPort {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
}
