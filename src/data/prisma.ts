import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import { PrismaClient } from './generated/prisma/client.js';
import { connectionOptionsFromUrl } from './connection-options.js';

export type { PrismaClient } from './generated/prisma/client.js';
export { Prisma } from './generated/prisma/client.js';

export function createPrismaClient(databaseUrl: string, connectionLimit = 10): PrismaClient {
  const adapter = new PrismaMariaDb({ ...connectionOptionsFromUrl(databaseUrl), connectionLimit });
  return new PrismaClient({ adapter });
}
