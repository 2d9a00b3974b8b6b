import type { Logger } from 'pino';
import { createSnapshot, type ConfigSnapshot } from '../domain/config/snapshot.js';
import type { ConfigBus } from '../realtime/config-bus.js';
import { loadConfigData, readConfigVersion } from './config-repository.js';
import type { PrismaClient } from './prisma.js';

export interface SnapshotStoreOptions {
  readonly prisma: PrismaClient;
  readonly bus: ConfigBus;
  readonly log: Logger;
  readonly pollMs: number;
  readonly clock?: () => number;
}

/**
 * Holds the config snapshot every decision reads. A version published on the bus, or seen
 * by the periodic check, triggers a reload; while MariaDB is away the last good snapshot
 * keeps serving.
 */
export class SnapshotStore {
  private snapshot: ConfigSnapshot | null = null;
  private lastCheckedAt: number | null = null;
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  private timer: NodeJS.Timeout | null = null;
  private databaseDown = false;
  private readonly clock: () => number;

  constructor(private readonly options: SnapshotStoreOptions) {
    this.clock = options.clock ?? Date.now;
  }

  current(): ConfigSnapshot | null {
    return this.snapshot;
  }

  /** Milliseconds since the database last confirmed the snapshot is current. */
  ageMs(): number | null {
    return this.lastCheckedAt === null ? null : this.clock() - this.lastCheckedAt;
  }

  async start(): Promise<void> {
    this.options.bus.onConfigVersion((version) => {
      if (this.snapshot === null || version > this.snapshot.version) void this.refresh();
    });
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Loads the configuration if its version moved; concurrent calls share one load. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = this.loadIfChanged().finally(() => {
      this.refreshing = null;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        void this.refresh();
      }
    });
    return this.refreshing;
  }

  private async loadIfChanged(): Promise<void> {
    const { prisma, log } = this.options;
    try {
      const version = await readConfigVersion(prisma);
      if (this.snapshot === null || version !== this.snapshot.version) {
        // One transaction: the version and the rows come from the same consistent read.
        const loaded = await prisma.$transaction(async (tx) => ({
          version: await readConfigVersion(tx),
          data: await loadConfigData(tx),
        }));
        const snapshot = createSnapshot(loaded.data, loaded.version);
        for (const warning of snapshot.warnings) log.warn({ version: loaded.version }, warning);
        this.snapshot = snapshot;
        log.info({ version: loaded.version }, 'config snapshot loaded');
      }
      this.lastCheckedAt = this.clock();
      if (this.databaseDown) log.info('database reachable again; config snapshot checks resumed');
      this.databaseDown = false;
    } catch (error) {
      if (!this.databaseDown) {
        log.error(
          { err: error, version: this.snapshot?.version ?? null },
          this.snapshot ? 'cannot reach the database; serving the last good config snapshot' : 'cannot load the config snapshot',
        );
      }
      this.databaseDown = true;
    }
  }
}
