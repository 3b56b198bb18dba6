import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalNeon, startLocalNeon } from './index.js';
import { apiClient } from './test-client.js';

let neon: LocalNeon;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  neon = await startLocalNeon({ operationMs: 0, branchLimit: 40 });
  api = apiClient(neon);
});
afterEach(async () => {
  await neon.settle();
});
afterAll(async () => {
  expect(neon.contractViolations()).toEqual([]);
  await neon.close();
});

describe('create', () => {
  it('answers 201 CreatedBranch with endpoints, roles, databases and connection URIs on loopback', async () => {
    const res = await api.createBranch(
      { name: 'preview/pr-1' },
      { endpoints: [{ type: 'read_write' }], annotation_value: { 'github-pr-number': '1' } },
    );
    expect(res.status).toBe(201);
    const { branch, endpoints, operations, roles, databases, connection_uris } = res.body;
    expect(branch.id).toMatch(/^br-[a-z]+-[a-z]+-\d{6}$/);
    expect(branch).toMatchObject({
      name: 'preview/pr-1',
      parent_id: neon.defaultBranchId,
      current_state: 'init',
      default: false,
    });
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0].id).toMatch(/^ep-/);
    expect(operations.map((o: any) => o.action)).toEqual(['create_branch', 'start_compute']);
    expect(operations[0].status).toBe('running');
    expect(roles.map((r: any) => r.name)).toEqual(['neondb_owner']);
    expect(roles[0].password).toMatch(/^npg_/);
    expect(databases.map((d: any) => d.name)).toEqual(['neondb']);
    expect(connection_uris).toHaveLength(1);
    expect(connection_uris[0].connection_uri).toMatch(
      /^postgresql:\/\/neondb_owner:npg_[^@]+@127\.0\.0\.1:\d+\/neondb\?sslmode=disable$/,
    );
    const { host, pooler_host } = connection_uris[0].connection_parameters;
    expect(host).not.toBe(pooler_host);
    await neon.settle();
    const after = await api.getBranch(branch.id);
    expect(after.body.branch.current_state).toBe('ready');
    expect(after.body.annotation.value).toEqual({ 'github-pr-number': '1' });
  });

  it('omits connection_uris when the parent has more than one database', async () => {
    const parent = await api.createBranch({ name: 'two-dbs' });
    await neon.settle();
    const record = neon.state.branches.get(parent.body.branch.id)!;
    record.databases.push({ ...record.databases[0], id: 1, name: 'other' });
    const child = await api.createBranch(
      { name: 'two-dbs-child', parent_id: record.id },
      { endpoints: [{ type: 'read_write' }] },
    );
    expect(child.status).toBe(201);
    expect(child.body.databases.map((d: any) => d.name)).toEqual(['neondb', 'other']);
    expect(child.body.connection_uris).toBeUndefined();
  });

  it('names a branch after its id when no name is given, and omits connection_uris without an endpoint', async () => {
    const res = await api.call('POST', `${api.p}/branches`);
    expect(res.status).toBe(201);
    expect(res.body.branch.name).toBe(res.body.branch.id);
    expect(res.body.endpoints).toEqual([]);
    expect(res.body.connection_uris).toBeUndefined();
  });

  it('gives exactly one 201 among 20 concurrent creates of one name; the rest are 409 BRANCH_ALREADY_EXISTS', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.createBranch({ name: 'race' })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const conflict = answers.find((a) => a.status === 409)!;
    expect(conflict.body).toMatchObject({
      code: 'BRANCH_ALREADY_EXISTS',
      message: 'branch already exists; branch_name:"race"',
    });
    expect([...neon.state.branches.values()].filter((b) => b.name === 'race')).toHaveLength(1);
  });

  it('answers 423 to a mutation while operations run, then accepts it once they finished', async () => {
    neon.setOperationMs(60_000);
    try {
      const first = await api.createBranch({ name: 'locked-1' });
      expect(first.status).toBe(201);
      const second = await api.createBranch({ name: 'locked-2' });
      expect(second.status).toBe(423);
      expect(second.body.message).toBe('project already has running operations, scheduling of new ones is prohibited');
      const read = await api.getBranch(first.body.branch.id);
      expect(read.status).toBe(200);
      neon.setOperationMs(0);
      await neon.settle();
      const op = await api.getOperation(first.body.operations[0].id);
      expect(op.body.operation.status).toBe('finished');
      expect((await api.createBranch({ name: 'locked-2' })).status).toBe(201);
    } finally {
      neon.setOperationMs(0);
    }
  });

  it('refuses bad names, unknown parents and point-in-time parents', async () => {
    expect((await api.createBranch({ name: '' })).status).toBe(400);
    expect((await api.createBranch({ name: 'x'.repeat(257) })).status).toBe(400);
    expect((await api.createBranch({ parent_id: 'br-missing-branch-000000' })).status).toBe(404);
    const pit = await api.createBranch({ parent_lsn: '0/1' });
    expect(pit.status).toBe(400);
    expect(pit.body.message).toBe('point-in-time not supported locally');
  });

  it('accepts a parent_lsn equal to a kept fork point of the parent', async () => {
    const child = await api.createBranch({ name: 'fork-source' });
    await neon.settle();
    const res = await api.createBranch({ name: 'at-fork', parent_lsn: child.body.branch.parent_lsn });
    expect(res.status).toBe(201);
    expect(res.body.branch.parent_lsn).toBe(child.body.branch.parent_lsn);
  });
});

describe('delete', () => {
  it('answers 200 {branch, operations} and then 204 for the missing branch', async () => {
    const created = await api.createBranch({ name: 'to-delete' }, { endpoints: [{ type: 'read_write' }] });
    await neon.settle();
    const res = await api.deleteBranch(created.body.branch.id);
    expect(res.status).toBe(200);
    expect(res.body.branch.id).toBe(created.body.branch.id);
    expect(res.body.operations.map((o: any) => o.action)).toEqual(['suspend_compute', 'delete_timeline']);
    await neon.settle();
    const again = await api.deleteBranch(created.body.branch.id);
    expect(again.status).toBe(204);
    expect(again.body).toBeUndefined();
  });

  it('refuses to delete the default branch, a protected branch, and a parent branch', async () => {
    const def = await api.deleteBranch(neon.defaultBranchId);
    expect(def.status).toBe(400);
    expect(def.body.message).toMatch(/default/);
    const prot = await api.createBranch({ name: 'protected-one', protected: true });
    await neon.settle();
    const protRes = await api.deleteBranch(prot.body.branch.id);
    expect(protRes.status).toBe(400);
    expect(protRes.body.message).toMatch(/protected/);
    const parent = await api.createBranch({ name: 'parent-one' });
    await neon.settle();
    await api.createBranch({ name: 'child-one', parent_id: parent.body.branch.id });
    await neon.settle();
    const parentRes = await api.deleteBranch(parent.body.branch.id);
    expect(parentRes.status).toBe(400);
    expect(parentRes.body.message).toMatch(/child/);
    expect(neon.state.branches.has(parent.body.branch.id)).toBe(true);
  });
});

describe('limits', () => {
  it('answers 422 BRANCHES_LIMIT_EXCEEDED past the branch limit and ROOT_BRANCHES_LIMIT_EXCEEDED for schema-only', async () => {
    const limited = await startLocalNeon({ operationMs: 0, branchLimit: 3, rootBranchLimit: 2 });
    const client = apiClient(limited);
    try {
      const schemaOnly = await client.createBranch({ name: 'root-1', init_source: 'schema-only' });
      expect(schemaOnly.status).toBe(201);
      expect(schemaOnly.body.branch.parent_id).toBeUndefined();
      await limited.settle();
      const root2 = await client.createBranch({ name: 'root-2', init_source: 'schema-only' });
      expect(root2.status).toBe(422);
      expect(root2.body.code).toBe('ROOT_BRANCHES_LIMIT_EXCEEDED');
      expect((await client.createBranch({ name: 'b-3' })).status).toBe(201);
      await limited.settle();
      const over = await client.createBranch({ name: 'b-4' });
      expect(over.status).toBe(422);
      expect(over.body.code).toBe('BRANCHES_LIMIT_EXCEEDED');
      expect(limited.contractViolations()).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});

describe('list and count', () => {
  it('matches search as a substring of name or id and always returns annotations', async () => {
    for (const name of ['pr-1', 'pr-10', 'pr-2']) {
      await api.createBranch({ name: `search/${name}` });
      await neon.settle();
    }
    const res = await api.listBranches({ search: 'search/pr-1' });
    expect(res.status).toBe(200);
    expect(res.body.branches.map((b: any) => b.name).sort()).toEqual(['search/pr-1', 'search/pr-10']);
    expect(res.body.annotations).toEqual({});
    const byId = await api.listBranches({ search: res.body.branches[0].id.slice(3, 15) });
    expect(byId.body.branches.map((b: any) => b.id)).toContain(res.body.branches[0].id);
    const count = await api.call('GET', `${api.p}/branches/count`, { query: { search: 'search/pr-' } });
    expect(count.body).toEqual({ count: 3 });
  });

  it('pages with pagination.next only while more remain, in the requested order', async () => {
    const all = await api.listBranches({ sort_by: 'name', sort_order: 'asc' });
    const names = all.body.branches.map((b: any) => b.name);
    expect(names).toEqual([...names].sort());
    expect(all.body.pagination).toEqual({ sort_by: 'name', sort_order: 'asc' });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await api.listBranches({ sort_by: 'name', sort_order: 'asc', limit: 3, cursor });
      seen.push(...page.body.branches.map((b: any) => b.name));
      cursor = page.body.pagination.next;
      pages++;
    } while (cursor);
    expect(seen).toEqual(names);
    expect(pages).toBe(Math.ceil(names.length / 3));
    expect((await api.listBranches({ limit: 0 })).status).toBe(400);
  });
});

describe('update', () => {
  it('validates expires_at: time zone required, in the future, at most 30 days, not with protected', async () => {
    const b = await api.createBranch({ name: 'expiring' });
    await neon.settle();
    const id = b.body.branch.id;
    const patch = (branch: Record<string, unknown>) =>
      api.call('PATCH', `${api.p}/branches/${id}`, { body: { branch } });
    const soon = new Date(Date.now() + 3_600_000);
    expect((await patch({ expires_at: soon.toISOString().replace('Z', '') })).status).toBe(400);
    expect((await patch({ expires_at: new Date(Date.now() - 60_000).toISOString() })).status).toBe(400);
    expect((await patch({ expires_at: new Date(Date.now() + 31 * 86_400_000).toISOString() })).status).toBe(400);
    expect((await patch({ expires_at: `${soon.toISOString().slice(0, 19)}Z+01:00` })).status).toBe(400);
    const ok = await patch({ expires_at: soon.toISOString() });
    expect(ok.status).toBe(200);
    expect(ok.body.branch.expires_at).toBe(soon.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(ok.body.branch.ttl_interval_seconds).toBeGreaterThan(3590);
    expect((await patch({ protected: true })).status).toBe(400);
    expect((await api.createBranch({ name: 'child-of-expiring', parent_id: id })).status).toBe(400);
    expect((await api.call('POST', `${api.p}/branches/${id}/set_as_default`)).status).toBe(400);
    const cleared = await patch({ expires_at: null });
    expect(cleared.body.branch.expires_at).toBeUndefined();
    const renamed = await patch({ name: 'expiring-renamed' });
    expect(renamed.body.branch.name).toBe('expiring-renamed');
    expect((await patch({ name: 'main' })).status).toBe(409);
  });

  it('deletes a branch once its expires_at has passed', async () => {
    const b = await api.createBranch({ name: 'short-lived', expires_at: new Date(Date.now() + 60_000).toISOString() });
    expect(b.status).toBe(201);
    await neon.settle();
    expect((await api.getBranch(b.body.branch.id)).status).toBe(200);
    neon.state.branches.get(b.body.branch.id)!.expiresAt = new Date(Date.now() - 1000).toISOString();
    expect((await api.getBranch(b.body.branch.id)).status).toBe(404);
    expect(neon.state.branchByName('short-lived')).toBeUndefined();
  });

  it('rejects expires_at on create together with protected, and on the default branch', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    expect((await api.createBranch({ name: 'p-exp', protected: true, expires_at: inAnHour })).status).toBe(400);
    const res = await api.call('PATCH', `${api.p}/branches/${neon.defaultBranchId}`, {
      body: { branch: { expires_at: inAnHour } },
    });
    expect(res.status).toBe(400);
  });
});

describe('restore and set_as_default', () => {
  it('resets a branch from its parent keeping its id, and preserves the old state under a new name', async () => {
    const child = await api.createBranch({ name: 'reset-me' });
    await neon.settle();
    const id = child.body.branch.id;
    const res = await api.call('POST', `${api.p}/branches/${id}/restore`, {
      body: { source_branch_id: neon.defaultBranchId, preserve_under_name: 'reset-me-old' },
    });
    expect(res.status).toBe(200);
    expect(res.body.branch.id).toBe(id);
    expect(res.body.branch.last_reset_at).toBeDefined();
    expect(res.body.branch.parent_lsn).not.toBe(child.body.branch.parent_lsn);
    await neon.settle();
    expect(neon.state.branchByName('reset-me-old')).toBeDefined();
    const pit = await api.call('POST', `${api.p}/branches/${id}/restore`, {
      body: { source_branch_id: neon.defaultBranchId, source_lsn: '0/1' },
    });
    expect(pit.status).toBe(400);
  });

  it('moves the default flag', async () => {
    const b = await api.createBranch({ name: 'next-default' });
    await neon.settle();
    const old = neon.defaultBranchId;
    const res = await api.call('POST', `${api.p}/branches/${b.body.branch.id}/set_as_default`);
    expect(res.status).toBe(200);
    expect(res.body.branch.default).toBe(true);
    expect(neon.defaultBranchId).toBe(b.body.branch.id);
    await api.call('POST', `${api.p}/branches/${old}/set_as_default`);
    expect(neon.defaultBranchId).toBe(old);
  });
});
