import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import { PrismaClient } from './generated/prisma/client.js';
import { connectionOptionsFromUrl } from './connection-options.js';

export type { PrismaClient } from './generated/prisma/client.js';
export { Prisma } from './generated/prisma/client.js';

export function createPrismaClient(databaseUrl: string, connectionLimit = 10): PrismaClient {
  // Fail fast when MariaDB is away: callers fall back (last snapshot, buffered log) instead of hanging.
  const adapter = new PrismaMariaDb({ ...connectionOptionsFromUrl(databaseUrl), connectionLimit, acquireTimeout: 3000 });
  return new PrismaClient({ adapter });
}
