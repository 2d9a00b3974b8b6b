import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

type Handler = (message: string) => void;

/**
 * Several features' channels on one subscriber connection. Subscribes again whenever the
 * connection is (re)ready; a handler that throws is logged and the others still run.
 */
export class RedisSubscriptions {
  private readonly handlers = new Map<string, Handler[]>();

  constructor(
    private readonly subscriber: Redis,
    private readonly log: Logger,
  ) {
    subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel) ?? []) {
        try {
          handler(message);
        } catch (error) {
          log.error({ err: error, channel }, 'pub/sub handler failed');
        }
      }
    });
    subscriber.on('ready', () => void this.subscribeAll());
  }

  /** Resolves once subscribed (or at once while Redis is away: the next 'ready' subscribes). */
  async on(channel: string, handler: Handler): Promise<void> {
    const list = this.handlers.get(channel);
    if (list) {
      list.push(handler);
      return;
    }
    this.handlers.set(channel, [handler]);
    if (this.subscriber.status === 'ready') await this.subscribe([channel]);
  }

  private async subscribeAll(): Promise<void> {
    if (this.handlers.size > 0) await this.subscribe([...this.handlers.keys()]);
  }

  private async subscribe(channels: string[]): Promise<void> {
    await this.subscriber.subscribe(...channels).catch((error: unknown) => {
      this.log.warn({ err: error, channels }, 'could not subscribe; retried when Redis is back');
    });
  }

  close(): void {
    this.subscriber.disconnect();
  }
}
