/**
 * The step's deadline (the `timeout` input): made once by main.ts and given to whatever waits, retries
 * or connects (the Neon client, the PR comment, Postgres), so that each asks the same value how long
 * is left instead of reading another module's clock.
 */

export class DeadlineExpiredError extends Error {
  override readonly name = 'DeadlineExpiredError';
}

export interface DeadlineOptions {
  /** The clock the deadline is read on (default `Date.now`). */
  now?: () => number;
  /** Aborted when the step stops: its time ran out or the runner cancelled it. */
  signal?: AbortSignal;
  /** What to say when the time is up (default: "the deadline passed"). */
  message?: string;
}

export class Deadline {
  /** The clock this deadline is read on. */
  readonly now: () => number;
  /** Aborted when the step stops (its time is up or it was cancelled); undefined when nothing stops it early. */
  readonly signal: AbortSignal | undefined;
  private readonly message: string;

  /** `at`: the epoch millisecond (on `now`) when the time is up. */
  constructor(
    readonly at: number,
    options: DeadlineOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.signal = options.signal;
    this.message = options.message ?? 'the deadline passed';
  }

  /** A deadline `ms` from now. */
  static after(ms: number, options: DeadlineOptions = {}): Deadline {
    const now = options.now ?? Date.now;
    return new Deadline(now() + ms, { ...options, now });
  }

  /** Milliseconds left, never negative. */
  remaining(): number {
    return Math.max(0, this.at - this.now());
  }

  expired(): boolean {
    return this.now() >= this.at;
  }

  /** Whether a wait of `ms` starting now ends by the deadline. */
  allows(ms: number): boolean {
    return this.now() + ms <= this.at;
  }

  /** The earlier of this deadline and `ms` from now, on the same clock and signal. */
  within(ms: number): Deadline {
    return new Deadline(Math.min(this.at, this.now() + ms), {
      now: this.now,
      signal: this.signal,
      message: this.message,
    });
  }

  /** The error for a time that is up: one line saying which deadline. */
  error(): DeadlineExpiredError {
    return new DeadlineExpiredError(this.message);
  }
}
