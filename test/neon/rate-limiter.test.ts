import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/neon/rate-limiter.js';
import { fakeClock } from './helpers/fake-neon.js';

describe('TokenBucket', () => {
  it('lets a burst through, then spaces requests at the per-minute rate', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ requestsPerMinute: 60, burst: 10, now: clock.now, sleep: clock.sleep });
    const waits: number[] = [];
    for (let i = 0; i < 13; i++) waits.push(await bucket.take());
    expect(waits).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 1000, 1000]);
  });

  it('refills with time, never above the burst', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ requestsPerMinute: 600, burst: 3, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 3; i++) await bucket.take();
    clock.advance(60_000); // would be 600 tokens without the cap
    const waits = [];
    for (let i = 0; i < 4; i++) waits.push(bucket.reserve());
    expect(waits).toEqual([0, 0, 0, 100]);
  });

  it('queues concurrent callers one interval apart', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ requestsPerMinute: 120, burst: 1, now: clock.now, sleep: clock.sleep });
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 500, 1000]);
  });

  it('stays under the ceiling over a minute', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ requestsPerMinute: 600, burst: 10, now: clock.now, sleep: clock.sleep });
    const start = clock.now();
    let sent = 0;
    while (clock.now() - start < 60_000) {
      await bucket.take();
      sent++;
    }
    expect(sent).toBeLessThanOrEqual(600 + 10);
    expect(sent).toBeGreaterThanOrEqual(600);
  });

  it('refuses a non-positive rate', () => {
    const clock = fakeClock();
    expect(() => new TokenBucket({ requestsPerMinute: 0, burst: 10, now: clock.now, sleep: clock.sleep })).toThrow(
      'max-requests-per-minute',
    );
  });
});
