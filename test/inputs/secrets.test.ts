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

describe('one redactor for the run', () => {
  it("redacts a password in the form a URL gives it (!'()* encoded), in the log's redactor and the GitHub writers' alike", () => {
    const masked: string[] = [];
    const s = new Secrets({ setSecret: (v) => masked.push(v) });
    s.addUri("postgresql://r:pa!ss'wo(r)d*9@h/db");
    const url = new URL("postgresql://r:pa!ss'wo(r)d*9@h/db");
    // WHATWG URL writes the password as pa%21ss%27wo%28r%29d%2A9 … or keeps some: both forms are covered
    const text = `href ${url.href} raw pa!ss'wo(r)d*9 encoded pa%21ss%27wo%28r%29d%2A9`;
    const out = s.redact(text);
    expect(out).not.toMatch(/pa!ss|pa%21ss/);
    expect(masked).toContain('pa%21ss%27wo%28r%29d%2A9');
    // the list the comment store and the job summary get holds every form too
    expect(s.list()).toEqual(expect.arrayContaining(["pa!ss'wo(r)d*9", 'pa%21ss%27wo%28r%29d%2A9']));
  });
});
