import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/neon/rate-limiter.js';
import { fakeClock } from './helpers/fake-neon.js';

describe('TokenBucket', () => {
  /** Sends for `minutes` as fast as the bucket allows; returns the send times. */
  async function sendFor(rpm: number, burst: number, minutes: number): Promise<number[]> {
    const clock = fakeClock();
    const bucket = new TokenBucket({ requestsPerMinute: rpm, burst, now: clock.now, sleep: clock.sleep });
    const start = clock.now();
    const sent: number[] = [];
    while (clock.now() - start < minutes * 60_000) {
      await bucket.take();
      sent.push(clock.now() - start);
    }
    return sent;
  }

  it.each([
    [700, 10],
    [600, 3],
    [60, 10],
    [120, 1],
  ])('at %d a minute (burst %d) no 60 s window ever holds more than the limit', async (rpm, burst) => {
    const sent = await sendFor(rpm, burst, 3);
    let most = 0;
    for (let i = 0, j = 0; i < sent.length; i++) {
      while (sent[i]! - sent[j]! >= 60_000) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(rpm);
    // and the pace stays close to the limit: at least 90 % of it over three minutes
    expect(sent.length).toBeGreaterThanOrEqual(Math.floor(rpm * 3 * 0.9));
  });

  it('lets a burst through at once, then spaces requests evenly', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ requestsPerMinute: 600, burst: 3, now: clock.now, sleep: clock.sleep });
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) waits.push(await bucket.take());
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    // after the burst, one request per (60 s / (600 - 3)), rounded up to the millisecond
    for (const w of waits.slice(3)) expect(Math.abs(w - 60_000 / 597)).toBeLessThanOrEqual(1);
  });

  it('refills with time, never above the burst', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ requestsPerMinute: 600, burst: 3, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 3; i++) await bucket.take();
    clock.advance(60_000); // would be hundreds of tokens without the cap
    const waits = [];
    for (let i = 0; i < 4; i++) waits.push(bucket.reserve());
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(0);
  });

  it('queues concurrent callers one interval apart', () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ requestsPerMinute: 120, burst: 1, now: clock.now, sleep: clock.sleep });
    const [a, b, c] = [bucket.reserve(), bucket.reserve(), bucket.reserve()];
    expect(a).toBe(0);
    expect(b).toBeGreaterThan(490);
    expect(c! - b!).toBeGreaterThanOrEqual(b! - 1);
  });

  it('refuses a non-positive rate', () => {
    const clock = fakeClock();
    expect(() => new TokenBucket({ requestsPerMinute: 0, burst: 10, now: clock.now, sleep: clock.sleep })).toThrow(
      'max-requests-per-minute',
    );
  });
});
