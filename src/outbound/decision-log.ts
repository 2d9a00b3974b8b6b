import { BufferedInsertWriter, clip, utcDateTime, type BufferedInsertOptions, type BufferedInsertStats, type InsertShape } from '../data/buffered-insert.js';

export type { SqlRunner } from '../data/buffered-insert.js';

export interface DecisionRecord {
  readonly createdAt: Date;
  readonly uniqueId: string;
  readonly channel: string;
  readonly agent: string;
  readonly dialed: string;
  readonly result: 'dial' | 'reject';
  readonly did: string | null;
  readonly dialStrings: readonly string[];
  readonly rule: string | null;
  readonly reason: string | null;
  readonly configVersion: number;
  readonly decisionMicros: number;
}

export type DecisionLogStats = BufferedInsertStats;
export type DecisionLogOptions = BufferedInsertOptions;

const DIAL_STRING_SEPARATOR = ' | ';
const FIELD_LIMITS = { uniqueId: 64, channel: 128, agent: 32, dialed: 64, rule: 160 } as const;

const DECISION_LOG: InsertShape<DecisionRecord> = {
  what: 'decision log',
  insertPrefix:
    'INSERT INTO decision_log (created_at, unique_id, channel, agent, dialed, result, did, dial_strings, rule, reason, config_version, decision_us) VALUES ',
  rowPlaceholders: '(?,?,?,?,?,?,?,?,?,?,?,?)',
  toRow: (entry) => [
    utcDateTime(entry.createdAt),
    clip(entry.uniqueId, FIELD_LIMITS.uniqueId),
    clip(entry.channel, FIELD_LIMITS.channel),
    clip(entry.agent, FIELD_LIMITS.agent),
    clip(entry.dialed, FIELD_LIMITS.dialed),
    entry.result,
    entry.did,
    entry.dialStrings.join(DIAL_STRING_SEPARATOR),
    entry.rule === null ? null : clip(entry.rule, FIELD_LIMITS.rule),
    entry.reason,
    entry.configVersion,
    entry.decisionMicros,
  ],
};

/** The outbound decisions, written in batches off the call's path (BufferedInsertWriter). */
export class DecisionLogWriter extends BufferedInsertWriter<DecisionRecord> {
  constructor(options: DecisionLogOptions) {
    super(DECISION_LOG, options);
  }
}
