/** cleanup through dist/index.js: PR mode twice, a wrong project, and the sweep over a fixture. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSections } from '../../src/conversation/document.js';
import type { BranchRecord } from '../local-neon/index.js';
import { REPO, startWorld, type World } from './fixtures.js';
import { pullRequestEvent } from './run-action.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

describe('cleanup in a pull request', () => {
  it('deletes the branch, turns its section into "gone" with a teardown report, and a rerun keeps that report', async () => {
    const open = pullRequestEvent(5, 'to-close');
    const created = await world.run({ command: 'create-branch' }, { event: open });
    expect(created.code, created.output).toBe(0);
    const closed = pullRequestEvent(5, 'to-close', { action: 'closed' });
    const githubBefore = world.github.requests.length;
    const first = await world.run({ command: 'cleanup' }, { event: closed });
    expect(first.code, first.output).toBe(0);
    // who the token is and the listing (side by side), a fresh read of the comment, one edit, a listing to read it
    // back, and (the comment is less than a minute old) one more look two round trips later
    expect(
      world.github.requests
        .slice(githubBefore)
        .map((r) => `${r.method} ${r.path.replace(/\?.*/, '').replace(/\d{5,}/, 'N')}`)
        .sort(),
    ).toEqual([
      'GET /repos/acme/app/issues/5/comments',
      'GET /repos/acme/app/issues/5/comments',
      'GET /repos/acme/app/issues/5/comments',
      'GET /repos/acme/app/issues/comments/N',
      'PATCH /repos/acme/app/issues/comments/N',
      'POST /graphql',
    ]);
    expect(JSON.parse(first.outputs.deleted!)).toHaveLength(1);
    expect(world.neon.state.branches.has(created.outputs['branch-id']!)).toBe(false);
    const comments = world.github.comments(5);
    expect(comments).toHaveLength(1);
    const sections = parseSections(comments[0]!.body);
    expect(sections.map((s) => s.key.split(':')[0])).toEqual(['preview', 'teardown']);
    expect(sections[0]!.body).toMatch(
      /<code>preview\/pr-5-to-close<\/code> \(<code>br-[\w-]+<\/code>\) is gone: it was deleted when this pull request closed/,
    );
    expect(sections[0]!.body).not.toContain('Host');
    expect(sections[1]!.body).toContain('Usage as last reported by Neon');
    expect(first.summary).toContain('### Teardown');

    const second = await world.run({ command: 'cleanup' }, { event: closed });
    expect(second.code, second.output).toBe(0);
    expect(second.stdout).toContain('already gone');
    expect(JSON.parse(second.outputs.deleted!)).toEqual([]);
    expect(world.github.comments(5)[0]!.body).toBe(comments[0]!.body);
    expect(second.summary).toContain('Nothing was left to delete');
  });

  it("also deletes the PR's anonymized branch, first when it is the preview's child; the first round's comment goes", async () => {
    const open = pullRequestEvent(6, 'with-anon');
    const created = await world.run({ command: 'create-branch' }, { event: open });
    expect(created.code, created.output).toBe(0);
    const anonName = 'preview/pr-6-with-anon-anon';
    // made as anonymize makes it (annotated for this PR), from the preview (parent-branch)
    const anon = world.neon.seedBranches(1, {
      name: anonName,
      parentId: created.outputs['branch-id']!,
      annotations: { 'github-commit-repo': REPO, 'github-pr-number': '6' },
    })[0]!;
    // a comment the first round wrote, one per command: replaced by the one preview comment
    world.github.addComment(
      6,
      '<!-- neon-preview-action:anonymize:p:0123456789abcdef0123456789abcdef01234567 -->\n### Anonymized branch ready',
    );

    const run = await world.run(
      { command: 'cleanup' },
      { event: pullRequestEvent(6, 'with-anon', { action: 'closed' }) },
    );
    expect(run.code, run.output).toBe(0);
    expect(JSON.parse(run.outputs.deleted!).map((d: { name: string }) => d.name)).toEqual([
      anonName,
      'preview/pr-6-with-anon',
    ]);
    expect(JSON.parse(run.outputs.kept!)).toEqual([]);
    expect(world.neon.state.branches.has(anon.id)).toBe(false);
    expect(world.neon.state.branches.has(created.outputs['branch-id']!)).toBe(false);
    const comments = world.github.comments(6);
    expect(comments).toHaveLength(1);
    const teardown = parseSections(comments[0]!.body).find((s) => s.key.startsWith('teardown:'))!;
    expect(teardown.body).toContain('2 branches of it were deleted');
    expect(teardown.body).toContain('<code>preview/pr-6-with-anon-anon</code>');
  });

  it("keeps an -anon branch that is not this PR's, saying why, and looks for none under an explicit branch-name", async () => {
    const foreign = world.neon.seedBranches(1, {
      name: 'preview/pr-7-mixed-anon',
      annotations: { 'github-commit-repo': REPO, 'github-pr-number': '8' },
    })[0]!;
    const closed = pullRequestEvent(7, 'mixed', { action: 'closed' });
    const run = await world.run({ command: 'cleanup', comment: 'false' }, { event: closed });
    expect(run.code, run.output).toBe(0);
    expect(world.neon.state.branches.has(foreign.id)).toBe(true);
    expect(JSON.parse(run.outputs.kept!)).toEqual([
      {
        id: foreign.id,
        name: 'preview/pr-7-mixed-anon',
        reason: `not annotated as pull request #7 of ${REPO}; delete it by name (branch-name) if it is this PR's`,
      },
    ]);
    expect(run.stdout).toContain(
      `::notice::Kept preview/pr-7-mixed-anon (${foreign.id}): not annotated as pull request #7`,
    );

    const named = await world.run(
      { command: 'cleanup', comment: 'false', 'branch-name': 'preview/pr-7-mixed' },
      { event: closed },
    );
    expect(named.code, named.output).toBe(0);
    expect(JSON.parse(named.outputs.kept!)).toEqual([]);
    expect(world.neon.state.branches.has(foreign.id)).toBe(true);
  });

  it('fails naming project-id when the project is wrong, deleting nothing', async () => {
    const run = await world.run(
      { command: 'cleanup', 'project-id': 'no-such-project' },
      { event: pullRequestEvent(5, 'x', { action: 'closed' }) },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::Input "project-id"/);
    expect(run.output).not.toMatch(/\n\s+at /);
  });
});

describe('cleanup sweep', () => {
  function seed(
    name: string,
    pr: string | undefined,
    extra: { repo?: string; parentId?: string; createdAt?: string } = {},
  ): BranchRecord {
    const annotations =
      pr === undefined ? undefined : { 'github-commit-repo': extra.repo ?? REPO, 'github-pr-number': pr };
    return world.neon.seedBranches(1, {
      name,
      annotations,
      parentId: extra.parentId,
      createdAt: extra.createdAt ?? '2026-01-01T00:00:00Z',
    })[0]!;
  }

  it('deletes exactly the closed-PR previews of this repository, children first; the dry run lists the same', async () => {
    const protectedOne = seed('preview/pr-101-protected', '101');
    protectedOne.protected = true;
    const closed = seed('preview/pr-102-closed', '102');
    const open = seed('preview/pr-103-open', '103');
    const other = seed('preview/pr-104-other', '104', { repo: 'acme/other' });
    const feature = seed('preview/feature-x', undefined);
    const parent = seed('preview/pr-105-parent', '105');
    const child = seed('preview/pr-106-child', '106', { parentId: parent.id });
    const parent2 = seed('preview/pr-107-manual', '107');
    const manual = seed('alice-debugging', undefined, { parentId: parent2.id });
    const unreadable = seed('preview/pr-108-unknown', 'not-a-number');
    world.github.addPull({
      number: 103,
      state: 'open',
      head: { ref: 'open', sha: 'c'.repeat(40), repo: { full_name: REPO } },
    });
    world.github.addPull({
      number: 102,
      state: 'closed',
      head: { ref: 'closed', sha: 'd'.repeat(40), repo: { full_name: REPO } },
    });
    const expected = [child.id, closed.id, parent.id].sort();

    const before = world.neon.requests.length;
    const dry = await world.run(
      { command: 'cleanup', 'dry-run': 'true' },
      { event: { name: 'schedule', payload: {} } },
    );
    expect(dry.code, dry.output).toBe(0);
    expect(
      JSON.parse(dry.outputs.deleted!)
        .map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual(expected);
    expect(world.neon.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    for (const id of expected) expect(world.neon.state.branches.has(id)).toBe(true);

    const real = await world.run({ command: 'cleanup' }, { event: { name: 'schedule', payload: {} } });
    expect(real.code, real.output).toBe(0);
    const deleted = JSON.parse(real.outputs.deleted!).map((d: { id: string }) => d.id);
    expect([...deleted].sort()).toEqual(expected);
    expect(deleted.indexOf(child.id)).toBeLessThan(deleted.indexOf(parent.id));
    for (const b of [protectedOne, open, other, feature, parent2, manual, unreadable])
      expect(world.neon.state.branches.has(b.id)).toBe(true);
    const skipped = JSON.parse(real.outputs.kept!) as { id: string; reason: string }[];
    const reason = (id: string) => skipped.find((s) => s.id === id)?.reason;
    expect(reason(protectedOne.id)).toBe('protected');
    expect(reason(parent2.id)).toContain('alice-debugging');
    expect(reason(unreadable.id)).toContain('could not be read');
    expect(reason(open.id)).toContain('open');
    // the PR states came from a listing of open PRs, and each deleted branch's PR was read again right before its DELETE
    const pulls = world.github.requests.filter((r) => r.path.includes('/pulls'));
    expect(pulls.filter((r) => r.path.includes('state=open')).length).toBeGreaterThan(0);
    const rechecked = pulls.filter((r) => /\/pulls\/\d+$/.test(r.path)).map((r) => r.path.replace(/.*\/pulls\//, ''));
    expect(rechecked.length).toBeGreaterThan(0);
    expect(rechecked).not.toContain('103');
  });

  it('sends the deletions back to back and waits for their operations in bulk at the end', async () => {
    const many = world.neon.seedBranches(12, {
      namePrefix: 'preview/pr-3000-bulk-',
      annotations: (i) => ({ 'github-commit-repo': REPO, 'github-pr-number': String(3000 + i) }),
      createdAt: '2026-01-01T00:00:00Z',
    });
    world.neon.setOperationMs(400);
    const before = world.neon.requests.length;
    const run = await world.run(
      { command: 'cleanup', 'branch-pattern': 'preview/pr-3000-bulk-*' },
      { event: { name: 'schedule', payload: {} } },
    );
    world.neon.setOperationMs(100);
    expect(run.code, run.output).toBe(0);
    for (const b of many) expect(world.neon.state.branches.has(b.id)).toBe(false);
    const calls = world.neon.requests.slice(before);
    expect(calls.filter((r) => r.operationId === 'deleteProjectBranch' && r.status === 200)).toHaveLength(12);
    // no poll per operation: a few bulk listings instead
    expect(calls.filter((r) => r.operationId === 'getProjectOperation')).toHaveLength(0);
    const listings = calls.filter((r) => r.operationId === 'listProjectOperations').length;
    expect(listings).toBeGreaterThan(0);
    expect(listings).toBeLessThan(12);
  });

  it('refuses a branch-pattern that matches the default branch, deleting nothing', async () => {
    const run = await world.run(
      { command: 'cleanup', 'branch-pattern': '*' },
      { event: { name: 'schedule', payload: {} } },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::Input "branch-pattern" matches the default branch');
  });
});
