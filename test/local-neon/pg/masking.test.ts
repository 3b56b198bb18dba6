import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaskingRule } from '../data-plane.js';
import { openArchive, templateArchive } from './cluster-templates.js';
import { anonCalls, applyMasking, maskingStatement, ruleLabel } from './masking.js';

const rule = (masking: Partial<MaskingRule>): MaskingRule => ({
  database_name: 'neondb',
  schema_name: 'public',
  table_name: 'users',
  column_name: 'email',
  ...masking,
});

describe('masking rules as SQL', () => {
  it('names a rule by database, schema, table and column', () => {
    expect(ruleLabel(rule({}))).toBe('neondb.public.users.email');
  });

  it('finds the anon functions an expression calls', () => {
    expect(anonCalls("pg_catalog.concat(anon.dummy_uuidv4(), '@x') || anon . Partial(email, 2, '*', 1)")).toEqual([
      'dummy_uuidv4',
      'partial',
    ]);
    expect(anonCalls("'anon.fake'")).toEqual([]);
  });

  it('casts the expression or literal to the column type', () => {
    expect(maskingStatement(rule({ masking_function: 'anon.fake_email()' }), 'character varying(80)')).toBe(
      'UPDATE "public"."users" SET "email" = CAST((anon.fake_email()) AS character varying(80))',
    );
    expect(maskingStatement(rule({ masking_value: "'REDACTED'" }), 'text')).toBe(
      `UPDATE "public"."users" SET "email" = CAST(('REDACTED') AS text)`,
    );
  });

  it('refuses a rule with neither a function nor a value', () => {
    expect(() => maskingStatement(rule({}), 'text')).toThrow(
      'masking rule neondb.public.users.email has neither masking_function nor masking_value',
    );
  });
});

describe('the anon functions in Postgres', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await openArchive(await templateArchive('neondb', 'neondb_owner'), 'neondb');
    await db.exec(`CREATE TABLE public.users (id int PRIMARY KEY, email text, city text, n int, price numeric, at timestamptz, r int4range);
      INSERT INTO public.users VALUES (1, 'daamien@gmail.com', 'Paris', 10, 100, '2024-01-01', NULL)`);
  });
  afterAll(async () => db?.close());

  it('run as PostgreSQL Anonymizer documents them', async () => {
    const rules = (column_name: string, masking_function: string) => rule({ column_name, masking_function });
    await applyMasking(db, [
      rules('email', 'anon.partial_email(email)'),
      rules(
        'city',
        "anon.partial(city, 1, '***', 1) || ' ' || anon.fake_city() || anon.fake_company() || anon.fake_iban() || anon.lorem_ipsum(words => 3) || anon.hash(city) || anon.random_phone() || anon.random_zip() || anon.dummy_free_email() || anon.pseudo_email(id) || anon.random_string(4)",
      ),
      rules('n', 'anon.noise(n, 0.5)'),
      rules('price', 'anon.noise(price, 0.1)'),
      rules('at', "anon.dnoise(at, interval '1 day')"),
      rules('r', 'anon.generalize_int4range(n, 10)'),
    ]);
    const [row] = (await db.query<Record<string, any>>('SELECT email, city, n, price, at, r FROM public.users')).rows;
    expect(row.email).toBe('da******@gm******.com');
    expect(row.city).toMatch(/^P\*\*\*s \S+/);
    expect(row.n).toBeGreaterThanOrEqual(5);
    expect(row.n).toBeLessThanOrEqual(15);
    expect(Number(row.price)).toBeGreaterThanOrEqual(90);
    expect(Number(row.price)).toBeLessThanOrEqual(110);
    expect(Math.abs(new Date(row.at).getTime() - Date.parse('2024-01-01T00:00:00Z'))).toBeLessThanOrEqual(86_400_000);
    expect(row.r).toMatch(/^\[\d+,\d+\)$/);
  });

  it('keep unique columns unique over many rows, with no NULLs', async () => {
    await db.exec(`CREATE TABLE public.many (id int PRIMARY KEY, email text UNIQUE, first_name text UNIQUE, u uuid UNIQUE);
      INSERT INTO public.many SELECT g, 'u' || g || '@x.io', 'N' || g, gen_random_uuid() FROM generate_series(1, 500) g`);
    const on = (column_name: string, masking_function: string) =>
      rule({ table_name: 'many', column_name, masking_function });
    const masked = await applyMasking(db, [
      on('email', 'anon.fake_email()'),
      on('first_name', 'anon.fake_first_name()'),
      on('u', 'anon.dummy_uuidv4()'),
    ]);
    expect(masked).toBe(3);
    const { rows } = await db.query<{ n: number; e: number; f: number; nulls: number; originals: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT email)::int AS e, count(DISTINCT first_name)::int AS f,
              count(*) FILTER (WHERE email IS NULL OR first_name IS NULL OR u IS NULL)::int AS nulls,
              count(*) FILTER (WHERE email LIKE '%@x.io' OR first_name ~ '^N[0-9]+$')::int AS originals
         FROM public.many`,
    );
    expect(rows[0]).toEqual({ n: 500, e: 500, f: 500, nulls: 0, originals: 0 });
  });
});
