import { describe, expect, it } from 'vitest';
import { oncePerKey } from '../../src/basics/memo.js';

describe('oncePerKey', () => {
  it('calls the function once per key and shares its result (a promise too)', async () => {
    const calls: string[] = [];
    const connect = oncePerKey(async (database: string) => {
      calls.push(database);
      return `connection to ${database}`;
    });
    const first = connect('neondb');
    expect(connect('neondb')).toBe(first);
    expect(await connect('app')).toBe('connection to app');
    expect(await first).toBe('connection to neondb');
    expect(calls).toEqual(['neondb', 'app']);
  });

  it('keeps an undefined result as a result, not as a missing key', () => {
    let calls = 0;
    const look = oncePerKey((_: string) => {
      calls++;
      return undefined;
    });
    look('a');
    look('a');
    expect(calls).toBe(1);
  });
});
