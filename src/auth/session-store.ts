import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
export interface Flash {
  readonly kind: 'success' | 'error';
  readonly message: string;
  /** A second line, e.g. what the next call now does. */
  readonly detail?: string;
}

export interface Session {
  readonly id: string;
  /** The dashboard user; their role and status are read from the database on every request. */
  readonly userId: number;
  readonly csrfToken: string;
  readonly flash: Flash | null;
}

type StoredSession = Omit<Session, 'id'>;

/** Redis could not be reached: sessions can be neither read nor written. */
export class SessionsUnavailableError extends Error {
  override name = 'SessionsUnavailableError';
  constructor(cause: unknown) {
    super('sessions are unavailable (Redis cannot be reached)', { cause });
  }
}

const KEY_PREFIX = 'mayday:session:';
/** A set per user of their session ids, so all of a user's sessions can be ended at once. */
const USER_KEY_PREFIX = 'mayday:user-sessions:';

/** 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Dashboard sessions in Redis, one key per session, expiring after the idle time; every
 * read pushes the expiry out again. Each user's session ids are also kept in a set (ids
 * of sessions that expired are pruned from it when the user signs in again).
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly idleMs: number,
  ) {}

  async create(userId: number): Promise<Session> {
    const session: Session = { id: newToken(), userId, csrfToken: newToken(), flash: null };
    await this.pruneExpired(userId);
    await this.save(session);
    await this.run(() => this.redis.sadd(userKey(userId), session.id));
    return session;
  }

  /** The session, its idle expiry renewed; null when unknown or expired. */
  async touch(id: string): Promise<Session | null> {
    const results = await this.run(() => this.redis.multi().get(key(id)).pexpire(key(id), this.idleMs).exec());
    const stored = results?.[0]?.[1];
    if (typeof stored !== 'string') return null;
    return { id, ...(JSON.parse(stored) as StoredSession) };
  }

  /** Whether the session still exists, without renewing its expiry (an open socket is not activity). */
  async exists(id: string): Promise<boolean> {
    return (await this.run(() => this.redis.exists(key(id)))) === 1;
  }

  async save(session: Session): Promise<void> {
    const { id, ...stored } = session;
    await this.run(() => this.redis.set(key(id), JSON.stringify(stored), 'PX', this.idleMs));
  }

  async destroy(session: Pick<Session, 'id' | 'userId'>): Promise<void> {
    await this.run(() => this.redis.multi().del(key(session.id)).srem(userKey(session.userId), session.id).exec());
  }

  /** Ends every session of `userId` except `keep` (the one making the change); returns how many ended. */
  async destroyAllOf(userId: number, keep: string | null = null): Promise<number> {
    const ids = (await this.run(() => this.redis.smembers(userKey(userId)))).filter((id) => id !== keep);
    if (ids.length === 0) return 0;
    await this.run(() => this.redis.multi().del(...ids.map(key)).srem(userKey(userId), ...ids).exec());
    return ids.length;
  }

  private async pruneExpired(userId: number): Promise<void> {
    const ids = await this.run(() => this.redis.smembers(userKey(userId)));
    if (ids.length === 0) return;
    const alive = await this.run(() => this.redis.multi(ids.map((id) => ['exists', key(id)])).exec());
    const gone = ids.filter((_id, index) => alive?.[index]?.[1] === 0);
    if (gone.length > 0) await this.run(() => this.redis.srem(userKey(userId), ...gone));
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new SessionsUnavailableError(error);
    }
  }
}

function key(id: string): string {
  return `${KEY_PREFIX}${id}`;
}

function userKey(userId: number): string {
  return `${USER_KEY_PREFIX}${userId}`;
}
