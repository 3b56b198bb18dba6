/** anonymize and snapshot through dist/index.js on the local Neon (real Postgres per branch). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, startWorld, type World } from './fixtures.js';
import { pullRequestEvent } from './run-action.js';

let world: World;
const originals = [
  { id: 1, email: 'ada@example.com', name: 'Ada', phone: '555-0100', age: 36 },
  { id: 2, email: 'alan@example.com', name: 'Alan', phone: '555-0101', age: 41 },
  { id: 3, email: 'grace@example.com', name: 'Grace', phone: '555-0102', age: 85 },
];
beforeAll(async () => {
  world = await startWorld();
  const values = originals.map((o) => `(${o.id}, '${o.email}', '${o.name}', '${o.phone}', ${o.age})`).join(', ');
  await world.neon.dataPlane.query(
    world.neon.defaultBranchId,
    'neondb',
    `CREATE TABLE customers (id int PRIMARY KEY, email text UNIQUE NOT NULL, name text, phone text, age int);
     INSERT INTO customers VALUES ${values};`,
  );
});
afterAll(async () => {
  await world?.close();
});

const rules = `
- table_name: customers
  column_name: email
  masking_function: anon.fake_email()
- table_name: customers
  column_name: name
  masking_function: anon.fake_first_name()
- table_name: customers
  column_name: age
  masking_function: anon.random_int_between(18, 30)
- table_name: customers
  column_name: phone
  masking_value: "'REDACTED'"`;

describe('anonymize', () => {
  it('creates a masked branch: masked values are non-null, typed and new; values land exactly; the rest holds', async () => {
    const event = pullRequestEvent(60, 'masked');
    const run = await world.run({ command: 'anonymize', 'masking-rules': rules }, { event });
    expect(run.code, run.output).toBe(0);
    expect(run.outputs['branch-name']).toBe('preview/pr-60-masked-anon');
    expect(run.outputs['anonymization-status']).toBe('anonymized');
    expect(run.outputs.created).toBe('true');
    const rows = (await query(
      run.outputs['db-url']!,
      'SELECT id, email, name, phone, age, pg_typeof(age)::text AS age_type FROM customers ORDER BY id',
    )) as {
      id: number;
      email: string;
      name: string;
      phone: string;
      age: number;
      age_type: string;
    }[];
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
    for (const r of rows) {
      expect(r.email).toBeTruthy();
      expect(r.name).toBeTruthy();
      expect(originals.map((o) => o.email)).not.toContain(r.email);
      expect(originals.map((o) => o.name)).not.toContain(r.name);
      expect(r.phone).toBe('REDACTED');
      expect(r.age_type).toBe('integer');
      expect(r.age).toBeGreaterThanOrEqual(18);
      expect(r.age).toBeLessThanOrEqual(30);
    }
    expect(new Set(rows.map((r) => r.email)).size).toBe(rows.length);
    // the parent keeps its data
    const parent = await world.neon.dataPlane.query(
      world.neon.defaultBranchId,
      'neondb',
      'SELECT email FROM customers ORDER BY id',
    );
    expect(parent.map((r) => r.email)).toEqual(originals.map((o) => o.email));
  });

  it('masks an existing anonymized branch again with new rules (created=false)', async () => {
    const event = pullRequestEvent(60, 'masked');
    const run = await world.run(
      {
        command: 'anonymize',
        'masking-rules': '- {table_name: customers, column_name: phone, masking_value: "\'HIDDEN\'"}',
      },
      { event },
    );
    expect(run.code, run.output).toBe(0);
    expect(run.outputs.created).toBe('false');
    const rows = await query(run.outputs['db-url']!, 'SELECT DISTINCT phone FROM customers');
    expect(rows).toEqual([{ phone: 'HIDDEN' }]);
  });

  it('sets no URL when the masking fails, and removes the branch it made', async () => {
    const event = pullRequestEvent(61, 'broken');
    const run = await world.run(
      {
        command: 'anonymize',
        'masking-rules': '- {table_name: customers, column_name: email, masking_function: anon.no_such_function()}',
      },
      { event },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::Anonymization .* ended in "error": .*no_such_function/);
    expect(run.outputs['db-url']).toBeUndefined();
    expect(run.outputs.password).toBeUndefined();
    expect(run.outputs['anonymization-status']).toBeUndefined();
    await world.neon.settle();
    expect([...world.neon.state.branches.values()].some((b) => b.name === 'preview/pr-61-broken-anon')).toBe(false);
  });
});

describe('snapshot', () => {
  it('restores the rows of its moment and none written after; finalize keeps the name with a new id', async () => {
    await world.neon.dataPlane.query(world.neon.defaultBranchId, 'neondb', 'CREATE TABLE ledger (n int)');
    const staging = await world.run({ command: 'create-branch', 'branch-name': 'staging' });
    expect(staging.code, staging.output).toBe(0);
    await query(staging.outputs['db-url']!, 'INSERT INTO ledger VALUES (1), (2)');

    const snap = await world.run({
      command: 'snapshot',
      'branch-name': 'staging',
      name: 'before-deploy',
      'expires-in': '7d',
    });
    expect(snap.code, snap.output).toBe(0);
    expect(snap.outputs['snapshot-name']).toBe('before-deploy');
    await query(staging.outputs['db-url']!, 'INSERT INTO ledger VALUES (3)');

    const restored = await world.run({ command: 'snapshot', 'snapshot-action': 'restore', name: 'before-deploy' });
    expect(restored.code, restored.output).toBe(0);
    expect(restored.outputs['branch-id']).not.toBe(staging.outputs['branch-id']);
    expect((await query(restored.outputs['db-url']!, 'SELECT n FROM ledger ORDER BY n')).map((r) => r.n)).toEqual([
      1, 2,
    ]);

    const finalized = await world.run({
      command: 'snapshot',
      'snapshot-action': 'restore',
      'snapshot-id': snap.outputs['snapshot-id']!,
      'target-branch': 'staging',
      finalize: 'true',
    });
    expect(finalized.code, finalized.output).toBe(0);
    expect(finalized.outputs['branch-name']).toBe('staging');
    expect(finalized.outputs['branch-id']).not.toBe(staging.outputs['branch-id']);
    expect(finalized.outputs['replaced-branch-id']).toBe(staging.outputs['branch-id']);
    expect((await query(finalized.outputs['db-url']!, 'SELECT n FROM ledger ORDER BY n')).map((r) => r.n)).toEqual([
      1, 2,
    ]);
  });

  it('lists, prunes with a dry run deleting nothing, and deletes by name', async () => {
    const list = await world.run({ command: 'snapshot', 'snapshot-action': 'list' });
    expect(list.code, list.output).toBe(0);
    const all = JSON.parse(list.outputs.snapshots!) as { id: string; name: string }[];
    expect(all.map((s) => s.name)).toContain('before-deploy');

    const dry = await world.run({
      command: 'snapshot',
      'snapshot-action': 'prune',
      'snapshot-pattern': 'before-*',
      'dry-run': 'true',
    });
    expect(dry.code, dry.output).toBe(0);
    expect(JSON.parse(dry.outputs.snapshots!).map((s: { name: string }) => s.name)).toEqual(['before-deploy']);
    expect(world.neon.state.snapshots.size).toBe(all.length);

    const del = await world.run({ command: 'snapshot', 'snapshot-action': 'delete', name: 'before-deploy' });
    expect(del.code, del.output).toBe(0);
    const after = await world.run({ command: 'snapshot', 'snapshot-action': 'list' });
    expect(JSON.parse(after.outputs.snapshots!).map((s: { name: string }) => s.name)).not.toContain('before-deploy');
  });
});
