/**
 * Other repositories' branches, and an identity that holds: a project shared by two repositories
 * (the default name carries no repository, and Dependabot head refs are the same everywhere), a
 * renamed head branch, a PR reopened while a sweep runs, and cleanup pointed at the default branch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, startWorld, type World } from '../fixtures.js';
import { pullRequestEvent } from '../run-action.js';
import { branchesNamed, makeBranch, makeSnapshot } from './scenarios.js';
import { expectOneClearLine, expectSuccess } from './verdicts.js';

const OTHER = 'acme/other-service';
const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const schedule = { name: 'schedule', payload: {} };

let world: World;
beforeAll(async () => {
  world = await startWorld({ dataPlane: 'none', operationMs: 20 });
});
afterAll(async () => {
  await world?.close();
});

function mutationsSince(at: number): string[] {
  return world.neon.requests
    .slice(at)
    .filter((r) => MUTATING.has(r.method))
    .map((r) => `${r.method} ${r.path}`);
}

describe("another repository's branch under the same name", () => {
  const pr = 41;
  const head = 'dependabot/npm_and_yarn/lodash-4.17.21';
  const name = `preview/pr-${pr}-dependabot-npm_and_yarn-lodash-4.17.21`;
  let theirs: { id: string; name: string };
  beforeAll(async () => {
    theirs = await makeBranch(world, name, { 'github-commit-repo': OTHER, 'github-pr-number': String(pr) });
    await makeBranch(world, `${name}-anon`, { 'github-commit-repo': OTHER, 'github-pr-number': String(pr) });
  });
  const event = (action = 'synchronize') => pullRequestEvent(pr, head, { action });

  for (const command of ['create-branch', 'reset-branch', 'compare-schema'] as const)
    it(`${command} fails in one line naming branch-name, hands out nothing and changes nothing`, async () => {
      const before = world.neon.requests.length;
      const r = await world.run({ command }, { event: event() });
      expect(expectOneClearLine(r)).toMatch(
        /^::error::Input "branch-name" names branch .* annotated for another repository \(acme\/other-service\)/,
      );
      expect(r.outputs.password).toBeUndefined();
      expect(r.outputs['db-url']).toBeUndefined();
      expect(mutationsSince(before)).toEqual([]);
      expect(branchesNamed(world, name).map((b) => b.id)).toEqual([theirs.id]);
    });

  it('anonymize leaves their anonymized branch alone', async () => {
    const before = world.neon.requests.length;
    const r = await world.run(
      {
        command: 'anonymize',
        recreate: 'true',
        'masking-rules': '- {table_name: users, column_name: email, masking_value: x}',
      },
      { event: event() },
    );
    expect(expectOneClearLine(r)).toMatch(/^::error::Input "branch-name" .*another repository/);
    expect(mutationsSince(before)).toEqual([]);
    expect(branchesNamed(world, `${name}-anon`)).toHaveLength(1);
  });

  it('PR-mode cleanup deletes neither of them', async () => {
    const before = world.neon.requests.length;
    const r = await world.run({ command: 'cleanup' }, { event: event('closed') });
    expect(expectOneClearLine(r)).toMatch(/^::error::Input "branch-name" .*another repository/);
    expect(mutationsSince(before)).toEqual([]);
    expect(branchesNamed(world, name)).toHaveLength(1);
    expect(branchesNamed(world, `${name}-anon`)).toHaveLength(1);
  });

  it('a sweep with require-annotations: false keeps them', async () => {
    for (const b of world.neon.state.branches.values())
      if (b.name.startsWith(name)) b.createdAt = '2026-01-01T00:00:00Z';
    world.github.addPull({
      number: pr,
      state: 'closed',
      head: { ref: head, sha: 'e'.repeat(40), repo: { full_name: REPO } },
    });
    const r = await world.run(
      { command: 'cleanup', 'require-annotations': 'false', 'max-age': '1d' },
      { event: schedule },
    );
    expectSuccess(r);
    const kept = JSON.parse(r.outputs.kept!) as { name: string; reason: string }[];
    expect(kept.find((k) => k.name === name)?.reason).toMatch(/another repository/);
    expect(branchesNamed(world, name)).toHaveLength(1);
    expect(branchesNamed(world, `${name}-anon`)).toHaveLength(1);
  });

  it('snapshot restore never restores into their branch', async () => {
    await makeSnapshot(world, 'identity-snap');
    const before = world.neon.requests.length;
    const r = await world.run(
      {
        command: 'snapshot',
        'snapshot-action': 'restore',
        name: 'identity-snap',
        'target-branch': name,
        finalize: 'true',
      },
      { event: schedule },
    );
    expect(expectOneClearLine(r)).toMatch(/^::error::Input "target-branch" .*another repository/);
    expect(mutationsSince(before)).toEqual([]);
  });
});

describe('PR-mode cleanup pointed at the default or a protected branch', () => {
  it('refuses the default branch before any DELETE, naming branch-name', async () => {
    const before = world.neon.requests.length;
    const r = await world.run(
      { command: 'cleanup', 'branch-name': 'main' },
      { event: pullRequestEvent(42, 'x', { action: 'closed' }) },
    );
    expect(expectOneClearLine(r)).toMatch(/^::error::Input "branch-name" names the default branch "main"/);
    expect(mutationsSince(before)).toEqual([]);
  });

  it('refuses a protected branch before any DELETE', async () => {
    const guarded = await makeBranch(world, 'staging-guarded');
    world.neon.state.branches.get(guarded.id)!.protected = true;
    const before = world.neon.requests.length;
    const r = await world.run(
      { command: 'cleanup', 'branch-name': 'staging-guarded' },
      { event: pullRequestEvent(43, 'x', { action: 'closed' }) },
    );
    expect(expectOneClearLine(r)).toMatch(/^::error::Input "branch-name" names the protected branch "staging-guarded"/);
    expect(mutationsSince(before)).toEqual([]);
    expect(world.neon.state.branches.has(guarded.id)).toBe(true);
  });
});

describe('a renamed head branch', () => {
  const pr = 44;
  it('create-branch adopts the branch made under the old head, and cleanup removes it', async () => {
    const first = await world.run({ command: 'create-branch' }, { event: pullRequestEvent(pr, 'old-head') });
    expectSuccess(first);
    expect(first.outputs['branch-name']).toBe(`preview/pr-${pr}-old-head`);
    const renamed = await world.run(
      { command: 'create-branch' },
      { event: pullRequestEvent(pr, 'new-head', { action: 'synchronize' }) },
    );
    expectSuccess(renamed);
    expect(renamed.outputs.created).toBe('false');
    expect(renamed.outputs['branch-id']).toBe(first.outputs['branch-id']);
    expect(renamed.outputs['branch-name']).toBe(`preview/pr-${pr}-old-head`);
    expect(branchesNamed(world, `preview/pr-${pr}-new-head`)).toEqual([]);
    const closed = await world.run(
      { command: 'cleanup' },
      { event: pullRequestEvent(pr, 'new-head', { action: 'closed' }) },
    );
    expectSuccess(closed);
    expect(JSON.parse(closed.outputs.deleted!).map((d: { id: string }) => d.id)).toEqual([first.outputs['branch-id']]);
    expect(world.neon.state.branches.has(first.outputs['branch-id']!)).toBe(false);
  });
});

describe('a sweep and a PR reopened meanwhile', () => {
  it("reads the PR's state again right before the DELETE and keeps the branch", async () => {
    const [branch] = world.neon.seedBranches(1, {
      name: 'preview/pr-45-reopened',
      annotations: { 'github-commit-repo': REPO, 'github-pr-number': '45' },
      createdAt: '2026-01-01T00:00:00Z',
    });
    world.github.addPull({
      number: 45,
      state: 'closed',
      head: { ref: 'reopened', sha: 'e'.repeat(40), repo: { full_name: REPO } },
    });
    // reopened after the sweep listed the open PRs, before it deletes
    world.github.onRequest = ({ method, path }) => {
      if (method === 'GET' && path === `/repos/${REPO}/pulls/45`) world.github.setPullState(45, 'open');
    };
    try {
      const r = await world.run({ command: 'cleanup' }, { event: schedule });
      expectSuccess(r);
      expect(world.neon.state.branches.has(branch!.id)).toBe(true);
      const kept = JSON.parse(r.outputs.kept!) as { id: string; reason: string }[];
      expect(kept.find((k) => k.id === branch!.id)?.reason).toBe('PR #45 was reopened');
    } finally {
      world.github.onRequest = undefined;
    }
  });
});
