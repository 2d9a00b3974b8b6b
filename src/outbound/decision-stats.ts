/**
 * Decision timings of the last minute, in one-second buckets: the rate and p99 the
 * health page shows. Cheap enough to update on every call.
 */
export class DecisionStats {
  private static readonly windowSeconds = 60;
  private readonly buckets: { second: number; micros: number[] }[] = [];

  constructor(private readonly clock: () => number = Date.now) {}

  add(decisionMicros: number): void {
    const second = Math.floor(this.clock() / 1000);
    let bucket = this.buckets.at(-1);
    if (bucket?.second !== second) {
      bucket = { second, micros: [] };
      this.buckets.push(bucket);
      this.prune(second);
    }
    bucket.micros.push(decisionMicros);
  }

  /** Decisions per second and the p99 decision time (µs) over the last minute. */
  lastMinute(): { count: number; perSecond: number; p99Micros: number | null } {
    this.prune(Math.floor(this.clock() / 1000));
    const all = this.buckets.flatMap((bucket) => bucket.micros).sort((a, b) => a - b);
    const p99 = all.length === 0 ? null : all[Math.min(all.length - 1, Math.ceil(all.length * 0.99) - 1)] ?? null;
    return { count: all.length, perSecond: all.length / DecisionStats.windowSeconds, p99Micros: p99 };
  }

  private prune(nowSecond: number): void {
    while (this.buckets.length > 0 && this.buckets[0]!.second <= nowSecond - DecisionStats.windowSeconds) {
      this.buckets.shift();
    }
  }
}
