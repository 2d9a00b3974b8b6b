// Runs `prisma generate` at install. Prisma's CLI insists on a schema-engine binary it
// downloads from outside the npm registry; generation never runs it, so where no
// engine is configured we point it at an existing executable. Machines that can
// download the engine keep Prisma's normal path when they set the variable themselves.
import { spawnSync } from 'node:child_process';

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/true';
env.PRISMA_HIDE_UPDATE_MESSAGE ??= '1';
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
