import { describe, expect, it } from 'vitest';
import { SessionGate } from './session-gate.js';

describe('SessionGate', () => {
  it('lets holders in one at a time, first come first served', async () => {
    const gate = new SessionGate();
    const order: string[] = [];
    await gate.acquire('a');
    const b = gate.acquire('b').then(() => order.push('b'));
    const c = gate.acquire('c').then(() => order.push('c'));
    await Promise.resolve();
    expect(order).toEqual([]);
    gate.release('a');
    await b;
    gate.release('b');
    await c;
    expect(order).toEqual(['b', 'c']);
  });

  it('keeps a pinned session for its holder, who re-enters ahead of the queue', async () => {
    const gate = new SessionGate();
    await gate.acquire('tx');
    gate.release('tx', true);
    expect(gate.pinnedBy()).toBe('tx');
    expect(gate.tryAcquire('other')).toBe(false);
    let otherIn = false;
    const other = gate.acquire('other').then(() => (otherIn = true));
    await gate.acquire('tx');
    gate.release('tx');
    await other;
    expect(otherIn).toBe(true);
    expect(gate.pinnedBy()).toBeNull();
  });
});
