import { describe, expect, it } from 'vitest';
import { Secrets } from '../../src/runtime/secrets.js';

describe('Secrets', () => {
  it('masks a value and its URL-encoded form once each, and skips short common values', () => {
    const masked: string[] = [];
    const s = new Secrets({ setSecret: (v) => masked.push(v) });
    s.add('p@ss/word+1');
    s.add('p@ss/word+1');
    s.add('neondb');
    s.add('abc');
    expect(masked).toEqual(['p@ss/word+1', 'p%40ss%2Fword%2B1']);
  });
  it('registers a URI and the password inside it', () => {
    const masked: string[] = [];
    const s = new Secrets({ setSecret: (v) => masked.push(v) });
    s.addUri('postgresql://neondb_owner:npg_abc%2Fdef@host/neondb?sslmode=require');
    expect(masked).toContain('npg_abc/def');
    expect(masked).toContain('postgresql://neondb_owner:npg_abc%2Fdef@host/neondb?sslmode=require');
  });
  it('redacts every registered form from text, longest first', () => {
    const s = new Secrets({ setSecret: () => {} });
    s.addUri('postgresql://r:npg_secret1@h/db');
    expect(s.redact('url postgresql://r:npg_secret1@h/db and pw npg_secret1')).toBe('url *** and pw ***');
    expect(s.has('x npg_secret1 y')).toBe(true);
    expect(s.has('nothing here')).toBe(false);
  });
});
