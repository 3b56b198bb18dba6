/**
 * A token bucket keeping the client under a requests-per-minute ceiling. Tokens refill continuously;
 * a caller that finds the bucket empty reserves the next token and waits for it, so concurrent callers
 * queue up fairly instead of all waking at once.
 */
export interface TokenBucketOptions {
  requestsPerMinute: number;
  /** How many requests may go out back to back before pacing starts. */
  burst: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly perMs: number;
  private readonly burst: number;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.requestsPerMinute > 0)) {
      throw new Error(`max-requests-per-minute must be a positive number, got ${options.requestsPerMinute}`);
    }
    if (!(options.burst >= 1)) throw new Error(`burst must be at least 1, got ${options.burst}`);
    // Neon counts requests in any 60 s window: a burst spends part of the minute's allowance, so the
    // refill rate leaves room for it and no window ever holds more than requestsPerMinute.
    const rpm = options.requestsPerMinute;
    this.burst = Math.min(options.burst, Math.max(1, Math.floor(rpm / 10)));
    this.perMs = Math.max(rpm - this.burst, rpm / 2) / 60_000;
    this.tokens = this.burst;
    this.updatedAt = options.now();
  }

  /** Takes one token, waiting when none is left. Resolves with how long it waited (ms). */
  async take(): Promise<number> {
    const waitMs = this.reserve();
    if (waitMs > 0) await this.options.sleep(waitMs);
    return waitMs;
  }

  /** Reserves a token and returns how long the caller must wait before using it. */
  reserve(): number {
    const now = this.options.now();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.perMs);
    this.updatedAt = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    return Math.ceil(-this.tokens / this.perMs);
  }
}
