import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeDump } from '../../src/schema/normalize-dump.js';
import { reviewSchemas } from '../../src/schema/review.js';
import { CORPUS_DIR, corpusAvailable, OWN_PAIRS_DIR } from './pairs.js';
import { parser } from './helpers.js';

const DUMP = `\\restrict abcDEF123
--
-- PostgreSQL database dump
--

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;

CREATE FUNCTION public.f() RETURNS void
    LANGUAGE plpgsql
    AS $_$
BEGIN
SET search_path = public;
\\not-a-meta-command inside a body
END
$_$;

SET default_tablespace = '';

CREATE TABLE public.t (
    note text DEFAULT '
SET x = 1;'::text
);

\\unrestrict abcDEF123
`;

describe('normalizeDump', () => {
  const normalized = normalizeDump(DUMP);

  it('drops meta-commands, version comments and the SET / set_config preamble', () => {
    expect(normalized).not.toMatch(/restrict/);
    expect(normalized).not.toMatch(/Dumped (from|by)/);
    expect(normalized).not.toMatch(/^SET statement_timeout/m);
    expect(normalized).not.toMatch(/set_config/);
    expect(normalized).not.toMatch(/default_tablespace/);
  });

  it('keeps lines inside function bodies and string literals, whatever they look like', () => {
    expect(normalized).toContain('SET search_path = public;\n\\not-a-meta-command inside a body');
    expect(normalized).toContain("'\nSET x = 1;'::text");
  });

  it('is idempotent and ends with one newline', () => {
    expect(normalizeDump(normalized)).toBe(normalized);
    expect(normalized.endsWith(';\n')).toBe(true);
  });

  it('gives the same text for dumps differing only in their \\restrict keys and versions', () => {
    const other = DUMP.replaceAll('abcDEF123', 'zzzYYY999').replaceAll('15.18', '17.2');
    expect(normalizeDump(other)).toBe(normalized);
  });

  it.skipIf(!corpusAvailable())(
    'an unchanged corpus schema with a new \\restrict key gives no changes and no diff',
    async () => {
      const sql = readFileSync(`${CORPUS_DIR}/synapse/02-v77-to-v78-validate-constraints/before.sql`, 'utf8');
      const key = /^\\restrict (\S+)$/m.exec(sql)?.[1] ?? '';
      expect(key).not.toBe('');
      const again = sql.replaceAll(key, 'a-completely-different-random-key');
      const review = reviewSchemas(await parser(), { database: 'synapse', beforeSql: sql, afterSql: again });
      expect(review.changes).toEqual([]);
      expect(review.diff).toBe('');
    },
  );
});

describe('an unchanged schema', () => {
  it('gives no changes when the two dumps differ only in \\restrict keys and version comments', async () => {
    const sql = readFileSync(`${OWN_PAIRS_DIR}/13-indexes-and-constraints/after.sql`, 'utf8');
    const wrap = (key: string, version: string) =>
      `\\restrict ${key}\n${sql.replace(/pg_dump version [\d.]+/, `pg_dump version ${version}`)}\n\\unrestrict ${key}\n`;
    const review = reviewSchemas(await parser(), {
      database: 'neondb',
      beforeSql: wrap('Kq1x', '18.1'),
      afterSql: wrap('Zz9y', '18.3'),
    });
    expect(review).toEqual({ database: 'neondb', changes: [], diff: '' });
  });
});
