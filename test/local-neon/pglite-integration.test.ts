/**
 * The control plane with the real data plane (PGlite): connection URIs that work, passwords that are
 * checked, compare_schema at the fork point. Runs once `pglite-data-plane.ts` exists.
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalNeon, startLocalNeon } from './index.js';
import { apiClient } from './test-client.js';

const available = existsSync(new URL('./pglite-data-plane.ts', import.meta.url));

async function sql(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 100_000 }); // a cold PGlite start: 30 s and more on a loaded 2-core machine
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!available)('with the PGlite data plane', () => {
  let neon: LocalNeon;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    neon = await startLocalNeon({ dataPlane: 'pglite', operationMs: 0 });
    api = apiClient(neon);
  });
  afterAll(async () => {
    expect(neon.contractViolations()).toEqual([]);
    await neon?.close();
  });

  it('serves a new branch on its URIs, refuses a wrong password, and diffs against the fork point', async () => {
    const created = await api.createBranch({ name: 'pg-child' }, { endpoints: [{ type: 'read_write' }] });
    expect(created.status).toBe(201);
    await neon.settle();
    const { connection_uri } = created.body.connection_uris[0];
    await sql(connection_uri, 'CREATE TABLE public.widgets (id integer PRIMARY KEY, name text)');
    const pooled = await api.call('GET', `${api.p}/connection_uri`, {
      query: { database_name: 'neondb', role_name: 'neondb_owner', branch_id: created.body.branch.id, pooled: true },
    });
    expect(await sql(pooled.body.uri, 'SELECT count(*)::int AS n FROM public.widgets')).toEqual([{ n: 0 }]);
    const wrong = new URL(connection_uri);
    wrong.password = 'npg_wrong';
    await expect(sql(wrong.toString(), 'SELECT 1')).rejects.toThrow();

    const diff = await api.call('GET', `${api.p}/branches/${created.body.branch.id}/compare_schema`, {
      query: { db_name: 'neondb', base_branch_id: neon.defaultBranchId, base_lsn: created.body.branch.parent_lsn },
    });
    expect(diff.status).toBe(200);
    expect(diff.body.diff).toMatch(/^--- a\/neondb\n\+\+\+ b\/neondb\n/);
    expect(diff.body.diff).toContain('+CREATE TABLE public.widgets');
  });

  it('keeps the connection string through a reset from the parent and a finalized snapshot restore', async () => {
    const created = await api.createBranch({ name: 'pg-restore' }, { endpoints: [{ type: 'read_write' }] });
    await neon.settle();
    const id = created.body.branch.id;
    const uri = created.body.connection_uris[0].connection_uri;
    await sql(uri, 'CREATE TABLE public.notes (body text); INSERT INTO public.notes VALUES ($$v1$$)');
    const snap = await api.call('POST', `${api.p}/branches/${id}/snapshot`, { query: { name: 'v1' } });
    await neon.settle();
    await sql(uri, 'UPDATE public.notes SET body = $$v2$$');

    const restored = await api.call('POST', `${api.p}/snapshots/${snap.body.snapshot.id}/restore`, {
      body: { finalize_restore: true },
    });
    expect(restored.status).toBe(200);
    await neon.settle();
    expect(restored.body.branch.id).not.toBe(id);
    expect(await sql(uri, 'SELECT body FROM public.notes')).toEqual([{ body: 'v1' }]);

    const child = await api.createBranch({ name: 'pg-reset' }, { endpoints: [{ type: 'read_write' }] });
    await neon.settle();
    const childUri = child.body.connection_uris[0].connection_uri;
    await sql(childUri, 'CREATE TABLE public.scratch (x int)');
    const res = await api.call('POST', `${api.p}/branches/${child.body.branch.id}/restore`, {
      body: { source_branch_id: neon.defaultBranchId },
    });
    expect(res.status).toBe(200);
    await neon.settle();
    expect(await sql(childUri, "SELECT to_regclass('public.scratch') AS t")).toEqual([{ t: null }]);
  });
});
