/**
 * Neon's documented limit: 700 requests a minute per key, answered with 429. A sliding window over
 * the last 60 s; `limitPerMinute <= 0` turns it off.
 */

export class RateLimiter {
  private readonly hits: number[] = [];

  constructor(
    private readonly limitPerMinute: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Count one request; false when it is over the limit (and then it is not counted). */
  allow(): boolean {
    if (this.limitPerMinute <= 0) return true;
    const t = this.now();
    while (this.hits.length > 0 && this.hits[0] <= t - this.windowMs) this.hits.shift();
    if (this.hits.length >= this.limitPerMinute) return false;
    this.hits.push(t);
    return true;
  }

  /** Seconds until one more request would be allowed. */
  secondsUntilFree(): number {
    if (this.hits.length === 0) return 0;
    return Math.max(1, Math.ceil((this.hits[0] + this.windowMs - this.now()) / 1000));
  }
}
