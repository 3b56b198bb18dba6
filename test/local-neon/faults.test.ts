import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalNeon, startLocalNeon } from './index.js';
import { apiClient } from './test-client.js';

let neon: LocalNeon;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  neon = await startLocalNeon({ operationMs: 0 });
  api = apiClient(neon);
});
afterAll(async () => {
  expect(neon.contractViolations()).toEqual([]);
  await neon.close();
});

describe('auth, errors and request ids', () => {
  it('answers 401 to a wrong key and 404 to an unknown project, echoing X-Request-ID in the body', async () => {
    const res = await api.call('GET', `${api.p}/branches`, {
      headers: { authorization: 'Bearer nope', 'x-request-id': 'req-123' },
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: '', message: 'authentication required', request_id: 'req-123' });
    expect(res.headers.get('x-request-id')).toBe('req-123');
    const missing = await api.call('GET', '/projects/no-such-project-000000/branches');
    expect(missing.status).toBe(404);
    expect(missing.body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('fault injection', () => {
  it('429 with and without Retry-After, N times, on one route only', async () => {
    neon.faults.add({ method: 'GET', operationId: 'listProjectBranches', kind: '429', times: 2, retryAfter: 3 });
    const a = await api.listBranches();
    const other = await api.getBranch(neon.defaultBranchId);
    const b = await api.listBranches();
    const c = await api.listBranches();
    expect([a.status, other.status, b.status, c.status]).toEqual([429, 200, 429, 200]);
    expect(a.headers.get('retry-after')).toBe('3');
    neon.faults.add({ pathPattern: '/projects/{project_id}/branches', kind: '429' });
    const bare = await api.listBranches();
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
  });

  it('503 and 423 N times, then the real answer', async () => {
    neon.faults.add({ method: 'POST', pathPattern: '/projects/*/branches', kind: '503', times: 1 });
    neon.faults.add({ method: 'POST', pathPattern: '/projects/*/branches', kind: '423', times: 1 });
    const first = await api.createBranch({ name: 'faulty' });
    const second = await api.createBranch({ name: 'faulty' });
    const third = await api.createBranch({ name: 'faulty' });
    expect([first.status, second.status, third.status]).toEqual([503, 423, 201]);
    expect(second.body.message).toMatch(/running operations/);
    expect([...neon.state.branches.values()].filter((b) => b.name === 'faulty')).toHaveLength(1);
    await neon.settle();
  });

  it('drops the socket before handling (nothing applied) or after handling (applied)', async () => {
    neon.faults.add({ method: 'POST', operationId: 'createProjectBranch', kind: 'drop' });
    await expect(api.createBranch({ name: 'dropped-before' })).rejects.toThrow();
    expect(neon.state.branchByName('dropped-before')).toBeUndefined();
    neon.faults.add({ method: 'POST', operationId: 'createProjectBranch', kind: 'drop', afterHandling: true });
    await expect(api.createBranch({ name: 'dropped-after' })).rejects.toThrow();
    expect(neon.state.branchByName('dropped-after')).toBeDefined();
    const dropped = neon.requests.filter((r) => r.status === 0);
    expect(dropped).toHaveLength(2);
    await neon.settle();
  });

  it('answers slowly by delayMs', async () => {
    neon.faults.add({ operationId: 'getProject', kind: 'slow', delayMs: 200 });
    const t = Date.now();
    const res = await api.call('GET', api.p);
    expect(res.status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(190);
    expect(res.body.project.id).toBe(neon.projectId);
  });

  it('logs every request with its operationId, so tests can count calls and spot mutations', async () => {
    const before = neon.requests.length;
    await api.listBranches({ search: 'x' });
    const entry = neon.requests[before];
    expect(entry).toMatchObject({
      method: 'GET',
      path: `/projects/${neon.projectId}/branches`,
      query: { search: 'x' },
      status: 200,
      operationId: 'listProjectBranches',
    });
  });
});

describe('rate limit', () => {
  it('answers 429 past the per-minute limit', async () => {
    const limited = await startLocalNeon({ operationMs: 0, rateLimitPerMinute: 5 });
    try {
      const client = apiClient(limited);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await client.listBranches()).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const res = await client.listBranches();
      expect(res.body.message).toMatch(/rate limit/);
      expect(limited.contractViolations()).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});
