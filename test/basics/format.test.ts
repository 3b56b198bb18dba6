import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from '../../src/basics/format.js';
import { durationInput, parseDuration } from '../../src/inputs/duration.js';

describe('formatBytes', () => {
  it('writes powers of 1024 as B, KB, MB, GB, TB with one decimal below 100', () => {
    expect([0, 512, 1024, 16_384, 8_192, 1.3 * 1024 ** 3, 250 * 1024 ** 2, 3 * 1024 ** 5].map(formatBytes)).toEqual([
      '0 B',
      '512 B',
      '1 KB',
      '16 KB',
      '8 KB',
      '1.3 GB',
      '250 MB',
      '3072 TB',
    ]);
    expect(formatBytes(1_536)).toBe('1.5 KB');
    expect(formatBytes(-5)).toBe('0 B');
  });
});

describe('formatDuration', () => {
  it('writes a measured time in its two largest units', () => {
    expect(
      [0, 4.4, 850, 1_000, 1_250, 14_200, 59_940, 60_000, 125_000, 3_600_000, 3_720_000, 90_061_000].map(
        formatDuration,
      ),
    ).toEqual([
      '0 ms',
      '4 ms',
      '850 ms',
      '1 s',
      '1.3 s',
      '14.2 s',
      '59.9 s',
      '1 min',
      '2 min 5 s',
      '1 h',
      '1 h 2 min',
      '1 d 1 h',
    ]);
  });

  it('writes a compute time in seconds as Neon reports it, times 1000', () => {
    expect(formatDuration(3_725 * 1_000)).toBe('1 h 2 min');
    expect(formatDuration(42 * 1_000)).toBe('42 s');
  });
});

describe('durationInput (the inputs’ own units)', () => {
  it('writes a duration as the input took it, so a message quotes the user', () => {
    expect(durationInput(parseDuration('10m')!)).toBe('10m');
    expect(durationInput(parseDuration('7d')!)).toBe('7d');
    expect(durationInput(90_500)).toBe('1m 31s');
  });
});
