import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDataPlane } from './fake-data-plane.js';
import { type LocalNeon, startLocalNeon } from './index.js';
import { apiClient } from './test-client.js';

let neon: LocalNeon;
let api: ReturnType<typeof apiClient>;
let fake: FakeDataPlane;

beforeAll(async () => {
  neon = await startLocalNeon({ operationMs: 0 });
  api = apiClient(neon);
  fake = neon.dataPlane as FakeDataPlane;
});
afterAll(async () => {
  expect(neon.contractViolations()).toEqual([]);
  await neon.close();
});

async function branchWithEndpoint(name: string): Promise<string> {
  const res = await api.createBranch({ name }, { endpoints: [{ type: 'read_write' }] });
  await neon.settle();
  return res.body.branch.id;
}

describe('snapshots', () => {
  it('are created from query parameters, listed, renamed and deleted with 202', async () => {
    const source = await branchWithEndpoint('snap-source');
    const expires = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const res = await api.call('POST', `${api.p}/branches/${source}/snapshot`, {
      query: { name: 'nightly', expires_at: expires },
    });
    expect(res.status).toBe(200);
    expect(res.body.snapshot).toMatchObject({
      name: 'nightly',
      source_branch_id: source,
      expires_at: expires,
      manual: true,
    });
    await neon.settle();
    const list = await api.call('GET', `${api.p}/snapshots`);
    expect(list.body.snapshots.map((s: any) => s.id)).toContain(res.body.snapshot.id);
    const renamed = await api.call('PATCH', `${api.p}/snapshots/${res.body.snapshot.id}`, {
      body: { snapshot: { name: 'weekly' } },
    });
    expect(renamed.body.snapshot.name).toBe('weekly');
    const del = await api.call('DELETE', `${api.p}/snapshots/${res.body.snapshot.id}`);
    expect(del.status).toBe(202);
    expect(del.body.operations).toHaveLength(1);
    await neon.settle();
    expect((await api.call('DELETE', `${api.p}/snapshots/${res.body.snapshot.id}`)).status).toBe(404);
    const pit = await api.call('POST', `${api.p}/branches/${source}/snapshot`, { query: { lsn: '0/1' } });
    expect(pit.status).toBe(400);
  });

  it('restore into a new branch (restored), and finalize gives it the target name and a NEW id', async () => {
    const target = await branchWithEndpoint('prod-like');
    fake.setSchema(target, 'neondb', 'CREATE TABLE t (a int);\n');
    const snap = await api.call('POST', `${api.p}/branches/${target}/snapshot`, {
      query: { name: 'before-migration' },
    });
    await neon.settle();
    fake.setSchema(target, 'neondb', 'CREATE TABLE t (a int, b int);\n');
    const restored = await api.call('POST', `${api.p}/snapshots/${snap.body.snapshot.id}/restore`, {
      body: { name: 'preview-restore', finalize_restore: false },
    });
    expect(restored.status).toBe(200);
    expect(restored.body.branch).toMatchObject({
      name: 'preview-restore',
      restore_status: 'restored',
      restored_from: snap.body.snapshot.id,
    });
    expect(restored.body.endpoints).toHaveLength(1);
    await neon.settle();
    const restoredId = restored.body.branch.id;
    expect(fake.branches.get(restoredId)?.get('neondb')).toBe('CREATE TABLE t (a int);\n');
    const targetEndpoint = neon.state.endpointsOf(target)[0].id;

    const fin = await api.call('POST', `${api.p}/branches/${restoredId}/finalize_restore`, {
      body: { name: 'prod-like-old' },
    });
    expect(fin.status).toBe(200);
    expect(fin.body.operations.length).toBeGreaterThan(0);
    await neon.settle();
    expect((await api.getBranch(restoredId)).status).toBe(404);
    const byName = (await api.listBranches({ search: 'prod-like' })).body.branches;
    const current = byName.find((b: any) => b.name === 'prod-like');
    expect(current.id).not.toBe(restoredId);
    expect(current.id).not.toBe(target);
    expect(current).toMatchObject({ restore_status: 'finalized', restored_as: target });
    expect(byName.find((b: any) => b.id === target).name).toBe('prod-like-old');
    const endpoints = (await api.call('GET', `${api.p}/branches/${current.id}/endpoints`)).body.endpoints;
    expect(endpoints.map((e: any) => e.id)).toEqual([targetEndpoint]);
    expect(fake.branches.get(current.id)?.get('neondb')).toBe('CREATE TABLE t (a int);\n');
    expect((await api.call('POST', `${api.p}/branches/${current.id}/finalize_restore`)).status).toBe(400);
  });

  it('finalize_restore: true in the restore call replaces the target at once', async () => {
    const target = await branchWithEndpoint('one-step');
    const snap = await api.call('POST', `${api.p}/branches/${target}/snapshot`);
    await neon.settle();
    const res = await api.call('POST', `${api.p}/snapshots/${snap.body.snapshot.id}/restore`, {
      body: { finalize_restore: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.branch).toMatchObject({ name: 'one-step', restore_status: 'finalized', restored_as: target });
    expect(res.body.branch.id).not.toBe(target);
    await neon.settle();
    expect(neon.state.branches.get(target)?.name).toMatch(/^one-step_old_/);
    expect(neon.state.branchByName('one-step')?.id).toBe(res.body.branch.id);
  });
});
