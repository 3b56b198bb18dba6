/**
 * Time as the action reads it: `now()` in epoch milliseconds and `sleep()` that a signal ends early.
 * Everything that waits takes a Clock, so a test gives it a fake one and never waits on the wall clock.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface Clock {
  now(): number;
  /** Waits `ms`; rejects with the signal's reason as soon as it aborts (at once when it already has). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    if (signal?.aborted) throw signal.reason;
    try {
      // the timer itself is cleared on abort, so a stopped run is not held for the rest of the wait
      await delay(Math.max(0, ms), undefined, signal ? { signal } : undefined);
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      throw e;
    }
  },
};

/**
 * `sleep` (which knows no signal) raced against `signal`: ends with the signal's reason as soon as it
 * aborts. For a fake clock's sleep, which a test resolves by hand.
 */
export async function sleepUnless(sleep: (ms: number) => Promise<void>, ms: number, signal?: AbortSignal) {
  if (!signal) return sleep(ms);
  if (signal.aborted) throw signal.reason;
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
