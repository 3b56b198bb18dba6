import { describe, expect, it } from 'vitest';
import { sleepUnless, systemClock } from '../../src/basics/clock.js';

describe('sleepUnless', () => {
  it('ends with the reason as soon as the signal aborts, without waiting for the sleep', async () => {
    const abort = new AbortController();
    const reason = new Error('cancelled by SIGINT');
    // a sleep that never ends on its own: only the abort can end the wait
    const pending = sleepUnless(() => new Promise<void>(() => {}), 60_000, abort.signal);
    abort.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('is the plain sleep without a signal', async () => {
    const waited: number[] = [];
    await sleepUnless(async (ms) => void waited.push(ms), 25);
    expect(waited).toEqual([25]);
  });
});

describe('systemClock.sleep', () => {
  it('rejects at once with the reason of a signal that already aborted', async () => {
    const abort = new AbortController();
    abort.abort(new Error('stopped'));
    await expect(systemClock.sleep(60_000, abort.signal)).rejects.toThrow('stopped');
  });

  it('clears its timer when the signal aborts, so nothing holds the process', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const abort = new AbortController();
    const before = timers();
    const pending = systemClock.sleep(3_600_000, abort.signal).catch((e: unknown) => e);
    expect(timers()).toBe(before + 1);
    abort.abort(new Error('stopped'));
    expect(((await pending) as Error).message).toBe('stopped');
    expect(timers()).toBe(before);
  });
});
