import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ClaimedMessage, SmsMessageRepository } from './message-repository.js';
import type { SmsProvider } from './provider.js';

export interface OutboxOptions {
  readonly repository: SmsMessageRepository;
  /** The provider as configured now (runtime override or environment); null: messages wait. */
  readonly provider: () => SmsProvider | null;
  /** Where the provider should post this message's delivery reports; null asks for none. */
  readonly reportUrl: () => string | null;
  readonly log: Logger;
  readonly pollMs?: number;
  readonly batchSize?: number;
  /** How long a claim lasts; must exceed the provider timeout, or a slow send counts as a crash. */
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  /** Between two tries to write an outcome while MariaDB is away. */
  readonly writeRetryMs?: number;
}

export const OUTBOX_DEFAULTS = {
  pollMs: 1000,
  batchSize: 20,
  leaseMs: 180_000,
  maxAttempts: 6,
  backoffBaseMs: 5000,
  backoffMaxMs: 10 * 60_000,
  writeRetryMs: 500,
} as const;

/**
 * Sends queued messages: claims a batch in MariaDB, asks the provider, writes the outcome.
 * Every instance may run one; the row claim keeps each message to one sender. Provider
 * errors and timeouts are retried with exponential backoff up to `maxAttempts`.
 */
export class SmsOutbox {
  private readonly options: Required<OutboxOptions>;
  private readonly instance = randomBytes(6).toString('hex');
  private claims = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(options: OutboxOptions) {
    this.options = { ...OUTBOX_DEFAULTS, ...options };
  }

  start(): void {
    this.stopped = false;
    this.nudge();
  }

  /** Runs a round now (a message was just queued), or right after the current one. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.loop().finally(() => {
      this.running = null;
      if (!this.stopped) this.timer = setTimeout(() => this.nudge(), this.options.pollMs);
    });
  }

  /** Stops claiming; resolves when the messages being sent have their outcome written. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        const full = await this.round();
        if (full) this.again = true;
      } catch (error) {
        this.options.log.warn({ err: error }, 'sms outbox round failed; retrying at the next poll');
      }
    } while (this.again && !this.stopped);
  }

  /** One round; true when it claimed a full batch (more may be waiting). */
  async round(): Promise<boolean> {
    const { repository, batchSize, leaseMs, log } = this.options;
    const unknown = await repository.failUnknownOutcomes();
    if (unknown > 0) log.error({ count: unknown }, 'sms messages with an unknown outcome were failed, not resent');
    const provider = this.options.provider();
    if (provider === null) return false;
    this.claims += 1;
    const batch = await repository.claim(`${this.instance}:${this.claims}`, batchSize, leaseMs);
    await Promise.all(batch.map((message) => this.deliver(provider, message)));
    return batch.length === batchSize;
  }

  private async deliver(provider: SmsProvider, message: ClaimedMessage): Promise<void> {
    const { repository, log, maxAttempts } = this.options;
    if (!(await repository.startSending(message))) return;
    const attempt = message.attempts + 1;
    const outcome = await provider.send({ to: message.recipient, from: message.sender, content: message.content, reportUrl: this.options.reportUrl() });
    const fields = { sms: message.id, attempt };
    switch (outcome.kind) {
      case 'accepted':
        await this.persist(message, () => repository.markSent(message, outcome.providerId === '' ? null : outcome.providerId));
        log.info({ ...fields, providerId: outcome.providerId }, 'sms sent');
        return;
      case 'rejected':
        await this.persist(message, () => repository.markFailed(message, outcome.reason));
        log.warn({ ...fields, reason: outcome.reason }, 'sms refused by the provider');
        return;
      case 'retry':
        if (attempt >= maxAttempts) {
          await this.persist(message, () => repository.markFailed(message, `gave up after ${attempt} attempts: ${outcome.reason}`));
          log.warn({ ...fields, reason: outcome.reason }, 'sms failed after the last attempt');
          return;
        }
        await this.persist(message, () => repository.retryLater(message, outcome.reason, this.backoff(attempt)));
        log.info({ ...fields, reason: outcome.reason }, 'sms send failed; will retry');
    }
  }

  /**
   * Writes the provider's answer, trying again while MariaDB is away for up to half the
   * claim's lease (after that the row's outcome counts as unknown; see failUnknownOutcomes).
   */
  private async persist(message: ClaimedMessage, write: () => Promise<void>): Promise<void> {
    const deadline = Date.now() + this.options.leaseMs / 2;
    for (;;) {
      try {
        await write();
        return;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        this.options.log.warn({ err: error, sms: message.id }, 'could not write an sms outcome; trying again');
        await new Promise((resolve) => setTimeout(resolve, this.options.writeRetryMs));
      }
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.options.backoffBaseMs * 2 ** (attempt - 1), this.options.backoffMaxMs);
  }
}
