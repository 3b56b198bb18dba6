/**
 * Issue 24: the cost questions of src/costs/requests.ts, built from a real review of two dumps and
 * answered by src/pg/costs.ts on a real Postgres (PGlite) holding the base's rows: each count is the
 * number the migration would meet, exact on the copy and from the statistics after ANALYZE.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCosts } from '../../src/costs/apply.js';
import { type CostRequest, costKey, costRequests } from '../../src/costs/requests.js';
import { runCounts, tableRows } from '../../src/pg/costs.js';
import { reviewSchemas } from '../../src/schema/review.js';
import type { Change } from '../../src/schema/types.js';
import { parser } from '../schema/helpers.js';

const BEFORE = `CREATE TYPE public.mood AS ENUM ('happy', 'sad', 'meh');
CREATE TABLE public.u (id integer, m public.mood);
CREATE TABLE public.p (id integer NOT NULL);
ALTER TABLE ONLY public.p ADD CONSTRAINT p_pkey PRIMARY KEY (id);
CREATE TABLE public.t (id integer NOT NULL, a text, b integer, c character varying(20), d text, pid integer);
CREATE TABLE public.gone (id integer);`;
const AFTER = `CREATE TYPE public.mood AS ENUM ('happy', 'meh');
CREATE TABLE public.u (id integer, m public.mood);
CREATE TABLE public.p (id integer NOT NULL);
ALTER TABLE ONLY public.p ADD CONSTRAINT p_pkey PRIMARY KEY (id);
CREATE TABLE public.t (id integer NOT NULL, a text NOT NULL, b integer, c character varying(5), pid integer, e integer NOT NULL);
ALTER TABLE ONLY public.t ADD CONSTRAINT t_b_key UNIQUE (b);
ALTER TABLE public.t ADD CONSTRAINT t_b_check CHECK ((b > 0));
ALTER TABLE ONLY public.t ADD CONSTRAINT t_pid_fkey FOREIGN KEY (pid) REFERENCES public.p(id);
CREATE UNIQUE INDEX t_a_idx ON public.t USING btree (a);`;

/** Every value carries this mark: no answer may hold one. */
const MARK = 'qzv7';
let db: PGlite;
let changes: Change[];
let requests: CostRequest[];
const session = { query: (sql: string) => db.exec(sql) };

beforeAll(async () => {
  db = new PGlite();
  await db.exec(`${BEFORE}
    INSERT INTO public.p VALUES (1), (2);
    INSERT INTO public.t (id, a, b, c, d, pid) VALUES
      (1, NULL, 1, '${MARK}-much-too-long', '${MARK}', 1),
      (2, NULL, 1, '${MARK}-much-too-long', '${MARK}', 1),
      (3, NULL, 1, 'ok', '${MARK}', 2),
      (4, '${MARK}', 2, 'ok', '${MARK}', 99),
      (5, '${MARK}', 2, 'ok', '${MARK}', 98),
      (6, '${MARK}', -3, 'ok', NULL, NULL),
      (7, '${MARK}', NULL, 'ok', NULL, NULL),
      (8, '${MARK}', NULL, 'ok', NULL, NULL);
    INSERT INTO public.gone SELECT g FROM generate_series(1, 7) g;
    INSERT INTO public.u VALUES (1, 'sad'), (2, 'happy'), (3, 'sad'), (4, NULL), (5, 'sad');`);
  changes = reviewSchemas(await parser(), { database: 'db', beforeSql: BEFORE, afterSql: AFTER, diff: '' }).changes;
  requests = costRequests(changes);
});
afterAll(async () => {
  await db?.close();
});

const keyOf = (kind: Change['kind'], action: Change['action'], object: string, measure: 'loses' | 'violations') =>
  costKey({ database: 'db', kind, action, object }, measure);

describe('what each change costs, counted on a copy', () => {
  it('counts the data drops lose and the rows that break each new rule', async () => {
    const counts = await runCounts(session, requests, 'exact');
    expect(Object.fromEntries(counts)).toEqual({
      [keyOf('table', 'dropped', 'public.gone', 'loses')]: 7,
      [keyOf('column', 'dropped', 'public.t.d', 'loses')]: 5,
      [keyOf('column', 'altered', 'public.t.a', 'violations')]: 3,
      [keyOf('column', 'altered', 'public.t.c', 'violations')]: 2,
      [keyOf('column', 'added', 'public.t.e', 'violations')]: 8,
      [keyOf('constraint', 'added', 'public.t.t_b_key', 'violations')]: 3,
      [keyOf('constraint', 'added', 'public.t.t_b_check', 'violations')]: 1,
      [keyOf('constraint', 'added', 'public.t.t_pid_fkey', 'violations')]: 2,
      [keyOf('index', 'added', 'public.t.t_a_idx', 'violations')]: 4,
      [keyOf('enum_value', 'dropped', 'public.mood.sad', 'violations')]: 3,
    });
    expect(Object.fromEntries(await tableRows(session, ['public.t', 'public.gone', 'public.nope']))).toEqual({
      'public.t': 8,
      'public.gone': 7,
    });
  });

  it('estimates from the statistics (numbers only) once the table was analyzed, and nothing before', async () => {
    const never = await runCounts(session, requests, 'estimate');
    expect(never.size).toBe(0);
    await db.exec('ANALYZE');
    const estimates = await runCounts(session, requests, 'estimate');
    expect(Object.fromEntries(estimates)).toEqual({
      [keyOf('table', 'dropped', 'public.gone', 'loses')]: 7,
      [keyOf('column', 'dropped', 'public.t.d', 'loses')]: 5,
      [keyOf('column', 'altered', 'public.t.a', 'violations')]: 3,
      [keyOf('column', 'added', 'public.t.e', 'violations')]: 8,
      [keyOf('constraint', 'added', 'public.t.t_b_key', 'violations')]: 3,
      [keyOf('index', 'added', 'public.t.t_a_idx', 'violations')]: 4,
    });
  });

  it('a question that fails is left unanswered, its message (which could quote the data) not kept', async () => {
    const bad: CostRequest = {
      key: 'k',
      measure: 'violations',
      unit: 'rows',
      table: 'public.t',
      rule: 'x',
      exact: `SELECT a::int AS n FROM public.t WHERE a IS NOT NULL`,
    };
    await expect(runCounts(session, [bad], 'exact')).resolves.toEqual(new Map());
  });

  it('the changes carry loses and violations; a violated rule makes its change destructive and says so first', async () => {
    const counts = await runCounts(session, requests, 'exact');
    const out = withCosts(changes, requests, { counts, estimated: false, where: 'production' });
    const by = (object: string, kind = 'column') => out.find((c) => c.object === object && c.kind === kind)!;
    expect(by('public.gone', 'table').loses).toEqual({ rows: 7 });
    expect(by('public.t.d').loses).toEqual({ values: 5 });
    expect(by('public.t.d').reason).toMatch(/^loses 5 values; /);
    const check = by('public.t.t_b_check', 'constraint');
    expect(check).toMatchObject({ violations: { rows: 1 }, risk: 'destructive', destructive: true });
    expect(check.reason).toMatch(/^fails on production: 1 row of public\.t fail the check t_b_check; /);
    expect(by('public.t.a').reason).toMatch(/^fails on production: 3 rows of public\.t hold NULL in a; /);
    const estimated = withCosts(changes, requests, { counts, estimated: true, where: 'production' });
    const gone = estimated.find((c) => c.object === 'public.gone')!;
    expect(gone.loses).toEqual({ rows: 7, estimated: true });
    expect(gone.reason).toMatch(/^loses about 7 rows; /);
    expect(JSON.stringify(out)).not.toContain(MARK);
  });

  it('a rule no row breaks is counted as 0 and leaves the change as the review had it', () => {
    const key = keyOf('constraint', 'added', 'public.t.t_b_check', 'violations');
    const out = withCosts(changes, requests, { counts: new Map([[key, 0]]), estimated: false, where: 'production' });
    const check = out.find((c) => c.object === 'public.t.t_b_check')!;
    const before = changes.find((c) => c.object === 'public.t.t_b_check')!;
    expect(check).toEqual({ ...before, violations: { rows: 0 } });
  });
});
