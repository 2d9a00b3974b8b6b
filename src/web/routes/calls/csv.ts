import { Readable } from 'node:stream';
import type { CallRow } from '../../../data/repositories/calls.js';

export const CSV_COLUMNS = [
  'id',
  'created_at',
  'agent',
  'dialed',
  'result',
  'reason',
  'did',
  'rule',
  'dial_strings',
  'unique_id',
  'channel',
  'config_version',
  'decision_us',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes
 * doubled. A text that a spreadsheet would run as a formula gets a leading apostrophe;
 * a `+` or `-` before a digit (a dialed number) is left as it is.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=@\t\r]/.test(text) || /^[+-][^0-9]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(row: CallRow): string {
  return `${[
    row.id,
    row.createdAt.toISOString(),
    row.agent,
    row.dialed,
    row.result,
    row.reason,
    row.did,
    row.rule,
    row.dialStrings,
    row.uniqueId,
    row.channel,
    row.configVersion,
    row.decisionMicros,
  ]
    .map(csvField)
    .join(',')}\r\n`;
}

/** The header line, then one chunk per batch of rows, read as the client takes them. */
export function csvStream(batches: AsyncIterable<readonly CallRow[]>): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield `${CSV_COLUMNS.join(',')}\r\n`;
    for await (const batch of batches) yield batch.map(csvLine).join('');
  }
  return Readable.from(lines(), { objectMode: false, encoding: 'utf8' });
}
