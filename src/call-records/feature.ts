import type { Logger } from 'pino';
import type { SqlRunner } from '../data/batch-writer.js';
import type { CallEventSource } from './consumer.js';
import { attachCallRecords } from './consumer.js';
import { CallRecordWriter } from './writer.js';

export interface CallRecordsDeps {
  /** The AMI connection of this instance's lease holder: it is connected only while holding the lease, so one instance records each call. */
  readonly source: CallEventSource;
  readonly sql: SqlRunner;
  readonly log: Logger;
  readonly maxBufferedRows: number;
  readonly flushMs: number;
}

/** Call records from the AMI holder's events, written in batches beside the decision log. */
export function startCallRecords(deps: CallRecordsDeps) {
  const log = deps.log.child({ component: 'call-records' });
  const writer = new CallRecordWriter({ pool: deps.sql, log, maxBufferedRows: deps.maxBufferedRows, flushMs: deps.flushMs });
  writer.start();
  const consumer = attachCallRecords(deps.source, writer, log);
  return {
    writer,
    async stop(): Promise<void> {
      consumer.stop();
      await writer.close();
    },
  };
}
