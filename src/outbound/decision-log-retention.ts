import { setImmediate as yieldToCalls } from 'node:timers/promises';
import type { Logger } from 'pino';
import { utcDateTime } from '../data/batch-writer.js';
import type { PrismaClient } from '../data/prisma.js';

/** Rows deleted per statement: each DELETE is its own short transaction. */
export const PURGE_BATCH_ROWS = 5_000;
/** How often an instance purges, and how long after its start it purges first. */
export const PURGE_INTERVAL_MS = 60 * 60 * 1000;
export const PURGE_FIRST_DELAY_MS = 5 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PurgeResult {
  readonly deleted: number;
  readonly batches: number;
}

/**
 * Deletes the decision-log rows older than `before`, `batchRows` at a time:
 * `DELETE FROM decision_log WHERE created_at < ? LIMIT n`, each statement committed on its
 * own, so no lock is held longer than one batch, and only on old rows (the range on the
 * created_at index), never where new decisions are inserted. Stops after a short batch.
 */
export async function purgeDecisionLog(prisma: PrismaClient, before: Date, batchRows = PURGE_BATCH_ROWS): Promise<PurgeResult> {
  let deleted = 0;
  let batches = 0;
  for (;;) {
    const count = await prisma.$executeRawUnsafe('DELETE FROM decision_log WHERE created_at < ? LIMIT ?', utcDateTime(before), batchRows);
    deleted += count;
    batches += 1;
    if (count < batchRows) return { deleted, batches };
    // Let calls and flushes in between.
    await yieldToCalls();
  }
}

export interface RetentionOptions {
  readonly prisma: PrismaClient;
  readonly log: Logger;
  /** Rows older than this many days go; 0 keeps every row. */
  readonly days: number;
  readonly now?: () => Date;
}

/** Purges the decision log every hour (first a few minutes after start). Every instance may run it: the DELETEs are idempotent. */
export class DecisionLogRetention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(private readonly options: RetentionOptions) {}

  start(firstDelayMs = PURGE_FIRST_DELAY_MS, intervalMs = PURGE_INTERVAL_MS): void {
    if (this.options.days === 0) return;
    const tick = (delay: number) => {
      this.timer = setTimeout(() => {
        this.running = this.runOnce().finally(() => {
          this.running = null;
          if (this.timer !== null) tick(intervalMs);
        });
      }, delay);
      this.timer.unref();
    };
    tick(firstDelayMs);
  }

  /** One purge now; a failure (MariaDB away) is logged and retried at the next interval. */
  async runOnce(): Promise<PurgeResult | null> {
    const now = this.options.now?.() ?? new Date();
    const before = new Date(now.getTime() - this.options.days * DAY_MS);
    try {
      const result = await purgeDecisionLog(this.options.prisma, before);
      if (result.deleted > 0) this.options.log.info({ ...result, before }, 'decision log purged');
      return result;
    } catch (error) {
      this.options.log.warn({ err: error }, 'decision log purge failed; retrying at the next interval');
      return null;
    }
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
