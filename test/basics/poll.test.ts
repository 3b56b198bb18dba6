import { describe, expect, it } from 'vitest';
import { Deadline } from '../../src/basics/deadline.js';
import { poll, retry } from '../../src/basics/poll.js';

/** A fake clock: `sleep` records the wait and moves time forward at once. */
function fakeTime(start = 0) {
  let time = start;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
    advance: (ms: number) => void (time += ms),
    sleeps,
  };
}

describe('poll', () => {
  it('looks at once by default and returns the first value a look gives', async () => {
    const t = fakeTime();
    const answers = [undefined, undefined, 'done'];
    const value = await poll(async () => answers.shift(), {
      deadline: Deadline.after(60_000, { now: t.now }),
      sleep: t.sleep,
      nextWaitMs: (elapsed, looks) => 100 * looks + elapsed,
      timeout: () => new Error('timed out'),
    });
    expect(value).toBe('done');
    // after look 1 (0 ms elapsed): 100; after look 2 (100 ms elapsed): 300
    expect(t.sleeps).toEqual([100, 300]);
  });

  it('waits firstWaitMs before the first look when asked', async () => {
    const t = fakeTime();
    const lookedAt: number[] = [];
    await poll(
      async () => {
        lookedAt.push(t.now());
        return lookedAt.length === 2 ? true : undefined;
      },
      {
        deadline: Deadline.after(60_000, { now: t.now }),
        sleep: t.sleep,
        firstWaitMs: 25,
        nextWaitMs: () => 50,
        timeout: () => new Error('timed out'),
      },
    );
    expect(lookedAt).toEqual([25, 75]);
  });

  it('cuts the last wait to the deadline, looks once more there, then throws the timeout with the time waited', async () => {
    const t = fakeTime();
    const lookedAt: number[] = [];
    const error = await poll(
      async () => {
        lookedAt.push(t.now());
        return undefined;
      },
      {
        deadline: Deadline.after(1_000, { now: t.now }),
        sleep: t.sleep,
        nextWaitMs: () => 400,
        timeout: (elapsed) => new Error(`timed out after ${elapsed} ms`),
      },
    ).catch((e: Error) => e);
    expect(t.sleeps).toEqual([400, 400, 200]);
    expect(lookedAt).toEqual([0, 400, 800, 1_000]);
    expect((error as Error).message).toBe('timed out after 1000 ms');
  });

  it('throws the timeout without a look when the deadline passed before a wait', async () => {
    const t = fakeTime();
    let looks = 0;
    const deadline = Deadline.after(100, { now: t.now });
    t.advance(100);
    await expect(
      poll(
        async () => {
          looks++;
          return undefined;
        },
        { deadline, sleep: t.sleep, firstWaitMs: 10, nextWaitMs: () => 10, timeout: () => new Error('late') },
      ),
    ).rejects.toThrow('late');
    expect(looks).toBe(0);
  });

  it('ends with the error a look throws, without another look', async () => {
    const t = fakeTime();
    let looks = 0;
    await expect(
      poll(
        async () => {
          looks++;
          throw new Error('operation failed');
        },
        {
          deadline: Deadline.after(60_000, { now: t.now }),
          sleep: t.sleep,
          nextWaitMs: () => 10,
          timeout: () => new Error('late'),
        },
      ),
    ).rejects.toThrow('operation failed');
    expect(looks).toBe(1);
    expect(t.sleeps).toEqual([]);
  });
});

describe('retry', () => {
  it('tries again after the wait the policy gives, and tells each retry', async () => {
    const t = fakeTime();
    const told: string[] = [];
    const value = await retry(
      async (n) => {
        if (n < 3) throw new Error(`refused ${n}`);
        return `connected on ${n}`;
      },
      {
        sleep: t.sleep,
        retryAfterMs: (_e, n) => n * 1_000,
        onRetry: (e, n, wait) => told.push(`${(e as Error).message}; retry ${n} in ${wait}`),
      },
    );
    expect(value).toBe('connected on 3');
    expect(t.sleeps).toEqual([1_000, 2_000]);
    expect(told).toEqual(['refused 1; retry 1 in 1000', 'refused 2; retry 2 in 2000']);
  });

  it('throws the error as it is once the policy gives up', async () => {
    const t = fakeTime();
    const seen: number[] = [];
    const error = new Error('password authentication failed');
    await expect(
      retry(
        async (n) => {
          seen.push(n);
          throw n === 2 ? error : new Error('not yet');
        },
        { sleep: t.sleep, retryAfterMs: (e) => (e === error ? undefined : 5) },
      ),
    ).rejects.toBe(error);
    expect(seen).toEqual([1, 2]);
    expect(t.sleeps).toEqual([5]);
  });
});
