import type { PrismaClient } from '../data/prisma.js';
import type { LiveActionKind } from '../domain/live/actions.js';

export interface AuditEntry {
  readonly username: string;
  readonly role: string;
  readonly action: LiveActionKind;
  readonly target: string;
  readonly ok: boolean;
  readonly message: string;
}

export interface AuditRow extends AuditEntry {
  readonly createdAt: Date;
}

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** The live floor's action audit (`floor_audit`). */
export class FloorAuditRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.prisma.floorAudit.create({ data: { ...entry, target: clip(entry.target, 255), message: clip(entry.message, 255) } });
  }

  /** The latest entries, newest first. */
  async latest(limit: number): Promise<AuditRow[]> {
    const rows = await this.prisma.floorAudit.findMany({ orderBy: { id: 'desc' }, take: limit });
    return rows.map(({ createdAt, username, role, action, target, ok, message }) => ({ createdAt, username, role, action: action as LiveActionKind, target, ok, message }));
  }
}
