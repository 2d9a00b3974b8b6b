import type { Redis } from 'ioredis';
import { SessionsUnavailableError } from './session-store.js';

export interface LoginThrottleOptions {
  readonly maxFailures: number;
  readonly windowMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = { maxFailures: 5, windowMs: 15 * 60_000 };

/** Counts failed logins per username and client address in Redis; the window starts at the first failure. */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
  ) {}

  async isBlocked(username: string, ip: string): Promise<boolean> {
    const failures = await this.run(() => this.redis.get(key(username, ip)));
    return Number(failures ?? 0) >= this.options.maxFailures;
  }

  async recordFailure(username: string, ip: string): Promise<void> {
    await this.run(() =>
      // The counter is created with its expiry, so later failures do not extend the window.
      this.redis.multi().set(key(username, ip), '0', 'PX', this.options.windowMs, 'NX').incr(key(username, ip)).exec(),
    );
  }

  async reset(username: string, ip: string): Promise<void> {
    await this.run(() => this.redis.del(key(username, ip)));
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new SessionsUnavailableError(error);
    }
  }
}

export function loginThrottleKey(username: string, ip: string): string {
  return key(username, ip);
}

function key(username: string, ip: string): string {
  return `mayday:login-failures:${username.toLowerCase()}:${ip}`;
}
