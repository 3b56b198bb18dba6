/** Issue 21: a statement nested too deeply for the parser never stops the review. */
import { describe, expect, it } from 'vitest';
import { parseTolerant, SqlTooDeepError } from '../../src/schema/parser.js';
import { reviewSchemas } from '../../src/schema/review.js';
import { parser } from './helpers.js';

const plus = (n: number) => `SELECT ${Array(n).fill('1').join('+')} AS n`;
const coalesced = (n: number) => `SELECT ${'coalesce('.repeat(n)}1${', 2)'.repeat(n)} AS n`;

describe('a statement too deep for the parser', () => {
  it('is a SqlTooDeepError, and the parser reads the next statement as usual', async () => {
    const p = await parser();
    expect(() => p.parse(plus(10_000))).toThrow(SqlTooDeepError);
    expect(p.parse('CREATE TABLE t (id int); SELECT 1').stmts).toHaveLength(2);
    expect(p.scan('SELECT 1;').length).toBe(3);
  });

  it('is also what the grammar calls "memory exhausted" (its own stack full), not a syntax error', async () => {
    const p = await parser();
    expect(() => p.parse(coalesced(5_000))).toThrow(SqlTooDeepError);
    expect(() => p.parse(`SELECT ${'ARRAY['.repeat(6_000)}1${']'.repeat(6_000)}`)).toThrow(SqlTooDeepError);
    const tree = parseTolerant(p, `CREATE TABLE a (id int);\n${coalesced(5_000)};\nCREATE TABLE b (id int);`);
    expect(tree.unread).toEqual([2]);
    expect(tree.stmts).toHaveLength(2);
  });

  it('is left out by parseTolerant, with its line, and the statements around it are read', async () => {
    const p = await parser();
    const tree = parseTolerant(
      p,
      `CREATE TABLE a (id int);\n${plus(10_000)};\nCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\nCREATE TABLE b (id int);`,
    );
    expect(tree.unread).toEqual([2]);
    expect(tree.stmts.map((s) => Object.keys(s.stmt)[0])).toEqual(['CreateStmt', 'CreateFunctionStmt', 'CreateStmt']);
  });

  it('still gives a review of the rest, with a note, for views of 20 KB of 1+1+… and 3,000 nested terms', async () => {
    const p = await parser();
    const before = 'CREATE TABLE public.users (id integer, email text);';
    const after = [
      'CREATE TABLE public.users (id integer, email text, nickname text);',
      `CREATE VIEW public.sum AS ${plus(10_000)};`,
      `CREATE VIEW public.nested AS ${coalesced(3_000)};`,
      'CREATE TABLE public.audit (id integer);',
    ].join('\n');
    expect(after.length).toBeGreaterThan(20_000);
    const review = reviewSchemas(p, { database: 'neondb', beforeSql: before, afterSql: after });
    const found = review.changes.map((c) => `${c.kind} ${c.action} ${c.object}`);
    expect(found).toContain('column added public.users.nickname');
    expect(found).toContain('table added public.audit');
    expect(review.notes?.join('\n')).toMatch(
      /neondb: \d statement\(s\) of the branch dump are nested too deeply to read \(line 2/,
    );
  });
});
