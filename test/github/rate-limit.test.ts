import { describe, expect, it } from 'vitest';
import { rateLimitOf } from '../../src/github/rate-limit.js';

const NOW = 1_800_000_000;
const answer = (status: number, message: string, headers: Record<string, string> = {}) => ({
  status,
  message,
  response: { headers },
});

describe('rateLimitOf', () => {
  it.each([
    [
      'a secondary limit with Retry-After in seconds',
      answer(403, 'You have exceeded a secondary rate limit', { 'retry-after': '7' }),
      { kind: 'secondary', waitSeconds: 7 },
    ],
    [
      'Retry-After as an HTTP-date',
      answer(429, 'Too Many Requests', { 'retry-after': new Date((NOW + 42) * 1000).toUTCString() }),
      { kind: 'secondary', waitSeconds: 42 },
    ],
    [
      'a secondary limit without headers: one minute',
      answer(403, 'You have exceeded a secondary rate limit.'),
      { kind: 'secondary', waitSeconds: 60 },
    ],
    ['a bare 429: one minute', answer(429, 'Too Many Requests'), { kind: 'secondary', waitSeconds: 60 }],
    [
      'a secondary limit with the quota spent: until the reset',
      answer(403, 'secondary rate limit', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW + 90) }),
      { kind: 'secondary', waitSeconds: 90 },
    ],
    [
      'a primary limit (403): until the reset',
      answer(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW + 15) }),
      { kind: 'primary', waitSeconds: 15 },
    ],
    [
      'a primary limit (429) whose reset has passed: at once',
      answer(429, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW - 5) }),
      { kind: 'primary', waitSeconds: 0 },
    ],
  ])('%s', (_name, error, expected) => {
    expect(rateLimitOf(error, NOW)).toEqual(expected);
  });

  it.each([
    ['a permission 403', answer(403, 'Resource not accessible by integration', { 'x-ratelimit-remaining': '4999' })],
    ['a 404', answer(404, 'Not Found', { 'retry-after': '5' })],
    ['a 500', answer(500, 'secondary rate limit')],
    ['a network error', new Error('socket hang up')],
  ])('is not a rate limit: %s', (_name, error) => {
    expect(rateLimitOf(error, NOW)).toBeUndefined();
  });
});
