import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isSecureOrLoopback } from '../../src/basics/loopback.js';

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', 'localhost.', '127.0.0.1', '127.0.0.2', '127.255.255.254', '[::1]', '::1'])(
    '%s is this machine',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );

  it.each(['128.0.0.1', '127.0.0.256', '127.1', 'localhost.example.com', '[::2]', 'console.neon.tech', '10.0.0.1', ''])(
    '%s is not',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );

  it('agrees with URL#hostname, which the client and the input check read it from', () => {
    expect(isLoopbackHost(new URL('http://127.0.0.2:8080/api/v2').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://[::1]:8080/api/v2').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://0x7f000001/').hostname)).toBe(true); // WHATWG: 127.0.0.1
  });
});

describe('isSecureOrLoopback', () => {
  it('takes https anywhere and plain http only to this machine', () => {
    expect(isSecureOrLoopback(new URL('https://console.neon.tech/api/v2'))).toBe(true);
    expect(isSecureOrLoopback(new URL('http://127.0.0.2:4000/api/v2'))).toBe(true);
    expect(isSecureOrLoopback(new URL('http://localhost/api/v2'))).toBe(true);
    expect(isSecureOrLoopback(new URL('http://console.neon.tech/api/v2'))).toBe(false);
    expect(isSecureOrLoopback(new URL('ftp://127.0.0.1/'))).toBe(false);
  });
});
