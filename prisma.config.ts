import { defineConfig } from 'prisma/config';
import { DEFAULT_DATABASE_URL } from './src/config/defaults.js';

// Prisma's CLI reads this; Mayday itself reads DATABASE_URL through src/config.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL },
});
