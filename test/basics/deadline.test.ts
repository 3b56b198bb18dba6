import { describe, expect, it } from 'vitest';
import { Deadline, DeadlineExpiredError } from '../../src/basics/deadline.js';

/** A clock a test moves by hand. */
function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

describe('Deadline', () => {
  it('counts down on the clock it was given, never below zero', () => {
    const c = clock();
    const d = Deadline.after(10_000, { now: c.now });
    expect(d.at).toBe(1_010_000);
    expect(d.remaining()).toBe(10_000);
    c.advance(9_999);
    expect(d.remaining()).toBe(1);
    expect(d.expired()).toBe(false);
    c.advance(1);
    expect(d.expired()).toBe(true);
    c.advance(5_000);
    expect(d.remaining()).toBe(0);
  });

  it('allows a wait that ends by the deadline and no longer one', () => {
    const c = clock();
    const d = Deadline.after(1_000, { now: c.now });
    c.advance(400);
    expect(d.allows(600)).toBe(true);
    expect(d.allows(601)).toBe(false);
  });

  it('within() is the earlier of the two, on the same clock and signal', () => {
    const c = clock();
    const abort = new AbortController();
    const d = Deadline.after(10_000, { now: c.now, signal: abort.signal, message: 'the step ran out' });
    expect(d.within(3_000).at).toBe(1_003_000);
    expect(d.within(60_000).at).toBe(1_010_000);
    const inner = d.within(3_000);
    expect(inner.signal).toBe(abort.signal);
    c.advance(3_000);
    expect(inner.expired()).toBe(true);
    expect(d.expired()).toBe(false);
    expect(inner.error().message).toBe('the step ran out');
  });

  it('says in one line which deadline passed', () => {
    const d = new Deadline(0, { now: () => 5, message: "the step's timeout (10m) ran out" });
    const e = d.error();
    expect(e).toBeInstanceOf(DeadlineExpiredError);
    expect(e.message).toBe("the step's timeout (10m) ran out");
    expect(new Deadline(0).error().message).toBe('the deadline passed');
  });
});
