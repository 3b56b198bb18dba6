import { describe, expect, it } from 'vitest';
import { backoffDelayMs, decideRetry, nextDelayMs, parseRetryAfterMs } from '../../src/neon/retry-policy.js';

describe('decideRetry', () => {
  const cases: [string, Parameters<typeof decideRetry>[1], string][] = [
    ['POST', { kind: 'status', status: 423 }, 'retry'],
    ['POST', { kind: 'status', status: 429 }, 'retry'],
    ['POST', { kind: 'status', status: 503 }, 'retry'],
    ['PATCH', { kind: 'status', status: 503 }, 'retry'],
    ['GET', { kind: 'status', status: 502 }, 'retry'],
    ['GET', { kind: 'status', status: 504 }, 'retry'],
    ['DELETE', { kind: 'status', status: 504 }, 'retry'],
    ['POST', { kind: 'status', status: 502 }, 'reconcile'],
    ['POST', { kind: 'status', status: 504 }, 'reconcile'],
    ['PATCH', { kind: 'status', status: 504 }, 'reconcile'],
    ['PUT', { kind: 'status', status: 502 }, 'reconcile'],
    ['GET', { kind: 'network', code: 'ECONNRESET' }, 'retry'],
    ['DELETE', { kind: 'network', code: 'UND_ERR_SOCKET' }, 'retry'],
    ['GET', { kind: 'network', code: 'UND_ERR_HEADERS_TIMEOUT' }, 'retry'],
    ['POST', { kind: 'network', code: 'ECONNRESET' }, 'reconcile'],
    ['POST', { kind: 'network', code: 'UND_ERR_HEADERS_TIMEOUT' }, 'reconcile'],
    ['PATCH', { kind: 'network', code: 'UND_ERR_BODY_TIMEOUT' }, 'reconcile'],
    // never left the machine: safe to send again whatever the method
    ['POST', { kind: 'network', code: 'ECONNREFUSED' }, 'retry'],
    ['POST', { kind: 'network', code: 'UND_ERR_CONNECT_TIMEOUT' }, 'retry'],
    ['GET', { kind: 'status', status: 400 }, 'fail'],
    ['GET', { kind: 'status', status: 404 }, 'fail'],
    ['POST', { kind: 'status', status: 409 }, 'fail'],
    ['GET', { kind: 'status', status: 500 }, 'fail'],
    ['GET', { kind: 'network', code: 'ENOTFOUND' }, 'fail'],
    ['GET', { kind: 'network', code: 'CERT_HAS_EXPIRED' }, 'fail'],
  ];
  it.each(cases)('%s %j -> %s', (method, outcome, expected) => {
    expect(decideRetry(method, outcome)).toBe(expected);
  });
});

describe('backoffDelayMs', () => {
  it('is random() * min(cap, base * 2^n)', () => {
    expect(backoffDelayMs(0, () => 1)).toBe(250);
    expect(backoffDelayMs(3, () => 1)).toBe(2000);
    expect(backoffDelayMs(3, () => 0.25)).toBe(500);
    expect(backoffDelayMs(10, () => 1)).toBe(10_000);
    expect(backoffDelayMs(60, () => 0.5)).toBe(5_000);
    expect(backoffDelayMs(2, () => 0)).toBe(0);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it('reads delta-seconds', () => {
    expect(parseRetryAfterMs('5', now)).toBe(5000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or garbage values', () => {
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs('', now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
  });
  it('is a minimum, never a cap', () => {
    expect(nextDelayMs(800, 200)).toBe(800);
    expect(nextDelayMs(800, 3000)).toBe(3000);
    expect(nextDelayMs(800, undefined)).toBe(800);
  });
});
