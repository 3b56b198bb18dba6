/**
 * The PGlite data plane for real: PGlite clusters on disk, node-postgres and Debian psql over the
 * loopback wire front, real pg_dump. One data plane for the file keeps it to a few seconds of setup.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataPlane, MaskingRule, RoleCredential } from './data-plane.js';
import { createPgliteDataPlane } from './pglite-data-plane.js';

const run = promisify(execFile);
/** Debian's psql is optional for `npm test` (CI installs it); without it its one test is skipped, saying so. */
const psqlFound = spawnSync('psql', ['--version']).status === 0;
if (!psqlFound) console.warn('psql not found (Debian package postgresql-client): skipping the psql login test');
const OWNER: RoleCredential = { name: 'neondb_owner', password: 'npg_rightPassword1' };

let plane: DataPlane;
let branchSeq = 0;

function uri(port: number, password = OWNER.password, database = 'neondb'): string {
  return `postgresql://${OWNER.name}:${password}@127.0.0.1:${port}/${database}?sslmode=disable`;
}

async function newRoot(): Promise<string> {
  const id = `br-root-${++branchSeq}`;
  await plane.createBranch(id, { databases: ['neondb'], roles: [OWNER] });
  return id;
}

async function serve(branchId: string): Promise<{ port: number; pooledPort: number }> {
  return plane.startEndpoint(`ep-${branchId}`, branchId, { credentials: () => [OWNER], databases: () => ['neondb'] });
}

async function values(branchId: string, sql: string): Promise<unknown[]> {
  return (await plane.query(branchId, 'neondb', sql)).map((row) => Object.values(row)[0]);
}

beforeAll(async () => {
  plane = await createPgliteDataPlane({ maxLive: 3 });
});

afterAll(async () => {
  await plane?.close();
});

describe('endpoints', () => {
  it('let node-postgres in with the right password, on both ports, and refuse a wrong one with 28P01', async () => {
    const branch = await newRoot();
    const { port, pooledPort } = await serve(branch);
    expect(pooledPort).not.toBe(port);
    for (const p of [port, pooledPort]) {
      const client = new pg.Client({ connectionString: uri(p) });
      await client.connect();
      const { rows } = await client.query(
        'SELECT current_user AS who, current_database() AS db, $1::int + 1 AS n',
        [41],
      );
      expect(rows).toEqual([{ who: 'neondb_owner', db: 'neondb', n: 42 }]);
      await client.end();
    }
    const wrong = new pg.Client({ connectionString: uri(port, 'npg_wrong') });
    await expect(wrong.connect()).rejects.toMatchObject({
      code: '28P01',
      message: 'password authentication failed for user "neondb_owner"',
    });
    const unknownDb = new pg.Client({ connectionString: uri(port, OWNER.password, 'nope') });
    await expect(unknownDb.connect()).rejects.toMatchObject({ code: '3D000' });
  });

  it.skipIf(!psqlFound)('let Debian psql in with the right password and refuse a wrong one', async () => {
    const branch = await newRoot();
    const { port } = await serve(branch);
    const ok = await run('psql', [uri(port), '-XAtc', 'SELECT 40 + 2']);
    expect(ok.stdout.trim()).toBe('42');
    await expect(run('psql', [uri(port, 'npg_wrong'), '-XAtc', 'SELECT 1'])).rejects.toMatchObject({
      stderr: expect.stringContaining('password authentication failed for user "neondb_owner"'),
    });
  });

  it('serve concurrent clients, keeping an open transaction to itself until it ends', async () => {
    const branch = await newRoot();
    const { port } = await serve(branch);
    await plane.query(branch, 'neondb', 'CREATE TABLE public.t (n int)');
    const pool = new pg.Pool({ connectionString: uri(port), max: 4 });
    const sums = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => pool.query('SELECT $1::int * 2 AS v', [n])));
    expect(sums.map((r) => r.rows[0].v)).toEqual([2, 4, 6, 8, 10, 12]);

    const writer = await pool.connect();
    await writer.query('BEGIN');
    await writer.query('INSERT INTO public.t VALUES (1)');
    let seen: number | undefined;
    const reader = pool.query('SELECT count(*)::int AS n FROM public.t').then((r) => (seen = r.rows[0].n));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(seen).toBeUndefined(); // waits for the transaction: PGlite has one session
    await writer.query('COMMIT');
    writer.release();
    await reader;
    expect(seen).toBe(1);

    const quitter = await pool.connect();
    await quitter.query('BEGIN');
    await quitter.query('INSERT INTO public.t VALUES (2)');
    quitter.release(true); // disconnects inside the transaction: rolled back, session handed on
    expect(await values(branch, 'SELECT count(*)::int FROM public.t')).toEqual([1]);
    await pool.end();
  });
});

describe('endpoint lifecycle', () => {
  it('checks the current password per connection, follows a move, and refuses once stopped', async () => {
    const [first, second] = [await newRoot(), await newRoot()];
    await plane.query(second, 'neondb', 'CREATE TABLE public.marker (v int)');
    let password = OWNER.password;
    const { port } = await plane.startEndpoint('ep-lifecycle', first, {
      credentials: () => [{ name: OWNER.name, password }],
      databases: () => ['neondb'],
    });
    const connect = async (pw: string) => {
      const client = new pg.Client({ connectionString: uri(port, pw) });
      await client.connect();
      return client;
    };
    const held = await connect(OWNER.password);
    password = 'npg_resetPassword2';
    await expect(connect(OWNER.password)).rejects.toMatchObject({ code: '28P01' });
    const fresh = await connect(password);
    const marker = "SELECT to_regclass('public.marker') IS NOT NULL AS has";
    expect((await fresh.query(marker)).rows).toEqual([{ has: false }]);
    await fresh.end();

    const dropped = new Promise((resolve) => held.on('error', resolve));
    await plane.moveEndpoint('ep-lifecycle', second);
    await dropped; // a move restarts the compute: open connections end
    const moved = await connect(password);
    expect((await moved.query(marker)).rows).toEqual([{ has: true }]);
    await moved.end();

    await plane.stopEndpoint('ep-lifecycle');
    await expect(connect(password)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('branches', () => {
  it('clone the parent at creation: earlier rows appear, later writes on either side do not cross', async () => {
    const parent = await newRoot();
    await plane.query(
      parent,
      'neondb',
      "CREATE TABLE public.notes (id int PRIMARY KEY, body text); INSERT INTO public.notes VALUES (1, 'before')",
    );
    await plane.createBranch('br-child-1', { parentId: parent });
    await plane.query(parent, 'neondb', "INSERT INTO public.notes VALUES (2, 'parent after')");
    await plane.query('br-child-1', 'neondb', "INSERT INTO public.notes VALUES (3, 'child')");
    expect(await values(parent, 'SELECT id FROM public.notes ORDER BY id')).toEqual([1, 2]);
    expect(await values('br-child-1', 'SELECT id FROM public.notes ORDER BY id')).toEqual([1, 3]);
    const owners = await values('br-child-1', "SELECT tableowner FROM pg_tables WHERE tablename = 'notes'");
    expect(owners).toEqual(['neondb_owner']);
  });

  it('are copies of the parent data directory, as Neon forks: a table renamed on a child keeps its oid, a column its attnum', async () => {
    const parent = await newRoot();
    await plane.query(
      parent,
      'neondb',
      "CREATE TABLE public.team (id int PRIMARY KEY, name text, slug text); CREATE TYPE public.role AS ENUM ('a', 'b')",
    );
    const identity = (branch: string, table: string) =>
      plane.query(
        branch,
        'neondb',
        `SELECT c.oid::text AS oid, (SELECT string_agg(attnum || ':' || attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = c.oid AND attnum > 0 AND NOT attisdropped) AS columns,
        (SELECT oid::text FROM pg_type WHERE typname = 'role') AS role FROM pg_class c WHERE c.relname = '${table}'`,
      );
    const [onParent] = await identity(parent, 'team');
    await plane.createBranch('br-fork-oid', { parentId: parent });
    await plane.query(
      'br-fork-oid',
      'neondb',
      'ALTER TABLE public.team RENAME TO organisation; ALTER TABLE public.organisation RENAME COLUMN name TO title; ALTER TABLE public.organisation DROP COLUMN slug; ALTER TABLE public.organisation ADD COLUMN slug text',
    );
    const [onChild] = await identity('br-fork-oid', 'organisation');
    expect(onChild.oid).toBe(onParent.oid);
    expect(onChild.role).toBe(onParent.role);
    expect(onParent.columns).toBe('1:id,2:name,3:slug');
    // renamed: same attnum; dropped and added again: a new one
    expect(onChild.columns).toBe('1:id,2:title,4:slug');
  });

  it('copy only the schema when schemaOnly is set', async () => {
    const parent = await newRoot();
    await plane.query(
      parent,
      'neondb',
      'CREATE TABLE public.items (id serial PRIMARY KEY); INSERT INTO public.items DEFAULT VALUES',
    );
    await plane.createBranch('br-schema-only', { parentId: parent, schemaOnly: true });
    expect(await values('br-schema-only', 'SELECT count(*)::int FROM public.items')).toEqual([0]);
    expect(await plane.dumpSchema({ branchId: 'br-schema-only' }, 'neondb')).toBe(
      await plane.dumpSchema({ branchId: parent }, 'neondb'),
    );
  });

  it('restore a checkpoint with the rows of its moment and none written after', async () => {
    const branch = await newRoot();
    await plane.query(branch, 'neondb', 'CREATE TABLE public.events (id int); INSERT INTO public.events VALUES (1)');
    await plane.checkpoint(branch, 'snap-1');
    await plane.query(branch, 'neondb', 'INSERT INTO public.events VALUES (2)');
    await plane.createBranch('br-restored', { fromCheckpoint: 'snap-1', roles: [OWNER] });
    expect(await values('br-restored', 'SELECT id FROM public.events ORDER BY id')).toEqual([1]);
    expect(await values(branch, 'SELECT id FROM public.events ORDER BY id')).toEqual([1, 2]);
    await plane.resetBranch(branch, 'br-restored');
    expect(await values(branch, 'SELECT id FROM public.events ORDER BY id')).toEqual([1]);
    await plane.dropCheckpoint('snap-1');
    await expect(plane.dumpSchema({ checkpoint: 'snap-1' }, 'neondb')).rejects.toThrow(/no checkpoint/);
  });
});

describe('schema dumps', () => {
  it('are byte-identical for an unchanged branch, free of \\restrict and version lines, and show a change', async () => {
    const branch = await newRoot();
    await plane.query(branch, 'neondb', 'CREATE TABLE public.users (id int PRIMARY KEY, email text UNIQUE)');
    const first = await plane.dumpSchema({ branchId: branch }, 'neondb');
    const second = await plane.dumpSchema({ branchId: branch }, 'neondb');
    expect(second).toBe(first);
    expect(first).toContain('CREATE TABLE public.users (');
    expect(first).toContain('Owner: neondb_owner');
    expect(first).not.toMatch(/^\\|Dumped from|^SET |set_config/m);
    await plane.checkpoint(branch, 'fork-1');
    await plane.query(branch, 'neondb', 'ALTER TABLE public.users ADD COLUMN name text');
    expect(await plane.dumpSchema({ checkpoint: 'fork-1' }, 'neondb')).toBe(first);
    expect(await plane.dumpSchema({ branchId: branch }, 'neondb')).toContain('    name text');
    // The session is usable afterwards: pg_dump's transaction and search_path are gone.
    expect(await values(branch, "SELECT current_setting('search_path')")).toEqual(['public']);
  });
});

describe('anonymize', () => {
  const rule = (column_name: string, masking: Partial<MaskingRule>): MaskingRule => ({
    database_name: 'neondb',
    schema_name: 'public',
    table_name: 'people',
    column_name,
    ...masking,
  });

  async function seeded(): Promise<string> {
    const branch = await newRoot();
    await plane.query(
      branch,
      'neondb',
      `CREATE TABLE public.people (id serial PRIMARY KEY, email varchar(200) NOT NULL UNIQUE, first_name text,
         ssn text, age int, external_id uuid, note text);
       INSERT INTO public.people (email, first_name, ssn, age, external_id, note)
       SELECT 'user' || g || '@corp.example', 'Name' || g, '123-45-' || g, 40 + g, gen_random_uuid(), 'keep ' || g
         FROM generate_series(1, 25) g`,
    );
    return branch;
  }

  it('masks with anon functions and literal values, keeping types, uniqueness and unmasked columns', async () => {
    const branch = await seeded();
    const before = await plane.query(branch, 'neondb', 'SELECT * FROM public.people ORDER BY id');
    const result = await plane.anonymize(branch, [
      rule('email', { masking_function: 'anon.fake_email()' }),
      rule('first_name', { masking_function: 'anon.fake_first_name()' }),
      rule('ssn', { masking_value: "'REDACTED'" }),
      rule('age', { masking_function: 'anon.random_int_between(18, 30)' }),
      rule('external_id', { masking_function: 'anon.dummy_uuidv4()' }),
    ]);
    expect(result).toEqual({ maskedColumns: 5 });
    const after = await plane.query(branch, 'neondb', 'SELECT * FROM public.people ORDER BY id');
    expect(after).toHaveLength(before.length);
    for (const column of ['email', 'first_name', 'external_id']) {
      const originals = new Set(before.map((r) => r[column]));
      for (const row of after) {
        expect(row[column]).not.toBeNull();
        expect(originals.has(row[column])).toBe(false);
      }
    }
    expect(new Set(after.map((r) => r.email)).size).toBe(after.length);
    expect(after.every((r) => /^[^@\s]+@[^@\s]+$/.test(String(r.email)))).toBe(true);
    expect(after.every((r) => r.ssn === 'REDACTED')).toBe(true);
    expect(after.every((r) => typeof r.age === 'number' && r.age >= 18 && r.age <= 30)).toBe(true);
    expect(after.map((r) => [r.id, r.note])).toEqual(before.map((r) => [r.id, r.note]));
    const constraints = await values(
      branch,
      "SELECT conname FROM pg_constraint WHERE conrelid = 'public.people'::regclass AND contype IN ('p', 'u') ORDER BY 1",
    );
    expect(constraints).toEqual(['people_email_key', 'people_pkey']);
    expect(await values(branch, "SELECT count(*)::int FROM pg_namespace WHERE nspname = 'anon'")).toEqual([0]);
  });

  it('fails on an unknown anon function, naming it and the rule, and leaves the data as it was', async () => {
    const branch = await seeded();
    const before = await plane.query(branch, 'neondb', 'SELECT * FROM public.people ORDER BY id');
    await expect(
      plane.anonymize(branch, [
        rule('ssn', { masking_value: "'X'" }),
        rule('email', { masking_function: 'anon.fake_nonsense()' }),
      ]),
    ).rejects.toThrow('unknown masking function anon.fake_nonsense() in rule neondb.public.people.email');
    expect(await plane.query(branch, 'neondb', 'SELECT * FROM public.people ORDER BY id')).toEqual(before);
  });
});
