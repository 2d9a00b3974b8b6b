import type { ReportGroup, ReportRecord } from '../../domain/reports/calls.js';
import type { PrismaClient } from '../prisma.js';

interface GroupRow {
  hour: number | bigint;
  queue: string | null;
  agent: string | null;
  calls: number | bigint;
  answered: number | bigint;
  abandoned: number | bigint;
  unanswered: number | bigint;
  wait_seconds: number | bigint;
  wait_count: number | bigint;
  talk_seconds: number | bigint;
  answered_within: number | bigint;
}

/**
 * The calls report's one query: MariaDB sums the call records of a range of start times by
 * hour of the day (UTC, as stored), queue and agent, served by the `started_at` index; the
 * pure `buildReport()` folds those groups into rows. The sums follow `tallyOf()` exactly.
 */
export class CallReportQuery {
  constructor(private readonly prisma: PrismaClient) {}

  async groups(range: { from: Date; to: Date; withinSeconds: number }): Promise<ReportGroup[]> {
    const rows = await this.prisma.$queryRaw<GroupRow[]>`
      SELECT HOUR(started_at) AS hour, queue, agent,
        COUNT(*) AS calls,
        CAST(SUM(outcome = 'answered') AS SIGNED) AS answered,
        CAST(SUM(outcome <> 'answered' AND abandoned) AS SIGNED) AS abandoned,
        CAST(SUM(outcome <> 'answered' AND NOT abandoned) AS SIGNED) AS unanswered,
        CAST(COALESCE(SUM(wait_seconds), 0) AS SIGNED) AS wait_seconds,
        COUNT(wait_seconds) AS wait_count,
        CAST(SUM(IF(outcome = 'answered', talk_seconds, 0)) AS SIGNED) AS talk_seconds,
        CAST(SUM(outcome = 'answered' AND wait_seconds IS NOT NULL AND wait_seconds <= ${range.withinSeconds}) AS SIGNED) AS answered_within
      FROM call_records
      WHERE started_at >= ${range.from} AND started_at < ${range.to}
      GROUP BY HOUR(started_at), queue, agent`;
    return rows.map((row) => ({
      hour: Number(row.hour),
      queue: row.queue,
      agent: row.agent,
      calls: Number(row.calls),
      answered: Number(row.answered),
      abandoned: Number(row.abandoned),
      unanswered: Number(row.unanswered),
      waitSeconds: Number(row.wait_seconds),
      waitCount: Number(row.wait_count),
      talkSeconds: Number(row.talk_seconds),
      answeredWithin: Number(row.answered_within),
    }));
  }

  /** Every record of the range, row by row (the benchmark's baseline: aggregation in JavaScript). */
  async records(range: { from: Date; to: Date }): Promise<ReportRecord[]> {
    return this.prisma.callRecord.findMany({
      where: { startedAt: { gte: range.from, lt: range.to } },
      select: { startedAt: true, outcome: true, abandoned: true, agent: true, queue: true, talkSeconds: true, waitSeconds: true },
    });
  }
}
