import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../scripts/openapi-spec.mjs';
import { allContractViolations, ContractRecorder, rewriteNullable } from './contract.js';
import type { FakeDataPlane } from './fake-data-plane.js';
import { type LocalNeon, servedOperations, startLocalNeon } from './index.js';
import { apiClient } from './test-client.js';

describe('the contract recorder', () => {
  it('rewrites OpenAPI nullable into JSON Schema', () => {
    expect(rewriteNullable({ type: 'string', nullable: true })).toEqual({
      anyOf: [{ type: 'string' }, { type: 'null' }],
    });
    expect(rewriteNullable({ properties: { a: { $ref: '#/x', nullable: true } } })).toEqual({
      properties: { a: { anyOf: [{ $ref: '#/x' }, { type: 'null' }] } },
    });
  });

  it('flags a body that breaks its schema, a body on 204 and an undocumented operation', () => {
    const recorder = new ContractRecorder();
    const where = { method: 'GET', path: '/x' };
    const bad = recorder.record({ ...where, operationId: 'getProjectBranch', status: 200 }, { branch: { id: 'br-x' } });
    expect(bad?.errors.join('\n')).toMatch(/required property 'project_id'/);
    expect(recorder.record({ ...where, operationId: 'deleteProjectBranch', status: 204 }, { x: 1 })).toBeDefined();
    expect(recorder.record({ ...where, operationId: 'noSuchOperation', status: 200 }, {})).toBeDefined();
    expect(
      recorder.record({ ...where, operationId: 'getProjectOperation', status: 404 }, { code: '', message: 'm' }),
    ).toBeUndefined();
    expect(recorder.list()).toHaveLength(3);
  });

  it('makes close() fail when the server gave an answer that breaks the description', async () => {
    const neon = await startLocalNeon({ operationMs: 0 });
    const branch = neon.state.defaultBranch();
    branch.currentState = 42 as unknown as string;
    const api = apiClient(neon);
    expect((await api.getBranch(branch.id)).status).toBe(200);
    await neon.settle(); // each answer is checked just after it is sent
    expect(neon.contractViolations().map((v) => v.operationId)).toEqual(['getProjectBranch']);
    await expect(neon.close()).rejects.toThrow(/getProjectBranch.*current_state must be string/);
  });

  it('serves only paths, methods and operationIds of the official description', () => {
    const spec = loadSpec();
    for (const { method, path, operationId } of servedOperations()) {
      expect(spec.paths[path]?.[method.toLowerCase()]?.operationId, `${method} ${path}`).toBe(operationId);
    }
  });
});

describe('every served route against the description', () => {
  let neon: LocalNeon;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    neon = await startLocalNeon({ operationMs: 0, branchRecovery: true });
    api = apiClient(neon);
    (neon.dataPlane as FakeDataPlane).setSchema(neon.defaultBranchId, 'neondb', 'CREATE TABLE t (a int);\n');
  });
  afterAll(async () => {
    await neon.close();
  });

  it('answers each route (success and errors) with zero contract violations', async () => {
    const { call, p } = api;
    const step = async (method: string, path: string, opts: Parameters<typeof call>[2] = {}) => {
      const res = await call(method, `${p}${path}`, opts);
      await neon.settle();
      return res;
    };
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    await step('GET', '');
    const created = await step('POST', '/branches', {
      body: {
        branch: { name: 'walk', expires_at: inAnHour },
        endpoints: [{ type: 'read_write' }],
        annotation_value: { a: 'b' },
      },
    });
    const id = created.body.branch.id;
    const ep = created.body.endpoints[0].id;
    await step('GET', '/branches', { query: { limit: 1 } });
    await step('GET', '/branches/count');
    await step('GET', `/branches/${id}`);
    await step('PATCH', `/branches/${id}`, { body: { branch: { name: 'walk-2' } } });
    await step('GET', `/branches/${id}/endpoints`);
    await step('GET', `/branches/${id}/databases`);
    await step('GET', `/branches/${id}/databases/neondb`);
    await step('GET', `/branches/${id}/roles`);
    await step('GET', `/branches/${id}/roles/neondb_owner`);
    await step('GET', `/branches/${id}/roles/neondb_owner/reveal_password`);
    await step('GET', `/branches/${id}/auth`);
    await step('GET', `/branches/${id}/data-api/neondb`);
    neon.state.enableNeonAuth(id);
    neon.state.enableDataApi(id, 'neondb');
    await step('GET', `/branches/${id}/auth`);
    await step('GET', `/branches/${id}/data-api/neondb`);
    await call('GET', '/projects');
    await step('POST', `/branches/${id}/roles/neondb_owner/reset_password`);
    await step('GET', '/connection_uri', {
      query: { database_name: 'neondb', role_name: 'neondb_owner', branch_id: id, pooled: true },
    });
    await step('GET', `/branches/${id}/compare_schema`, { query: { db_name: 'neondb' } });
    await step('GET', `/branches/${id}/schema`, { query: { db_name: 'neondb' } });
    await step('POST', `/branches/${id}/restore`, { body: { source_branch_id: neon.defaultBranchId } });
    await step('GET', '/endpoints');
    await step('GET', `/endpoints/${ep}`);
    await step('PATCH', `/endpoints/${ep}`, { body: { endpoint: { autoscaling_limit_max_cu: 4 } } });
    await step('POST', `/endpoints/${ep}/suspend`);
    await step('POST', `/endpoints/${ep}/start`);
    await step('POST', `/endpoints/${ep}/restart`);
    const ro = await step('POST', '/endpoints', { body: { endpoint: { branch_id: id, type: 'read_only' } } });
    await step('DELETE', `/endpoints/${ro.body.endpoint.id}`);
    const ops = await step('GET', '/operations', { query: { limit: 2 } });
    await step('GET', `/operations/${ops.body.operations[0].id}`);
    const anon = await step('POST', '/branch_anonymized', {
      body: {
        masking_rules: [
          { database_name: 'neondb', schema_name: 'public', table_name: 't', column_name: 'a', masking_value: '0' },
        ],
        start_anonymization: true,
      },
    });
    const anonId = anon.body.branch.id;
    await step('GET', `/branches/${anonId}/masking_rules`);
    await step('PATCH', `/branches/${anonId}/masking_rules`, { body: { masking_rules: [] } });
    await step('POST', `/branches/${anonId}/anonymize`);
    await step('GET', `/branches/${anonId}/anonymized_status`);
    const snap = await step('POST', `/branches/${neon.defaultBranchId}/snapshot`, { query: { name: 's' } });
    const sid = snap.body.snapshot.id;
    await step('GET', '/snapshots');
    await step('PATCH', `/snapshots/${sid}`, { body: { snapshot: { name: 's2' } } });
    const restored = await step('POST', `/snapshots/${sid}/restore`, { body: { name: 'restored' } });
    await step('POST', `/branches/${restored.body.branch.id}/finalize_restore`, { body: { name: 'main-old' } });
    await step('POST', `/branches/${neon.defaultBranchId}/set_as_default`);
    await step('DELETE', `/snapshots/${sid}`);
    // Branch Recovery: a soft delete, the listing with the deleted one and its `recovery`, the recovery, a hard delete
    await step('DELETE', `/branches/${id}`);
    const listed = await step('GET', '/branches', { query: { include_deleted: true, search: 'walk-2' } });
    expect(listed.body.branches[0].recovery).toMatchObject({ deletion_method: 'user' });
    await step('POST', `/branches/${id}/recover`);
    await step('DELETE', `/branches/${id}`, { query: { hard_delete: true } });
    await step('POST', `/branches/${id}/recover`);
    await step('DELETE', `/branches/${id}`);
    // A few error answers as well.
    await step('GET', '/branches/br-none-none-000000');
    await step('GET', '/branches', { query: { limit: 'x' } });
    await step('POST', '/branches', { body: { branch: { name: 'main-old' } } });

    expect(neon.contractViolations()).toEqual([]);
    const hit = new Set(neon.requests.map((r) => r.operationId));
    const missed = servedOperations().filter((o) => !hit.has(o.operationId));
    expect(missed).toEqual([]);
    const statuses = new Set(neon.requests.map((r) => r.status));
    for (const s of [200, 201, 202, 204, 400, 404, 409]) expect(statuses).toContain(s);
  });

  it('records nothing process-wide across this file', () => {
    const unexpected = allContractViolations().filter((v) => v.path !== '/x' && v.operationId !== 'getProjectBranch');
    expect(unexpected).toEqual([]);
  });
});
