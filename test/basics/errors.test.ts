import { describe, expect, it } from 'vitest';
import { firstLine } from '../../src/basics/errors.js';

describe('firstLine', () => {
  it('keeps the first line of an error message, trimmed', () => {
    expect(firstLine(new Error('connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap'))).toBe(
      'connect ECONNREFUSED 127.0.0.1:5432',
    );
    expect(firstLine(new Error('  bad thing \r\nsecond'))).toBe('bad thing');
    expect(firstLine(new Error('one\rtwo'))).toBe('one');
  });

  it("falls back to the error's name when the message is empty", () => {
    class AbortedError extends Error {
      override name = 'AbortedError';
    }
    expect(firstLine(new AbortedError(''))).toBe('AbortedError');
    expect(firstLine(new Error('\nonly later'))).toBe('Error');
  });

  it('tells a thrown value that is not an Error', () => {
    expect(firstLine('plain text\nmore')).toBe('plain text');
    expect(firstLine(42)).toBe('42');
    expect(firstLine(undefined)).toBe('');
  });
});
