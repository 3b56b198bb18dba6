import { afterEach, describe, expect, it } from 'vitest';
import {
  findBranchByExactName,
  findBranchByNameOrId,
  listAllBranches,
  listAllOperations,
  listAllProjects,
} from '../../src/neon/pagination.js';
import { json, makeClient, type Reply, type SeenRequest, startFakeNeon } from './helpers/fake-neon.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const branch = (id: string, name = id) => ({
  id,
  name,
  default: false,
  protected: false,
  created_at: '2026-01-01T00:00:00Z',
});

async function neon(handler: (req: SeenRequest) => Reply) {
  const server = await startFakeNeon(handler);
  const t = makeClient(server.apiHost);
  cleanups.push(
    () => server.close(),
    () => t.agent.close(),
  );
  return { ...t, server };
}

describe('listAllBranches', () => {
  it('always sends limit and follows pagination.next, merging annotations', async () => {
    const pages: Record<string, Reply> = {
      '': json(200, {
        branches: [branch('br-1'), branch('br-2')],
        annotations: { 'br-1': { value: { 'github-pr-number': '1' } } },
        pagination: { next: 'c1', sort_by: 'updated_at', sort_order: 'desc' },
      }),
      c1: json(200, {
        branches: [branch('br-3')],
        annotations: { 'br-3': { value: { 'github-pr-number': '3' } } },
        pagination: {},
      }),
    };
    const t = await neon((req) => pages[req.query.get('cursor') ?? '']!);
    const list = await listAllBranches(t.client, 'p-1', { limit: 2 });
    expect(list.branches.map((b) => b.id)).toEqual(['br-1', 'br-2', 'br-3']);
    expect(Object.keys(list.annotations)).toEqual(['br-1', 'br-3']);
    expect(t.server.requests.map((r) => r.query.get('limit'))).toEqual(['2', '2']);
    expect(t.server.requests.map((r) => r.query.get('cursor'))).toEqual([null, 'c1']);
  });

  it('sends a default limit when none is given', async () => {
    const t = await neon(() => json(200, { branches: [], annotations: {} }));
    await listAllBranches(t.client, 'p-1');
    expect(t.server.requests[0]!.query.get('limit')).toBe('1000');
  });

  it('stops on an empty page even when next is set', async () => {
    const t = await neon((req) =>
      req.query.get('cursor')
        ? json(200, { branches: [], annotations: {}, pagination: { next: 'c2' } })
        : json(200, { branches: [branch('br-1')], annotations: {}, pagination: { next: 'c1' } }),
    );
    const list = await listAllBranches(t.client, 'p-1');
    expect(list.branches).toHaveLength(1);
    expect(t.server.requests).toHaveLength(2);
  });

  it('stops when next repeats', async () => {
    let n = 0;
    const t = await neon(() =>
      json(200, { branches: [branch(`br-${n++}`)], annotations: {}, pagination: { next: 'same' } }),
    );
    const list = await listAllBranches(t.client, 'p-1');
    expect(list.branches).toHaveLength(2);
    expect(t.server.requests).toHaveLength(2);
  });
});

describe('cursor lists (operations, projects)', () => {
  it('listAllOperations follows pagination.cursor until a page is empty', async () => {
    const op = (id: string) => ({ id, action: 'create_branch', status: 'finished' });
    const pages: Record<string, unknown> = {
      '': { operations: [op('o1'), op('o2')], pagination: { cursor: 't1' } },
      t1: { operations: [op('o3')], pagination: { cursor: 't2' } },
      t2: { operations: [], pagination: { cursor: 't3' } },
    };
    const t = await neon((req) => json(200, pages[req.query.get('cursor') ?? '']));
    const ops = await listAllOperations(t.client, 'p-1', { limit: 2 });
    expect(ops.map((o) => o.id)).toEqual(['o1', 'o2', 'o3']);
    expect(t.server.requests.map((r) => r.path)).toEqual(Array(3).fill('/api/v2/projects/p-1/operations'));
    expect(t.server.requests.map((r) => r.query.get('cursor'))).toEqual([null, 't1', 't2']);
  });

  it('listAllProjects stops when a cursor repeats', async () => {
    let n = 0;
    const t = await neon(() =>
      json(200, { projects: [{ id: `p-${n}`, name: `project ${n++}` }], pagination: { cursor: 'stuck' } }),
    );
    const projects = await listAllProjects(t.client, { orgId: 'org-1' });
    expect(projects.map((p) => p.id)).toEqual(['p-0', 'p-1']);
    expect(t.server.requests[0]!.query.get('org_id')).toBe('org-1');
    expect(t.server.requests[0]!.query.get('limit')).toBe('400');
  });
});

describe('finding one branch', () => {
  const branches = [branch('br-10', 'preview/pr-10'), branch('br-1', 'preview/pr-1'), branch('br-aaa', 'br-1x')];

  it('exact-matches the name among Neon’s substring search results', async () => {
    const t = await neon(() => json(200, { branches, annotations: {} }));
    expect((await findBranchByExactName(t.client, 'p-1', 'preview/pr-1'))?.id).toBe('br-1');
    expect(await findBranchByExactName(t.client, 'p-1', 'preview/pr')).toBeUndefined();
    expect(t.server.requests[0]!.query.get('search')).toBe('preview/pr-1');
  });

  it('finds by id or name', async () => {
    const t = await neon(() => json(200, { branches, annotations: {} }));
    expect((await findBranchByNameOrId(t.client, 'p-1', 'br-10'))?.name).toBe('preview/pr-10');
    expect((await findBranchByNameOrId(t.client, 'p-1', 'br-1x'))?.id).toBe('br-aaa');
    expect(await findBranchByNameOrId(t.client, 'p-1', 'br')).toBeUndefined();
  });
});
