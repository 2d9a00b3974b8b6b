import { Prisma, type PrismaClient } from '../data/prisma.js';
import type { ReportedStatus } from './provider.js';

export type SmsStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'received' | 'undelivered';
export type SmsDirection = 'outbound' | 'inbound';

export interface SmsMessage {
  readonly id: number;
  readonly providerId: string | null;
  readonly sender: string;
  readonly recipient: string;
  readonly partner: string;
  readonly content: string;
  readonly direction: SmsDirection;
  readonly status: SmsStatus;
  readonly error: string | null;
  readonly userId: number | null;
  readonly attempts: number;
  readonly createdAt: Date;
  readonly statusAt: Date | null;
}

export interface NewOutbound {
  readonly sender: string;
  /** International digits. */
  readonly recipient: string;
  readonly content: string;
  readonly userId: number | null;
}

export interface NewInbound {
  readonly providerId: string | null;
  readonly sender: string;
  readonly recipient: string;
  readonly content: string;
}

/** What the outbox holds while it sends one claimed message. */
export interface ClaimedMessage {
  readonly id: number;
  readonly sender: string;
  readonly recipient: string;
  readonly content: string;
  readonly attempts: number;
  readonly claim: string;
}

const FINAL_REPORTS: readonly ReportedStatus[] = ['delivered', 'undelivered', 'failed'];
const MAX_ERROR = 255;

/**
 * SMS rows in MariaDB. Sending is claimed row by row with one UPDATE (InnoDB re-checks the
 * WHERE on each row it locks, so two instances can never claim the same row), and all
 * times are the database's, so instances with skewed clocks agree.
 */
export class SmsMessageRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async enqueue(message: NewOutbound): Promise<SmsMessage> {
    const row = await this.prisma.smsMessage.create({
      data: { ...message, partner: message.recipient, direction: 'outbound', status: 'queued' },
    });
    return toMessage(row);
  }

  /**
   * Claims up to `limit` due queued messages for `leaseMs`. A claim that lapses before the
   * provider was asked is claimed again; one that lapses while the provider was being asked
   * is settled by failUnknownOutcomes().
   */
  async claim(claim: string, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
    const claimed = await this.prisma.$executeRaw`
      UPDATE sms_messages SET claimed_by = ${claim}, claimed_until = DATE_ADD(NOW(3), INTERVAL ${leaseMs * 1000} MICROSECOND)
       WHERE status = 'queued' AND direction = 'outbound' AND next_attempt_at <= NOW(3) AND in_flight_since IS NULL
         AND (claimed_until IS NULL OR claimed_until < NOW(3))
       ORDER BY id LIMIT ${limit}`;
    if (claimed === 0) return [];
    const rows = await this.prisma.smsMessage.findMany({
      where: { claimedBy: claim, status: 'queued' },
      select: { id: true, sender: true, recipient: true, content: true, attempts: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => ({ ...row, claim }));
  }

  /** Marks the provider call as started; false if the claim was lost meanwhile (then it must not be sent). */
  async startSending(message: ClaimedMessage): Promise<boolean> {
    const changed = await this.prisma.$executeRaw`
      UPDATE sms_messages SET in_flight_since = NOW(3), attempts = attempts + 1
       WHERE id = ${message.id} AND claimed_by = ${message.claim} AND status = 'queued' AND in_flight_since IS NULL
         AND claimed_until >= NOW(3)`;
    return changed === 1;
  }

  /** The provider accepted it; a final report that came before this answer is applied in the same statement. */
  async markSent(message: ClaimedMessage, providerId: string | null): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE sms_messages SET
             status = COALESCE((SELECT r.status FROM sms_reports r WHERE r.provider_id = ${providerId}
                                   AND r.status IN ('delivered', 'undelivered', 'failed') ORDER BY r.id LIMIT 1), 'sent'),
             error = (SELECT r.error FROM sms_reports r WHERE r.provider_id = ${providerId}
                         AND r.status IN ('delivered', 'undelivered', 'failed') ORDER BY r.id LIMIT 1),
             provider_id = ${providerId}, sent_at = NOW(3), status_at = NOW(3),
             claimed_by = NULL, claimed_until = NULL, in_flight_since = NULL
       WHERE id = ${message.id} AND claimed_by = ${message.claim}`;
  }

  /** Back to the queue, due after `delayMs`. */
  async retryLater(message: ClaimedMessage, reason: string, delayMs: number): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE sms_messages SET error = ${clip(reason)}, next_attempt_at = DATE_ADD(NOW(3), INTERVAL ${delayMs * 1000} MICROSECOND),
             claimed_by = NULL, claimed_until = NULL, in_flight_since = NULL
       WHERE id = ${message.id} AND claimed_by = ${message.claim}`;
  }

  async markFailed(message: ClaimedMessage, reason: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE sms_messages SET status = 'failed', error = ${clip(reason)}, status_at = NOW(3),
             claimed_by = NULL, claimed_until = NULL, in_flight_since = NULL
       WHERE id = ${message.id} AND claimed_by = ${message.claim}`;
  }

  /**
   * Messages whose sender stopped (crash, lost database) while the provider was being
   * asked: whether the provider took them is unknown, and sending again could deliver
   * twice, so they are failed with that reason rather than resent (at most once).
   */
  async failUnknownOutcomes(): Promise<number> {
    return this.prisma.$executeRaw`
      UPDATE sms_messages SET status = 'failed', status_at = NOW(3),
             error = 'outcome unknown: Mayday stopped while the provider was being asked; not resent, to avoid sending twice',
             claimed_by = NULL, claimed_until = NULL, in_flight_since = NULL
       WHERE status = 'queued' AND in_flight_since IS NOT NULL AND claimed_until < NOW(3)`;
  }

  /**
   * Records a delivery report once (a duplicate changes nothing) and applies it. Only a
   * `sent` message moves, and only to a final status: a late `sent` or a second final
   * report never overwrites the first final one, so `delivered` never goes back.
   */
  async recordReport(providerId: string, status: ReportedStatus, error: string | null): Promise<'recorded' | 'duplicate'> {
    const inserted = await this.prisma.$executeRaw`
      INSERT IGNORE INTO sms_reports (provider_id, status, error) VALUES (${providerId}, ${status}, ${error === null ? null : clip(error)})`;
    if (inserted === 0) return 'duplicate';
    if (!FINAL_REPORTS.includes(status)) return 'recorded';
    await this.prisma.$executeRaw`
      UPDATE sms_messages SET status = ${status}, error = ${error === null ? null : clip(error)}, status_at = NOW(3)
       WHERE provider_id = ${providerId} AND direction = 'outbound' AND status = 'sent'`;
    return 'recorded';
  }

  /** An inbound message joins the thread of whoever last wrote to that number; a repeat of a provider id is ignored. */
  async receive(message: NewInbound): Promise<'received' | 'duplicate'> {
    const last = await this.prisma.smsMessage.findFirst({
      where: { partner: message.sender, userId: { not: null } },
      orderBy: { id: 'desc' },
      select: { userId: true },
    });
    try {
      await this.prisma.smsMessage.create({
        data: { ...message, partner: message.sender, direction: 'inbound', status: 'received', statusAt: new Date(), userId: last?.userId ?? null },
      });
      return 'received';
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return 'duplicate';
      throw error;
    }
  }

  async findById(id: number): Promise<SmsMessage | null> {
    const row = await this.prisma.smsMessage.findUnique({ where: { id } });
    return row === null ? null : toMessage(row);
  }

  /** The latest message with each partner, newest first; `userId` limits it to that user's messages. */
  async conversations(userId: number | null, limit = 100): Promise<SmsMessage[]> {
    const latest = await this.prisma.$queryRaw<{ id: number }[]>`
      SELECT MAX(id) AS id FROM sms_messages WHERE (${userId} IS NULL OR user_id = ${userId})
       GROUP BY partner ORDER BY MAX(id) DESC LIMIT ${limit}`;
    const rows = await this.prisma.smsMessage.findMany({ where: { id: { in: latest.map((row) => Number(row.id)) } }, orderBy: { id: 'desc' } });
    return rows.map(toMessage);
  }

  /** The last `limit` messages with `partner`, oldest first; `userId` limits it to that user's messages. */
  async thread(partner: string, userId: number | null, limit = 200): Promise<SmsMessage[]> {
    const rows = await this.prisma.smsMessage.findMany({
      where: { partner, ...(userId !== null && { userId }) },
      orderBy: { id: 'desc' },
      take: limit,
    });
    return rows.reverse().map(toMessage);
  }

  /** Messages waiting in the outbox, for the health page. */
  async queuedCount(): Promise<number> {
    return this.prisma.smsMessage.count({ where: { status: 'queued' } });
  }
}

type Row = Awaited<ReturnType<PrismaClient['smsMessage']['create']>>;

export function toMessage(row: Row): SmsMessage {
  return {
    id: row.id,
    providerId: row.providerId,
    sender: row.sender,
    recipient: row.recipient,
    partner: row.partner,
    content: row.content,
    direction: row.direction,
    status: row.status,
    error: row.error,
    userId: row.userId,
    attempts: row.attempts,
    createdAt: row.createdAt,
    statusAt: row.statusAt,
  };
}

function clip(text: string): string {
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR - 3)}...` : text;
}
