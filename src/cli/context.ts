import type { Logger } from 'pino';
import type { AppConfig } from '../config/env.js';
import type { PrismaClient } from '../data/prisma.js';

export interface CliContext {
  readonly config: AppConfig;
  readonly prisma: PrismaClient;
  readonly log: Logger;
  readonly out: (line: string) => void;
}
