import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDataPlane } from './fake-data-plane.js';
import { type LocalNeon, startLocalNeon } from './index.js';
import { schemaDiff } from './routes/schema.js';
import { apiClient } from './test-client.js';

let neon: LocalNeon;
let api: ReturnType<typeof apiClient>;
let fake: FakeDataPlane;

const V1 = 'CREATE TABLE public.users (\n    id integer NOT NULL\n);\n';
const V2 = 'CREATE TABLE public.users (\n    id integer NOT NULL,\n    email text\n);\n';
const V3 =
  'CREATE TABLE public.users (\n    id integer NOT NULL\n);\n\nCREATE TABLE public.audit (\n    at timestamp\n);\n';

beforeAll(async () => {
  neon = await startLocalNeon({ operationMs: 0 });
  api = apiClient(neon);
  fake = neon.dataPlane as FakeDataPlane;
  fake.setSchema(neon.defaultBranchId, 'neondb', V1);
});
afterAll(async () => {
  expect(neon.contractViolations()).toEqual([]);
  await neon.close();
});

describe('schema and compare_schema', () => {
  it('diff is empty when equal and a unified diff with a/<db> b/<db> headers otherwise', async () => {
    const child = (await api.createBranch({ name: 'schema-child' })).body.branch;
    await neon.settle();
    const compare = (query: Record<string, string>) =>
      api.call('GET', `${api.p}/branches/${child.id}/compare_schema`, { query: { db_name: 'neondb', ...query } });
    expect((await compare({})).body).toEqual({ diff: '' });
    fake.setSchema(child.id, 'neondb', V2);
    const changed = await compare({ base_branch_id: neon.defaultBranchId });
    expect(changed.body.diff).toBe(schemaDiff('neondb', V1, V2));
    expect(changed.body.diff.startsWith('--- a/neondb\n+++ b/neondb\n@@ ')).toBe(true);
    expect(changed.body.diff).toContain('+    email text\n');

    // The parent moves on: against its head the diff shows that too; against the fork point it does not.
    fake.setSchema(neon.defaultBranchId, 'neondb', V3);
    const head = await compare({});
    expect(head.body.diff).toContain('-CREATE TABLE public.audit (');
    const fork = await compare({ base_lsn: child.parent_lsn });
    expect(fork.body.diff).toBe(schemaDiff('neondb', V1, V2));
    const forkByTime = await compare({ base_timestamp: child.parent_timestamp });
    expect(forkByTime.body.diff).toBe(fork.body.diff);
  });

  it('answers 400 for other points in time, missing db_name and branches without a parent', async () => {
    const child = (await api.createBranch({ name: 'schema-pit' })).body.branch;
    await neon.settle();
    const pit = await api.call('GET', `${api.p}/branches/${child.id}/compare_schema`, {
      query: { db_name: 'neondb', base_lsn: '0/1' },
    });
    expect(pit.status).toBe(400);
    expect(pit.body.message).toBe('point-in-time not supported locally');
    expect((await api.call('GET', `${api.p}/branches/${child.id}/compare_schema`)).status).toBe(400);
    const root = await api.call('GET', `${api.p}/branches/${neon.defaultBranchId}/compare_schema`, {
      query: { db_name: 'neondb' },
    });
    expect(root.status).toBe(400);
    expect(
      (await api.call('GET', `${api.p}/branches/${child.id}/compare_schema`, { query: { db_name: 'other' } })).status,
    ).toBe(404);
  });

  it('GET /schema returns {sql} of the head', async () => {
    const res = await api.call('GET', `${api.p}/branches/${neon.defaultBranchId}/schema`, {
      query: { db_name: 'neondb' },
    });
    expect(res.body).toEqual({ sql: V3 });
  });

  it('a schema-only branch copies the schema of its source', async () => {
    const res = await api.createBranch(
      { name: 'schema-only', init_source: 'schema-only' },
      { endpoints: [{ type: 'read_write' }] },
    );
    expect(res.status).toBe(201);
    await neon.settle();
    const created = fake.calls.find((c) => c.method === 'createBranch' && c.args[0] === res.body.branch.id);
    expect(created?.args[1]).toMatchObject({ schemaOnly: true });
    const sql = await api.call('GET', `${api.p}/branches/${res.body.branch.id}/schema`, {
      query: { db_name: 'neondb' },
    });
    expect(sql.body.sql).toBe(V3);
  });
});
