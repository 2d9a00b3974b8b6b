import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export const CONFIG_VERSION_CHANNEL = 'mayday:config-version';

type VersionListener = (version: number) => void;

/** Tells every Mayday instance that the routing configuration has a new version. */
export interface ConfigBus {
  publishConfigVersion(version: number): Promise<void>;
  onConfigVersion(listener: VersionListener): void;
  close(): Promise<void>;
}

/** Publishes versions and, given a subscriber connection, hears them (a CLI passes none). */
export class RedisConfigBus implements ConfigBus {
  private readonly listeners: VersionListener[] = [];

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis | null,
    private readonly log: Logger,
  ) {
    if (subscriber === null) return;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== CONFIG_VERSION_CHANNEL) return;
      const version = Number(message);
      if (!Number.isInteger(version)) {
        log.warn({ message }, 'ignoring a malformed config-version message');
        return;
      }
      for (const listener of this.listeners) listener(version);
    });
    // ioredis re-subscribes after a reconnect on its own; subscribing while down is retried on 'ready'.
    subscriber.on('ready', () => this.subscribe());
    if (subscriber.status === 'ready') this.subscribe();
  }

  private subscribe(): void {
    this.subscriber?.subscribe(CONFIG_VERSION_CHANNEL).catch((error: unknown) => {
      this.log.warn({ err: error }, 'could not subscribe to config versions; the periodic check covers it');
    });
  }

  async publishConfigVersion(version: number): Promise<void> {
    try {
      await this.publisher.publish(CONFIG_VERSION_CHANNEL, String(version));
    } catch (error) {
      this.log.warn({ err: error, version }, 'could not publish the config version; instances pick it up at their next periodic check');
    }
  }

  onConfigVersion(listener: VersionListener): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.subscriber?.disconnect();
    this.publisher.disconnect();
  }
}

/** One process only: for the CLI and for tests that need no Redis. */
export class InProcessConfigBus implements ConfigBus {
  private readonly listeners: VersionListener[] = [];

  async publishConfigVersion(version: number): Promise<void> {
    for (const listener of this.listeners) listener(version);
  }

  onConfigVersion(listener: VersionListener): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.listeners.length = 0;
  }
}
