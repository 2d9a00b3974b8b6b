/**
 * At most `limit` hits per key in each fixed window of `windowMs`. Kept in this process:
 * it still limits when Redis is away, and the map is emptied at each new window.
 */
export class WindowLimiter {
  private windowStart = 0;
  private readonly hits = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  allow(key: string, nowMs: number): boolean {
    if (nowMs - this.windowStart >= this.windowMs) {
      this.windowStart = nowMs;
      this.hits.clear();
    }
    const count = (this.hits.get(key) ?? 0) + 1;
    this.hits.set(key, count);
    return count <= this.limit;
  }
}
