import type { Role } from '../domain/users/roles.js';
import { toInternational, type NumberingPlan } from '../domain/numbers/format.js';
import type { SmsMessage, SmsMessageRepository } from './message-repository.js';
import type { ProviderSettings } from './provider-settings.js';
import { parseProviderReport } from './report-parser.js';
import { countSegments } from './segments.js';

/** Longer messages are refused: providers cap concatenated messages around 10 parts. */
export const MAX_SEGMENTS = 10;

/** Who is looking: agents see their own threads, admins and managers every thread. */
export interface SmsViewer {
  readonly userId: number;
  readonly role: Role;
}

export type SendResult =
  | { readonly kind: 'queued'; readonly message: SmsMessage }
  | { readonly kind: 'invalid'; readonly field: 'to' | 'content' | 'provider'; readonly message: string };

export type ReportResult =
  | { readonly kind: 'applied' | 'duplicate' | 'received' }
  | { readonly kind: 'invalid'; readonly reason: string };

export interface SmsServiceDeps {
  readonly repository: SmsMessageRepository;
  readonly settings: ProviderSettings;
  /** Wakes this instance's outbox so a new message leaves at once. */
  readonly nudge: () => void;
  /** The numbering plan of the routing configuration (null until one is loaded). */
  readonly plan: () => NumberingPlan | null;
}

/** What the dashboard and the JSON API do with SMS: send, read threads, take provider reports. */
export class SmsService {
  constructor(private readonly deps: SmsServiceDeps) {}

  /** Checks and queues a message; the outbox sends it. */
  async send(viewer: SmsViewer, to: string, content: string): Promise<SendResult> {
    const config = this.deps.settings.config();
    if (config === null) return { kind: 'invalid', field: 'provider', message: 'SMS is not configured (Integrations → SMS)' };
    const number = this.normalise(to);
    if (number === null) return { kind: 'invalid', field: 'to', message: 'must be a full phone number, e.g. 0712345678 or +256712345678' };
    const text = content.replace(/\r\n/g, '\n');
    if (text.trim() === '') return { kind: 'invalid', field: 'content', message: 'is empty' };
    const { segments } = countSegments(text);
    if (segments > MAX_SEGMENTS) return { kind: 'invalid', field: 'content', message: `takes ${segments} parts; at most ${MAX_SEGMENTS} are allowed` };
    const message = await this.deps.repository.enqueue({ sender: config.sender, recipient: number, content: text, userId: viewer.userId });
    this.deps.nudge();
    return { kind: 'queued', message };
  }

  conversations(viewer: SmsViewer): Promise<SmsMessage[]> {
    return this.deps.repository.conversations(ownOnly(viewer));
  }

  /** null when `partner` is not a phone number. */
  async thread(viewer: SmsViewer, partner: string): Promise<{ partner: string; messages: SmsMessage[] } | null> {
    const number = this.normalise(partner);
    if (number === null) return null;
    return { partner: number, messages: await this.deps.repository.thread(number, ownOnly(viewer)) };
  }

  /** A delivery report or inbound message the provider posted. */
  async report(fields: Readonly<Record<string, unknown>>): Promise<ReportResult> {
    const provider = this.deps.settings.current();
    const report = provider === null ? parseProviderReport(fields) : provider.parseReport(fields);
    switch (report.kind) {
      case 'invalid':
        return report;
      case 'status': {
        const outcome = await this.deps.repository.recordReport(report.providerId, report.status, report.error);
        return { kind: outcome === 'recorded' ? 'applied' : 'duplicate' };
      }
      case 'inbound': {
        const from = this.normalise(report.from);
        if (from === null) return { kind: 'invalid', reason: 'the sender is not a phone number' };
        const outcome = await this.deps.repository.receive({
          providerId: report.providerId,
          sender: from,
          recipient: this.normalise(report.to) ?? report.to.slice(0, 32),
          content: report.content,
        });
        return { kind: outcome };
      }
    }
  }

  /** International digits, or null when it is not a full number (a short code, letters). */
  normalise(input: string): string | null {
    const plan = this.deps.plan();
    if (plan === null) return null;
    const parsed = toInternational(input, plan);
    return parsed.ok && parsed.number.kind === 'international' && parsed.number.digits.length <= 15 ? parsed.number.digits : null;
  }
}

function ownOnly(viewer: SmsViewer): number | null {
  return viewer.role === 'agent' ? viewer.userId : null;
}
