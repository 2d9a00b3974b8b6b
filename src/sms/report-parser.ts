import type { ProviderReport, ReportedStatus } from './provider.js';

type Fields = Readonly<Record<string, unknown>>;

/**
 * Provider status words and Kannel-style numeric DLR codes (1 delivered, 2 failed,
 * 4 buffered, 8 submitted, 16 rejected by the SMSC), case-insensitive.
 */
const STATUS_WORDS: Readonly<Record<string, ReportedStatus>> = {
  delivered: 'delivered',
  delivrd: 'delivered',
  '1': 'delivered',
  sent: 'sent',
  accepted: 'sent',
  acceptd: 'sent',
  enroute: 'sent',
  buffered: 'sent',
  submitted: 'sent',
  '4': 'sent',
  '8': 'sent',
  failed: 'failed',
  rejected: 'failed',
  rejectd: 'failed',
  '2': 'failed',
  '16': 'failed',
  undelivered: 'undelivered',
  undeliv: 'undelivered',
  expired: 'undelivered',
  deleted: 'undelivered',
};

const MAX_CONTENT = 1600;

/** Reads a delivery report, or an inbound message (a report with content and no status). */
export function parseProviderReport(fields: Fields): ProviderReport {
  const providerId = text(fields, 'id', 'message_id', 'messageId', 'msgid');
  const statusText = text(fields, 'status', 'dlr', 'dlr_status', 'state');
  const content = text(fields, 'content', 'text', 'message', 'body');
  if (statusText === null && content !== null) {
    const from = text(fields, 'from', 'sender', 'source');
    const to = text(fields, 'to', 'recipient', 'destination');
    if (from === null || to === null) return { kind: 'invalid', reason: 'an inbound message needs from and to' };
    if (content.length > MAX_CONTENT) return { kind: 'invalid', reason: `content longer than ${MAX_CONTENT} characters` };
    return { kind: 'inbound', providerId, from, to, content };
  }
  if (providerId === null) return { kind: 'invalid', reason: 'no message id' };
  if (statusText === null) return { kind: 'invalid', reason: 'no status' };
  const status = STATUS_WORDS[statusText.toLowerCase()];
  if (status === undefined) return { kind: 'invalid', reason: `unknown status "${statusText.slice(0, 40)}"` };
  const error = text(fields, 'error', 'err', 'reason', 'error_code');
  return { kind: 'status', providerId, status, error: status === 'delivered' || status === 'sent' ? null : error };
}

/** The first of `names` present as a non-empty string or number, trimmed. */
function text(fields: Fields, ...names: string[]): string | null {
  for (const name of names) {
    const value = fields[name];
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 2000);
  }
  return null;
}
