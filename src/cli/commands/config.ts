import { readFile, writeFile } from 'node:fs/promises';
import { CLI_CHANGE, runAsChange } from '../../data/change-context.js';
import { exportConfigDocument, importConfigDocument } from '../../data/config-import.js';
import { createRedis, connectRedis } from '../../realtime/redis.js';
import { RedisConfigBus } from '../../realtime/config-bus.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../usage.js';

export async function runConfigCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [action, file] = argv;
  if (action === 'export') {
    const text = await exportConfigDocument(ctx.prisma);
    if (file === undefined || file === '-') ctx.out(text.trimEnd());
    else await writeFile(file, text);
    return 0;
  }
  if (action === 'import' && file !== undefined) return importFile(file, ctx);
  throw new UsageError('mayday config import FILE | mayday config export [FILE]');
}

async function importFile(file: string, ctx: CliContext): Promise<number> {
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  const publisher = createRedis(ctx.config.redisUrl, ctx.log, 'mayday-cli');
  await connectRedis(publisher);
  const bus = new RedisConfigBus(publisher, null, ctx.log);
  try {
    const result = await runAsChange(CLI_CHANGE, () => importConfigDocument({ prisma: ctx.prisma, bus, log: ctx.log }, text));
    switch (result.kind) {
      case 'invalid':
        for (const issue of result.issues) ctx.out(`${issue.path}: ${issue.message}`);
        ctx.out(`nothing imported: ${result.issues.length} problem(s) in ${file}`);
        return 1;
      case 'unchanged':
        ctx.out(`no change: the configuration already matches ${file} (version ${result.version})`);
        return 0;
      case 'imported':
        ctx.out(`imported ${file}: configuration version ${result.version}`);
        return 0;
    }
  } finally {
    await bus.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
