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

describe('seedBranches', () => {
  it('creates 1,000 metadata-only branches fast, listable page by page and deletable', async () => {
    const t = Date.now();
    const seeded = neon.seedBranches(1000, {
      namePrefix: 'preview/pr-',
      annotations: (i) => ({ 'github-commit-repo': 'acme/app', 'github-pr-number': String(i) }),
      createdAt: (i) => new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    });
    expect(Date.now() - t).toBeLessThan(1000);
    expect(seeded).toHaveLength(1000);
    expect(seeded[0]).toMatchObject({ name: 'preview/pr-1', metadataOnly: true, createdAt: '2026-01-01T00:01:00Z' });
    expect((neon.dataPlane as import('./fake-data-plane.js').FakeDataPlane).branches.has(seeded[0].id)).toBe(false);

    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await api.listBranches({ search: 'preview/pr-', limit: 300, cursor, sort_by: 'created_at' });
      ids.push(...page.body.branches.map((b: any) => b.id));
      expect(Object.keys(page.body.annotations)).toHaveLength(page.body.branches.length);
      cursor = page.body.pagination.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(ids).size).toBe(1000);
    expect(ids[0]).toBe(seeded[999].id);

    const del = await api.deleteBranch(seeded[0].id);
    expect(del.status).toBe(200);
    await neon.settle();
    expect(neon.state.branches.has(seeded[0].id)).toBe(false);
  });

  it('refuses duplicate names and data operations on metadata-only branches', async () => {
    const count = neon.state.branches.size;
    expect(() => neon.seedBranches(2, { namePrefix: 'preview/pr-' })).toThrow(/preview\/pr-2 already exists/);
    expect(neon.state.branches.size).toBe(count);
    const [b] = neon.seedBranches(1, { name: 'meta-exact' });
    expect(b.name).toBe('meta-exact');
    expect(() => neon.seedBranches(2, { name: (i) => `same-${i % 1}` })).toThrow(/same-0 already exists/);
    const res = await api.call('GET', `${api.p}/branches/${b.id}/compare_schema`, { query: { db_name: 'neondb' } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/metadata-only/);
  });

  it('keeps pages stable while branches are deleted between them', async () => {
    const seeded = neon.seedBranches(10, { namePrefix: 'sweep-' });
    const first = await api.listBranches({ search: 'sweep-', limit: 4, sort_by: 'name', sort_order: 'asc' });
    for (const b of first.body.branches) {
      expect((await api.deleteBranch(b.id)).status).toBe(200);
      await neon.settle();
    }
    const rest: string[] = [];
    let cursor = first.body.pagination.next;
    while (cursor) {
      const page = await api.listBranches({ search: 'sweep-', limit: 4, sort_by: 'name', sort_order: 'asc', cursor });
      rest.push(...page.body.branches.map((b: any) => b.name));
      cursor = page.body.pagination.next;
    }
    const expected = seeded
      .map((b) => b.name)
      .sort()
      .slice(4);
    expect(rest).toEqual(expected);
  });
});
