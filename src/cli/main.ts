// `mayday <command>`: the operator's command line. Output goes to stdout; logs to stderr.
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../config/env.js';
import { createPrismaClient } from '../data/prisma.js';
import { runConfigCommand } from './commands/config.js';
import { runMigrateCommand } from './commands/migrate.js';
import { runSimulateCommand } from './commands/simulate.js';
import { runUserCommand } from './commands/user.js';
import type { CliContext } from './context.js';
import { UsageError } from './usage.js';

type Command = (argv: readonly string[], ctx: CliContext) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  config: runConfigCommand,
  simulate: runSimulateCommand,
  migrate: runMigrateCommand,
  user: runUserCommand,
};

const USAGE = `usage: mayday <command>
  config import FILE          replace the routing configuration with FILE (YAML or JSON), all or nothing
  config export [FILE]        write the routing configuration (stdout without FILE)
  simulate outbound --agent EXTENSION --number DIGITS [--json]
  simulate inbound --did NUMBER [--caller NUMBER] [--at 2026-12-25T21:00] [--json]
                              the decision the live server would take now
  migrate                     create the database if needed and apply pending migrations
  user add USERNAME --role admin|manager|agent [--agent EXTENSION]
  user passwd USERNAME        set a dashboard user's password`;

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    console.error(USAGE);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  const prisma = createPrismaClient(config.databaseUrl, 2);
  try {
    return await command(rest, { config, prisma, log, out: (line) => console.log(line) });
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`usage: ${error.message}`);
      return 2;
    }
    console.error(`mayday ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await prisma.$disconnect();
  }
}
