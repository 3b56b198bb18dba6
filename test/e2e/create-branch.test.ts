/**
 * The pull-request lifecycle through the committed dist/index.js, on the local Neon (real Postgres
 * per branch) and the GitHub double: create, rerun, concurrency, faults, reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullRequestEvent } from './run-action.js';
import { assertMaskedBeforeUse, query, startWorld, type World } from './fixtures.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

const NON_SECRET = [
  'branch-id',
  'branch-name',
  'created',
  'db-host',
  'db-host-pooled',
  'expires-at',
  'comment-url',
  'skipped',
];

describe('create-branch', () => {
  it('creates a branch whose URL accepts a connection right after the step, secrets masked first', async () => {
    await world.neon.dataPlane.query(
      world.neon.defaultBranchId,
      'neondb',
      'CREATE TABLE items (id int primary key, name text); INSERT INTO items VALUES (1, $$before$$)',
    );
    const event = pullRequestEvent(42, 'feature/x');
    const run = await world.run({ command: 'create-branch', 'expires-in': '2d' }, { event });
    expect(run.code, run.output).toBe(0);
    expect(run.outputs['branch-name']).toBe('preview/pr-42-feature-x');
    expect(run.outputs.created).toBe('true');
    expect(run.outputs['expires-at']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const rows = await query(run.outputs['db-url']!, 'SELECT name FROM items');
    expect(rows).toEqual([{ name: 'before' }]);
    await query(run.outputs['db-url-pooled']!, 'SELECT 1');
    assertMaskedBeforeUse(run, [run.outputs['db-url']!, run.outputs.password!, world.neon.apiKey], NON_SECRET);
    const branch = [...world.neon.state.branches.values()].find((b) => b.name === 'preview/pr-42-feature-x')!;
    expect(branch.annotation?.value['github-pr-number']).toBe('42');
    expect(branch.annotation?.value['github-commit-repo']).toBe('acme/app');
    // one sticky comment, holding no password
    const comments = world.github.comments(42);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('preview/pr-42-feature-x');
    expect(comments[0]!.body).not.toContain(run.outputs.password!);
    expect(run.outputs['comment-url']).toBe(comments[0]!.html_url);
  });

  it('a rerun reuses the branch (created=false), makes no duplicate and edits no new comment', async () => {
    const event = pullRequestEvent(42, 'feature/x', { action: 'synchronize' });
    const before = world.neon.state.branches.size;
    const run = await world.run({ command: 'create-branch' }, { event });
    expect(run.code, run.output).toBe(0);
    expect(run.outputs.created).toBe('false');
    expect(world.neon.state.branches.size).toBe(before);
    expect(world.github.comments(42)).toHaveLength(1);
    await query(run.outputs['db-url']!, 'SELECT 1');
  });

  it('ten concurrent runs for one PR leave one branch, one comment, one created=true, ten working URLs', async () => {
    const event = pullRequestEvent(7, 'race');
    const runs = await Promise.all(
      Array.from({ length: 10 }, () => world.run({ command: 'create-branch' }, { event, timeoutMs: 240_000 })),
    );
    for (const r of runs) expect(r.code, r.output).toBe(0);
    const creators = runs.filter((r) => r.outputs.created === 'true');
    expect(creators.length, creators.map((r) => r.output).join('\n======== another run saying created=true:\n')).toBe(
      1,
    );
    expect([...world.neon.state.branches.values()].filter((b) => b.name === 'preview/pr-7-race')).toHaveLength(1);
    expect(new Set(runs.map((r) => r.outputs['branch-id'])).size).toBe(1);
    expect(world.github.comments(7)).toHaveLength(1);
    await Promise.all(runs.map((r) => query(r.outputs['db-url']!, 'SELECT 1')));
  }, 300_000);

  it('succeeds through 429 with Retry-After, 423, 503 and a dropped socket', async () => {
    world.neon.faults.add({ operationId: 'listProjectBranches', kind: '429', times: 2, retryAfter: 1 });
    world.neon.faults.add({ operationId: 'createProjectBranch', kind: '503', times: 1 });
    world.neon.faults.add({ operationId: 'createProjectBranch', kind: '423', times: 2 });
    world.neon.faults.add({ operationId: 'getConnectionURI', kind: 'drop', times: 1 });
    const run = await world.run({ command: 'create-branch' }, { event: pullRequestEvent(8, 'faults') });
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toMatch(/429.*retry 1 in/);
    expect(run.stdout).toMatch(/503.*retry/);
    expect(run.stdout).toMatch(/423.*retry/);
    expect([...world.neon.state.branches.values()].filter((b) => b.name === 'preview/pr-8-faults')).toHaveLength(1);
    await query(run.outputs['db-url']!, 'SELECT 1');
  });
});

describe('reset-branch', () => {
  it("resets to the parent's head keeping the id and URLs", async () => {
    const event = pullRequestEvent(42, 'feature/x', { action: 'labeled' });
    const created = await world.run({ command: 'create-branch' }, { event });
    await query(created.outputs['db-url']!, 'INSERT INTO items VALUES (2, $$on the branch$$)');
    await world.neon.dataPlane.query(
      world.neon.defaultBranchId,
      'neondb',
      'INSERT INTO items VALUES (3, $$parent later$$)',
    );
    const reset = await world.run({ command: 'reset-branch' }, { event });
    expect(reset.code, reset.output).toBe(0);
    expect(reset.outputs['branch-id']).toBe(created.outputs['branch-id']);
    expect(reset.outputs['db-url']).toBe(created.outputs['db-url']);
    expect(reset.outputs.created).toBe('false');
    const rows = await query(reset.outputs['db-url']!, 'SELECT id FROM items ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([1, 3]);
  });

  it('creates the branch when it is missing', async () => {
    const run = await world.run({ command: 'reset-branch' }, { event: pullRequestEvent(43, 'fresh') });
    expect(run.code, run.output).toBe(0);
    expect(run.outputs.created).toBe('true');
  });
});
