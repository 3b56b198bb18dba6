/** Table sizes read from real Postgres (PGlite, PostgreSQL 18): estimates, capped counts, partitions. */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTableSizes } from '../../src/pg/table-sizes.js';
import { tableOf, tablesTouched } from '../../src/schema/table-sizes.js';
import type { Change } from '../../src/schema/types.js';

let pg: PGlite;
beforeAll(async () => {
  pg = await PGlite.create();
  await pg.exec(`
    CREATE TABLE big (id int PRIMARY KEY, payload text);
    INSERT INTO big SELECT g, repeat('x', 100) FROM generate_series(1, 20000) g;
    ANALYZE big;
    CREATE TABLE small (id int);
    INSERT INTO small SELECT g FROM generate_series(1, 12) g;
    CREATE SCHEMA "Odd";
    CREATE TABLE "Odd"."Dotted.Name" (id int);
    INSERT INTO "Odd"."Dotted.Name" VALUES (1), (2);
    CREATE TABLE events (at date, n int) PARTITION BY RANGE (at);
    CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
    INSERT INTO events SELECT date '2024-06-01' + (g % 400), g FROM generate_series(1, 3000) g;
    ANALYZE events;
  `);
});
afterAll(async () => {
  await pg?.close();
});

describe('readTableSizes', () => {
  it('takes the planner estimate of an analyzed table, with its total size', async () => {
    const sizes = await readTableSizes(pg, ['public.big']);
    const big = sizes.get('public.big')!;
    expect(big.rows).toBe(20000);
    expect(big.atLeast).toBeUndefined();
    const { rows } = await pg.query<{ b: number }>(`SELECT pg_total_relation_size('big')::float8 AS b`);
    expect(big.bytes).toBe(rows[0]!.b);
    expect(big.bytes).toBeGreaterThan(2_000_000);
  });

  it('counts a table that was never analyzed, quoting odd names, and caps the count', async () => {
    const sizes = await readTableSizes(pg, ['public.small', 'Odd.Dotted.Name']);
    expect(sizes.get('public.small')).toMatchObject({ rows: 12 });
    expect(sizes.get('Odd.Dotted.Name')).toMatchObject({ rows: 2 });
    const capped = await readTableSizes(pg, ['public.small'], 5);
    expect(capped.get('public.small')).toMatchObject({ rows: 5, atLeast: true });
  });

  it('sums the leaves of a partitioned table', async () => {
    const events = (await readTableSizes(pg, ['public.events'])).get('public.events')!;
    expect(events.rows).toBe(3000);
    const { rows } = await pg.query<{ b: number }>(
      `SELECT (pg_total_relation_size('events_2024') + pg_total_relation_size('events_2025'))::float8 AS b`,
    );
    expect(events.bytes).toBe(rows[0]!.b);
  });

  it('leaves out tables the branch does not have', async () => {
    const sizes = await readTableSizes(pg, ['public.gone', 'public.small']);
    expect([...sizes.keys()]).toEqual(['public.small']);
    expect((await readTableSizes(pg, [])).size).toBe(0);
  });
});

describe('tableOf and tablesTouched', () => {
  const c = (kind: Change['kind'], action: Change['action'], object: string) => ({ kind, action, object }) as Change;

  it('finds the table of a change, by the longest known prefix when told the tables', () => {
    expect(tableOf(c('table', 'added', 'public.users'))).toBe('public.users');
    expect(tableOf(c('index', 'added', 'public.users.users_email_idx'))).toBe('public.users');
    expect(tableOf(c('view', 'added', 'public.v'))).toBeUndefined();
    expect(tableOf(c('column', 'added', 'Odd.Dotted.Name.id'), new Set(['Odd.Dotted.Name']))).toBe('Odd.Dotted.Name');
    expect(tableOf(c('column', 'added', 'public.x.id'), new Set(['public.y']))).toBeUndefined();
  });

  it('lists each touched table once, not dropped ones', () => {
    const changes = [
      c('column', 'added', 'public.users.age'),
      c('index', 'added', 'public.users.users_age_idx'),
      c('table', 'dropped', 'public.audit'),
      c('function', 'added', 'public.f()'),
      c('table', 'renamed', 'public.customers'),
    ];
    expect(tablesTouched(changes)).toEqual(['public.customers', 'public.users']);
  });
});

describe('readTableSizes on a branch whose migration set search_path and made look-alikes (issue 21)', () => {
  it('reads pg_catalog, not public.pg_class', async () => {
    const db = await PGlite.create();
    try {
      await db.exec(`
        CREATE TABLE big (id int);
        INSERT INTO big SELECT g FROM generate_series(1, 20000) g;
        ANALYZE big;
        CREATE VIEW public.pg_class AS
          SELECT c.oid, c.relname, c.relnamespace, c.relkind, 12::real AS reltuples FROM pg_catalog.pg_class c;
        SET search_path = public, pg_catalog;
      `);
      const sizes = await readTableSizes(db, ['public.big']);
      expect(sizes.get('public.big')?.rows).toBe(20000);
    } finally {
      await db.close();
    }
  });
});
