import type { Logger } from 'pino';
import type { ConfigBus } from '../realtime/config-bus.js';
import { bumpConfigVersion, type Transaction } from './config-repository.js';
import type { PrismaClient } from './prisma.js';

export interface ConfigChangeDeps {
  readonly prisma: PrismaClient;
  readonly bus: ConfigBus;
  readonly log: Logger;
}

/**
 * Runs a configuration change and the version bump in one transaction, then tells every
 * instance. The dashboard and the import both change routing data only through here.
 */
export async function commitConfigChange<T>(
  deps: ConfigChangeDeps,
  change: (tx: Transaction) => Promise<T>,
): Promise<{ result: T; version: number }> {
  const committed = await deps.prisma.$transaction(
    async (tx) => {
      const result = await change(tx);
      const version = await bumpConfigVersion(tx);
      return { result, version };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
  await deps.bus.publishConfigVersion(committed.version);
  deps.log.info({ version: committed.version }, 'configuration changed');
  return committed;
}
