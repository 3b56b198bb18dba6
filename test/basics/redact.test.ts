import { describe, expect, it } from 'vitest';
import { assertNoSecrets, redact, SecretLeakError } from '../../src/basics/redact.js';

describe('redact', () => {
  it('replaces each secret and its URL-encoded forms with ***', () => {
    const pw = "p@ss/w:rd!'x";
    const text = `plain ${pw} component ${encodeURIComponent(pw)} url ${new URL(`postgresql://u:${encodeURIComponent(pw)}@h/db`).password}`;
    const out = redact(text, [pw]);
    expect(out).toBe('plain *** component *** url ***');
  });

  it('replaces a whole URI before the password inside it', () => {
    const uri = 'postgresql://owner:npg_abcdefgh@ep-x.neon.tech/neondb';
    expect(redact(`db ${uri}`, ['npg_abcdefgh', uri])).toBe('db ***');
  });

  it('ignores empty and undefined entries', () => {
    expect(redact('text', ['', undefined])).toBe('text');
  });
});

describe('assertNoSecrets', () => {
  it('throws without quoting the secret', () => {
    const pw = 'npg_topsecret1';
    let caught: unknown;
    try {
      assertNoSecrets(`body ${encodeURIComponent(pw)}`, [pw], 'the PR comment');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SecretLeakError);
    expect((caught as Error).message).toBe('refusing to write the PR comment: it contains a secret');
    expect((caught as Error).message).not.toContain(pw);
  });

  it('passes clean text', () => {
    expect(() => assertNoSecrets('nothing here', ['npg_topsecret1'])).not.toThrow();
  });
});
