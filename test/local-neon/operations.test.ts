import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalNeon, startLocalNeon } from './index.js';
import { apiClient } from './test-client.js';

let neon: LocalNeon;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  neon = await startLocalNeon({ operationMs: 120 });
  api = apiClient(neon);
});
afterAll(async () => {
  expect(neon.contractViolations()).toEqual([]);
  await neon.close();
});

describe('operations', () => {
  it('run until operationMs has passed, then finish (the endpoint becomes active)', async () => {
    neon.setOperationMs(60_000);
    const res = await api.createBranch({ name: 'timed' }, { endpoints: [{ type: 'read_write' }] });
    const [create, start] = res.body.operations;
    expect(create.status).toBe('running');
    expect(start.status).toBe('scheduling');
    await new Promise((r) => setTimeout(r, 150));
    expect((await api.getOperation(create.id)).body.operation.status).toBe('running');
    expect((await api.call('GET', `${api.p}/endpoints/${res.body.endpoints[0].id}`)).body.endpoint.current_state).toBe(
      'init',
    );
    neon.setOperationMs(0);
    await neon.settle();
    const done = (await api.getOperation(create.id)).body.operation;
    expect(done.status).toBe('finished');
    expect(done.total_duration_ms).toBeGreaterThanOrEqual(150);
    const endpoint = await api.call('GET', `${api.p}/endpoints/${res.body.endpoints[0].id}`);
    expect(endpoint.body.endpoint.current_state).toBe('active');
    neon.setOperationMs(120);
  });

  it('never finish before operationMs', async () => {
    const res = await api.createBranch({ name: 'timed-2' });
    await neon.settle();
    const done = (await api.getOperation(res.body.operations[0].id)).body.operation;
    expect(done.status).toBe('finished');
    expect(done.total_duration_ms).toBeGreaterThanOrEqual(115);
  });

  it('fail on request with status failed and an error, and release the lock', async () => {
    await neon.settle();
    neon.failNextOperation('create_branch', 'disk on fire');
    const res = await api.createBranch({ name: 'doomed' });
    await neon.settle();
    const op = (await api.getOperation(res.body.operations[0].id)).body.operation;
    expect(op).toMatchObject({ status: 'failed', error: 'disk on fire', failures_count: 1 });
    expect((await api.createBranch({ name: 'after-failure' })).status).toBe(201);
    await neon.settle();
  });

  it('fail when the data-plane work fails', async () => {
    (neon.dataPlane as import('./fake-data-plane.js').FakeDataPlane).failNext('createBranch', 'clone failed');
    const res = await api.createBranch({ name: 'clone-fails' });
    await neon.settle();
    const op = (await api.getOperation(res.body.operations[0].id)).body.operation;
    expect(op.status).toBe('failed');
    expect(op.error).toBe('clone failed');
  });

  it('answer 404 for an unknown operation id', async () => {
    const res = await api.getOperation('00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: '', message: 'operation not found' });
  });

  it('list newest first with pagination.cursor while more remain', async () => {
    const total = neon.state.operations.length;
    expect(total).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.call('GET', `${api.p}/operations`, { query: { limit: 2, cursor } });
      expect(page.status).toBe(200);
      seen.push(...page.body.operations.map((o: any) => o.id));
      cursor = page.body.pagination?.cursor;
    } while (cursor);
    expect(seen).toEqual([...neon.state.operations].reverse().map((o) => o.id));
  });
});
