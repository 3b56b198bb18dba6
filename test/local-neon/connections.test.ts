import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalNeon, startLocalNeon } from './index.js';
import { apiClient } from './test-client.js';

let neon: LocalNeon;
let api: ReturnType<typeof apiClient>;
let branchId: string;

beforeAll(async () => {
  neon = await startLocalNeon({ operationMs: 0 });
  api = apiClient(neon);
  const res = await api.createBranch({ name: 'conn' }, { endpoints: [{ type: 'read_write' }] });
  branchId = res.body.branch.id;
  await neon.settle();
});
afterAll(async () => {
  expect(neon.contractViolations()).toEqual([]);
  await neon.close();
});

describe('roles, databases and passwords', () => {
  it('lists and gets roles and databases, 404 for unknown ones', async () => {
    const roles = await api.call('GET', `${api.p}/branches/${branchId}/roles`);
    expect(roles.body.roles.map((r: any) => r.name)).toEqual(['neondb_owner']);
    expect(roles.body.roles[0].password).toBeUndefined();
    expect((await api.call('GET', `${api.p}/branches/${branchId}/roles/neondb_owner`)).body.role.name).toBe(
      'neondb_owner',
    );
    expect((await api.call('GET', `${api.p}/branches/${branchId}/roles/nobody`)).status).toBe(404);
    const dbs = await api.call('GET', `${api.p}/branches/${branchId}/databases`);
    expect(dbs.body.databases.map((d: any) => d.name)).toEqual(['neondb']);
    const db = await api.call('GET', `${api.p}/branches/${branchId}/databases/neondb`);
    expect(db.body.database).toMatchObject({ name: 'neondb', owner_name: 'neondb_owner', branch_id: branchId });
    expect((await api.call('GET', `${api.p}/branches/${branchId}/databases/nope`)).status).toBe(404);
  });

  it('reveals the same password the parent has, and a reset one after its operation finished', async () => {
    const reveal = await api.call('GET', `${api.p}/branches/${branchId}/roles/neondb_owner/reveal_password`);
    expect(reveal.status).toBe(200);
    const parentPw = neon.state.defaultBranch().roles[0].password;
    expect(reveal.body.password).toBe(parentPw);
    const reset = await api.call('POST', `${api.p}/branches/${branchId}/roles/neondb_owner/reset_password`);
    expect(reset.status).toBe(200);
    expect(reset.body.role.password).toMatch(/^npg_/);
    expect(reset.body.role.password).not.toBe(parentPw);
    await neon.settle();
    const after = await api.call('GET', `${api.p}/branches/${branchId}/roles/neondb_owner/reveal_password`);
    expect(after.body.password).toBe(reset.body.role.password);
    expect((await api.call('GET', `${api.p}/branches/${branchId}/roles/nobody/reveal_password`)).status).toBe(404);
  });

  it('gives children of a protected branch new passwords', async () => {
    const parent = await api.createBranch({ name: 'prot-parent', protected: true });
    await neon.settle();
    const child = await api.createBranch({ name: 'prot-child', parent_id: parent.body.branch.id });
    await neon.settle();
    expect(child.body.roles[0].password).not.toBe(parent.body.roles[0].password);
  });

  it('answers 412 to reveal_password when the project does not store passwords', async () => {
    const noStore = await startLocalNeon({ operationMs: 0, storePasswords: false });
    try {
      const client = apiClient(noStore);
      const res = await client.call(
        'GET',
        `${client.p}/branches/${noStore.defaultBranchId}/roles/neondb_owner/reveal_password`,
      );
      expect(res.status).toBe(412);
      expect(res.body.message).toBe('Storing passwords is disabled');
      const project = await client.call('GET', client.p);
      expect(project.body.project.store_passwords).toBe(false);
      expect(noStore.contractViolations()).toEqual([]);
    } finally {
      await noStore.close();
    }
  });
});

describe('connection_uri and endpoints', () => {
  it('returns direct and pooled URIs on two loopback ports', async () => {
    const q = { database_name: 'neondb', role_name: 'neondb_owner', branch_id: branchId };
    const direct = await api.call('GET', `${api.p}/connection_uri`, { query: q });
    const pooled = await api.call('GET', `${api.p}/connection_uri`, { query: { ...q, pooled: true } });
    expect(direct.status).toBe(200);
    const d = new URL(direct.body.uri);
    const p = new URL(pooled.body.uri);
    expect(d.hostname).toBe('127.0.0.1');
    expect(p.hostname).toBe('127.0.0.1');
    expect(d.port).not.toBe(p.port);
    expect(d.searchParams.get('sslmode')).toBe('disable');
    expect((await api.call('GET', `${api.p}/connection_uri`, { query: { role_name: 'neondb_owner' } })).status).toBe(
      400,
    );
    expect((await api.call('GET', `${api.p}/connection_uri`, { query: { ...q, role_name: 'x' } })).status).toBe(404);
    const def = await api.call('GET', `${api.p}/connection_uri`, {
      query: { database_name: 'neondb', role_name: 'neondb_owner' },
    });
    expect(def.status).toBe(200);
  });

  it('creates, lists, updates, suspends, starts, restarts and deletes endpoints', async () => {
    const second = await api.call('POST', `${api.p}/endpoints`, {
      body: { endpoint: { branch_id: branchId, type: 'read_write' } },
    });
    expect(second.status).toBe(409);
    const ro = await api.call('POST', `${api.p}/endpoints`, {
      body: { endpoint: { branch_id: branchId, type: 'read_only' } },
    });
    expect(ro.status).toBe(201);
    expect(ro.body.operations[0].action).toBe('start_compute');
    await neon.settle();
    const id = ro.body.endpoint.id;
    const list = await api.call('GET', `${api.p}/branches/${branchId}/endpoints`);
    expect(list.body.endpoints.map((e: any) => e.type).sort()).toEqual(['read_only', 'read_write']);
    expect((await api.call('GET', `${api.p}/endpoints`)).body.endpoints.length).toBeGreaterThanOrEqual(3);
    const patched = await api.call('PATCH', `${api.p}/endpoints/${id}`, {
      body: { endpoint: { suspend_timeout_seconds: 600 } },
    });
    expect(patched.body.endpoint.suspend_timeout_seconds).toBe(600);
    await neon.settle();
    expect(
      (await api.call('PATCH', `${api.p}/endpoints/${id}`, { body: { endpoint: { suspend_timeout_seconds: 5 } } }))
        .status,
    ).toBe(400);
    await api.call('POST', `${api.p}/endpoints/${id}/suspend`);
    await neon.settle();
    expect((await api.call('GET', `${api.p}/endpoints/${id}`)).body.endpoint.current_state).toBe('idle');
    await api.call('POST', `${api.p}/endpoints/${id}/start`);
    await neon.settle();
    expect((await api.call('GET', `${api.p}/endpoints/${id}`)).body.endpoint.current_state).toBe('active');
    const restart = await api.call('POST', `${api.p}/endpoints/${id}/restart`);
    expect(restart.body.operations.map((o: any) => o.action)).toEqual(['suspend_compute', 'start_compute']);
    await neon.settle();
    expect((await api.call('DELETE', `${api.p}/endpoints/${id}`)).status).toBe(200);
    await neon.settle();
    expect((await api.call('DELETE', `${api.p}/endpoints/${id}`)).status).toBe(204);
    expect((await api.call('GET', `${api.p}/endpoints/${id}`)).status).toBe(404);
  });
});
