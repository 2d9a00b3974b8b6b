import type { Logger } from 'pino';

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

export interface DecisionLogStats {
  readonly buffered: number;
  readonly written: number;
  readonly dropped: number;
  readonly failedFlushes: number;
}

/** What the writer needs of a connection pool (the mariadb driver's Pool has it). */
export interface SqlRunner {
  query(sql: string, values: unknown[]): Promise<unknown>;
}

export interface DecisionLogOptions {
  /** A small pool of its own: the inserts run on the driver, not through Prisma's query compiler. */
  readonly pool: SqlRunner;
  readonly log: Logger;
  readonly maxBufferedRows: number;
  readonly flushMs: number;
  readonly batchRows?: number;
}

const DIAL_STRING_SEPARATOR = ' | ';
const FIELD_LIMITS = { uniqueId: 64, channel: 128, agent: 32, dialed: 64, rule: 160 } as const;

/**
 * Writes decisions in batches, off the call's path. While MariaDB is away rows wait in a
 * bounded buffer and are written when it is back; rows that do not fit are counted and
 * logged, never dropped silently.
 */
export class DecisionLogWriter {
  private buffer: DecisionRecord[] = [];
  private written = 0;
  private dropped = 0;
  private droppedSinceReport = 0;
  private failedFlushes = 0;
  private failing = false;
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly batchRows: number;

  constructor(private readonly options: DecisionLogOptions) {
    this.batchRows = options.batchRows ?? 200;
  }

  record(entry: DecisionRecord): void {
    if (this.buffer.length >= this.options.maxBufferedRows) {
      this.dropped += 1;
      this.droppedSinceReport += 1;
      return;
    }
    this.buffer.push(entry);
  }

  stats(): DecisionLogStats {
    return { buffered: this.buffer.length, written: this.written, dropped: this.dropped, failedFlushes: this.failedFlushes };
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.flushMs);
    this.timer.unref();
  }

  /** Writes everything buffered; stops at the first failure (the rows stay buffered). */
  flush(): Promise<void> {
    this.flushing ??= this.writeAll().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Final flush at shutdown; what cannot be written is logged with its count. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
    if (this.buffer.length > 0 || this.dropped > 0) {
      this.options.log.error(
        { unwritten: this.buffer.length, dropped: this.dropped },
        'decision log rows could not be written before shutdown',
      );
    }
  }

  private async writeAll(): Promise<void> {
    this.reportDropped();
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, this.batchRows);
      try {
        await this.options.pool.query(insertSql(batch.length), batch.flatMap(toRow));
      } catch (error) {
        this.failedFlushes += 1;
        if (!this.failing) {
          this.options.log.error(
            { err: error, buffered: this.buffer.length },
            'cannot write the decision log; buffering rows until the database is back',
          );
        }
        this.failing = true;
        return;
      }
      this.buffer.splice(0, batch.length);
      this.written += batch.length;
      if (this.failing) this.options.log.info({ buffered: this.buffer.length }, 'decision log writes resumed');
      this.failing = false;
    }
  }

  private reportDropped(): void {
    if (this.droppedSinceReport === 0) return;
    this.options.log.error(
      { dropped: this.droppedSinceReport, totalDropped: this.dropped, maxBufferedRows: this.options.maxBufferedRows },
      'decision log buffer full; rows were not recorded',
    );
    this.droppedSinceReport = 0;
  }
}

// One multi-row INSERT per batch: measured at a fraction of the CPU of the driver's bulk
// `batch()` (which blocked the event loop for milliseconds per flush). Column order goes
// with toRow().
const INSERT_PREFIX =
  'INSERT INTO decision_log (created_at, unique_id, channel, agent, dialed, result, did, dial_strings, rule, reason, config_version, decision_us) VALUES ';
const ROW_PLACEHOLDERS = '(?,?,?,?,?,?,?,?,?,?,?,?)';

function insertSql(rows: number): string {
  return INSERT_PREFIX + Array.from({ length: rows }, () => ROW_PLACEHOLDERS).join(',');
}

function toRow(entry: DecisionRecord): unknown[] {
  return [
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
  ];
}

// Written as UTC text (as Prisma writes DATETIME), so no session time zone is involved.
function utcDateTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

function clip(value: string, length: number): string {
  return value.length > length ? value.slice(0, length) : value;
}
