import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

// Renew or release only while the key still holds our token: an instance that paused past
// the expiry must not extend, or delete, the lease a successor took meanwhile.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface LeaseOptions {
  readonly redis: Redis;
  readonly key: string;
  /** How long the lease lives without a renewal; a dead holder is replaced within about this. */
  readonly ttlMs: number;
  /** Identifies this instance in the lease value (shown on the health page). */
  readonly owner: string;
  readonly log: Logger;
}

export type LeaseListener = (held: boolean) => void;

/**
 * One holder across instances: `SET key value NX PX ttl` to take it, a token-checked
 * `PEXPIRE` every third of the ttl to keep it, a token-checked `DEL` on stop. The holder
 * gives it up itself when a renewal fails or comes back too late (Redis away, process
 * paused), so two instances never both believe they hold it for longer than a ttl.
 */
export class RedisLease {
  private readonly token: string;
  private timer: NodeJS.Timeout | undefined;
  private heldUntil = 0;
  private running = false;
  private readonly listeners: LeaseListener[] = [];
  held = false;

  constructor(private readonly options: LeaseOptions) {
    this.token = `${options.owner}#${randomUUID()}`;
  }

  onChange(listener: LeaseListener): void {
    this.listeners.push(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  /** Releases the lease if held, so another instance takes over at once rather than after the ttl. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    if (!this.held) return;
    this.setHeld(false);
    await this.options.redis.eval(RELEASE, 1, this.options.key, this.token).catch((error: unknown) => {
      this.options.log.warn({ err: error }, 'could not release the lease; it expires by itself');
    });
  }

  /** Who holds the lease now (its owner name), or null when nobody does or Redis cannot say. */
  async holder(): Promise<string | null> {
    const value = await this.options.redis.get(this.options.key).catch(() => null);
    return value === null ? null : value.slice(0, value.lastIndexOf('#'));
  }

  private async tick(): Promise<void> {
    const { redis, key, ttlMs, log } = this.options;
    const sentAt = Date.now();
    try {
      const ok = this.held
        ? (await redis.eval(RENEW, 1, key, this.token, String(ttlMs))) === 1
        : (await redis.set(key, this.token, 'PX', ttlMs, 'NX')) === 'OK';
      if (!this.running) {
        // Stopped while the command was out: hand back what it may just have taken.
        if (ok && !this.held) await redis.eval(RELEASE, 1, key, this.token);
        return;
      }
      // A reply that took longer than the ttl proves nothing about now.
      if (ok && Date.now() - sentAt < ttlMs) {
        this.heldUntil = sentAt + ttlMs;
        if (!this.held) log.info({ key }, 'lease taken');
        this.setHeld(true);
      } else if (this.held) {
        log.warn({ key }, 'lease lost to another instance');
        this.setHeld(false);
      }
    } catch (error) {
      if (this.held && Date.now() >= this.heldUntil - ttlMs / 3) {
        log.warn({ err: error, key }, 'lease could not be renewed; giving it up');
        this.setHeld(false);
      }
    }
    if (this.running) this.timer = setTimeout(() => void this.tick(), Math.max(50, Math.floor(ttlMs / 3)));
  }

  private setHeld(held: boolean): void {
    if (this.held === held) return;
    this.held = held;
    for (const listener of this.listeners) {
      try {
        listener(held);
      } catch (error) {
        this.options.log.error({ err: error }, 'lease listener failed');
      }
    }
  }
}
