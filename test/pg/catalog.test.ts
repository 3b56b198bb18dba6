/**
 * The catalog reader on a real Postgres (PGlite): the snapshot of one database before and after a
 * migration, matched by identity, reads the renames, the column dropped and added again, and the
 * name taken over by a new column; and the snapshot describes the database's own dump.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog } from '../../src/pg/catalog.js';
import { catalogDescribes, matchCatalogs } from '../../src/schema/catalog-identity.js';
import { parseSchema } from '../../src/schema/parse-schema.js';
import { parser } from '../schema/helpers.js';

let db: PGlite;
/** PGlite's exec runs simple-query text as node-postgres does: one result per statement. */
const client = { query: (sql: string) => db.exec(sql) };

beforeAll(async () => {
  db = new PGlite();
  await db.exec(`
CREATE TYPE public.role AS ENUM ('admin', 'user');
CREATE TABLE public.team (id integer PRIMARY KEY, name text NOT NULL, slug text, role public.role);
CREATE INDEX team_slug_idx ON public.team (slug);
CREATE TABLE public.member (id integer PRIMARY KEY, team_id integer CONSTRAINT member_team_id_fkey REFERENCES public.team (id));
CREATE FUNCTION public.answer(a integer, b public.role) RETURNS integer LANGUAGE sql AS 'SELECT 42';
CREATE VIEW public.team_names AS SELECT id, name FROM public.team;
`);
});

afterAll(async () => {
  await db?.close();
});

describe('readCatalog', () => {
  it('reads what a migration renamed, replaced and took over, by oid and attnum', async () => {
    const before = await readCatalog(client);
    expect(before.functions.map((f) => f.path)).toEqual(['public.answer(integer, public.role)']);
    await db.exec(`
ALTER TABLE public.team RENAME TO organisation;
ALTER TABLE public.organisation RENAME COLUMN name TO title;
ALTER TABLE public.organisation DROP COLUMN slug;
ALTER TABLE public.organisation ADD COLUMN slug text;
ALTER TABLE public.organisation RENAME COLUMN role TO legacy_role;
ALTER TABLE public.organisation ADD COLUMN role text;
ALTER TABLE public.organisation RENAME CONSTRAINT team_pkey TO organisation_pkey;
ALTER TYPE public.role RENAME TO member_role;
ALTER TYPE public.member_role RENAME VALUE 'user' TO 'member';
ALTER FUNCTION public.answer(integer, public.member_role) RENAME TO reply;
ALTER VIEW public.team_names RENAME TO organisation_names;
`);
    const after = await readCatalog(client);
    const map = matchCatalogs(before, after);
    expect(map.of('table').renames.get('public.team')).toEqual({ to: 'public.organisation', source: 'catalog' });
    expect(Object.fromEntries([...map.of('column').renames].map(([k, v]) => [k, v.to]))).toEqual({
      'public.team.name': 'public.organisation.title',
      'public.team.role': 'public.organisation.legacy_role',
    });
    expect([...map.of('column').replaced.keys()]).toEqual(['public.team.slug']);
    expect(map.of('constraint').renames.get('public.team.team_pkey')?.to).toBe('public.organisation.organisation_pkey');
    expect(map.of('constraint').renames.get('public.member.member_team_id_fkey')).toBeUndefined();
    expect(map.of('index').renames.get('public.team.team_pkey')?.to).toBe('public.organisation.organisation_pkey');
    expect(map.of('type').renames.get('public.role')?.to).toBe('public.member_role');
    expect(map.of('enum_value').renames.get('public.role.user')?.to).toBe('public.member_role.member');
    expect(map.of('function').renames.get('public.answer(integer, public.role)')?.to).toBe(
      'public.reply(integer, public.member_role)',
    );
    expect(map.of('view').renames.get('public.team_names')?.to).toBe('public.organisation_names');
    expect(map.of('table').complete).toBe('catalog');
  });

  it('describes the schema pg_dump would write, and not another', async () => {
    await db.exec(`CREATE TABLE public.ev (id integer, at date) PARTITION BY RANGE (at);
CREATE TABLE public.ev_2024 PARTITION OF public.ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`);
    const snapshot = await readCatalog(client);
    const p = await parser();
    const dump = `CREATE TYPE public.member_role AS ENUM ('admin', 'member');
CREATE TABLE public.organisation (id integer NOT NULL, title text NOT NULL, legacy_role public.member_role, slug text, role text);
CREATE TABLE public.member (id integer NOT NULL, team_id integer);
CREATE VIEW public.organisation_names AS SELECT organisation.id, organisation.title AS name FROM public.organisation;
CREATE TABLE public.ev (id integer, at date) PARTITION BY RANGE (at);
CREATE TABLE public.ev_2024 (id integer, at date);
ALTER TABLE ONLY public.ev ATTACH PARTITION public.ev_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`;
    expect(catalogDescribes(snapshot, parseSchema(p, dump))).toBe(true);
    expect(
      catalogDescribes(snapshot, parseSchema(p, dump.replace('slug text, role text', 'role text, slug text'))),
    ).toBe(false);
  });
});
