/**
 * The two shapes of waiting the action has, each written once: `poll` looks at something until it is
 * done or the deadline passes; `retry` tries an action again after a failure its caller calls passing.
 * The policy (how long between looks, what is worth another try) stays with each caller; time comes
 * from an injected clock and sleep, so tests never wait on the wall clock.
 */
import type { Deadline } from './deadline.js';

export interface PollOptions {
  deadline: Deadline;
  /** Waits; the caller's (which may end early on a signal). */
  sleep: (ms: number) => Promise<void>;
  /** The wait before the first look; 0 (the default) looks at once. */
  firstWaitMs?: number;
  /** The wait before the next look, given how long the poll has run (ms) and how many looks it made. */
  nextWaitMs: (elapsedMs: number, looks: number) => number;
  /** The error once the deadline passed with the thing still not done. */
  timeout: (elapsedMs: number) => Error;
}

/**
 * Calls `look` until it returns a value (not undefined) and returns that value. Each wait is cut to the
 * time left, so the last look falls on the deadline; when that look too finds nothing, `timeout` is thrown.
 * An error thrown by `look` ends the poll with that error.
 */
export async function poll<T>(look: () => Promise<T | undefined>, o: PollOptions): Promise<T> {
  const started = o.deadline.now();
  let wait = o.firstWaitMs ?? 0;
  for (let looks = 0; ; ) {
    if (wait > 0 || looks > 0) {
      const left = o.deadline.remaining();
      if (left <= 0) throw o.timeout(o.deadline.now() - started);
      await o.sleep(Math.min(wait, left));
    }
    const value = await look();
    looks++;
    if (value !== undefined) return value;
    wait = o.nextWaitMs(o.deadline.now() - started, looks);
  }
}

export interface RetryOptions {
  /** Waits; the caller's (which may end early on a signal). */
  sleep: (ms: number) => Promise<void>;
  /**
   * After failed attempt `attempt` (1 for the first): how long to wait before the next one, or
   * undefined to give up (the error is then thrown as it is).
   */
  retryAfterMs: (error: unknown, attempt: number) => number | undefined;
  /** Told before each wait, e.g. to log one line saying why and how long. */
  onRetry?: (error: unknown, attempt: number, waitMs: number) => void;
}

/** Calls `attempt` (numbered from 1) until it resolves, or `retryAfterMs` gives up on its error. */
export async function retry<T>(attempt: (n: number) => Promise<T>, o: RetryOptions): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const waitMs = o.retryAfterMs(error, n);
      if (waitMs === undefined) throw error;
      o.onRetry?.(error, n, waitMs);
      await o.sleep(waitMs);
    }
  }
}
