import { BatchWriter, clip, utcDateTime, type BatchTable, type BatchWriterOptions } from '../data/batch-writer.js';
import type { CallRecord } from '../domain/calls/records.js';

const LIMITS = { id: 64, caller: 64, channel: 128, dialed: 64, agent: 32, answeredBy: 128, queue: 64, did: 32 } as const;
const nullableClip = (value: string | null, length: number) => (value === null ? null : clip(value, length));

const CALL_RECORDS_TABLE: BatchTable<CallRecord> = {
  label: 'call records',
  // IGNORE: a call recorded twice (an AMI holder taking over, a replay) keeps its first row (unique linked_id).
  insertPrefix:
    'INSERT IGNORE INTO call_records (linked_id, routing_unique_id, direction, outcome, started_at, answered_at, ended_at, caller, caller_channel, dialed, agent, answered_by, queue, ring_seconds, talk_seconds, wait_seconds, abandoned, hangup_cause, did) VALUES ',
  rowPlaceholders: '(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
  toRow: (record) => [
    clip(record.linkedId, LIMITS.id),
    clip(record.routingUniqueId, LIMITS.id),
    record.direction,
    record.outcome,
    utcDateTime(record.startedAt),
    record.answeredAt === null ? null : utcDateTime(record.answeredAt),
    utcDateTime(record.endedAt),
    clip(record.caller, LIMITS.caller),
    clip(record.callerChannel, LIMITS.channel),
    clip(record.dialed, LIMITS.dialed),
    nullableClip(record.agent, LIMITS.agent),
    nullableClip(record.answeredBy, LIMITS.answeredBy),
    nullableClip(record.queue, LIMITS.queue),
    record.ringSeconds,
    record.talkSeconds,
    record.waitSeconds,
    record.abandoned,
    record.hangupCause,
    nullableClip(record.did, LIMITS.did),
  ],
};

/** Call records, written in batches off the call path with the decision log's bounded buffer. */
export class CallRecordWriter extends BatchWriter<CallRecord> {
  constructor(options: BatchWriterOptions) {
    super(CALL_RECORDS_TABLE, options);
  }
}
