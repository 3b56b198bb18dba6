/**
 * Branch Recovery (Neon API 2.7.3, in preview): a plain DELETE keeps a branch recoverable for 7 days,
 * and the description does not say whether its name is free meanwhile. Through dist/index.js against
 * a local Neon that recovers branches, with the name held and with it free:
 * - cleanup deletes a closed PR's preview for good (`hard_delete=true`): nothing recoverable is left;
 * - a reopened PR whose preview was deleted the default way (by its own expiry, in the console, by an
 *   older cleanup) gets a fresh preview under its name, either way;
 * - where Neon does not take `hard_delete`, cleanup deletes the way Neon does by default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './fixtures.js';
import { pullRequestEvent } from './run-action.js';

/** A DELETE without hard_delete, as the console or an older version of this action sends it. */
async function softDelete(world: World, branchId: string): Promise<void> {
  const res = await fetch(`${world.neon.apiUrl}/projects/${world.neon.projectId}/branches/${branchId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${world.neon.apiKey}` },
  });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

describe.each([
  ['held', true],
  ['free', false],
] as const)('branch recovery, a deleted branch name %s', (_title, deletedNamesHeld) => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ dataPlane: 'none', branchRecovery: true, deletedNamesHeld });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('cleanup deletes the preview for good: nothing recoverable keeps its data or its name', async () => {
    const open = pullRequestEvent(7, 'closing');
    const created = await world.run({ command: 'create-branch', comment: 'false' }, { event: open });
    expect(created.code, created.output).toBe(0);
    const id = created.outputs['branch-id']!;
    const cleanup = await world.run(
      { command: 'cleanup', comment: 'false' },
      { event: pullRequestEvent(7, 'closing', { action: 'closed' }) },
    );
    expect(cleanup.code, cleanup.output).toBe(0);
    expect(world.neon.state.branches.has(id)).toBe(false);
    expect(world.neon.state.deletedBranches.has(id)).toBe(false);
    const deletes = world.neon.requests.filter((r) => r.method === 'DELETE' && r.path.includes(id));
    expect(deletes.map((r) => r.query.hard_delete)).toEqual(['true']);
  });

  it('a reopened PR gets a fresh preview under its name while the old one is deleted but recoverable', async () => {
    const open = pullRequestEvent(8, 'reopened');
    const first = await world.run({ command: 'create-branch', comment: 'false' }, { event: open });
    expect(first.code, first.output).toBe(0);
    const oldId = first.outputs['branch-id']!;
    await softDelete(world, oldId);
    expect(world.neon.state.deletedBranches.has(oldId)).toBe(true);

    const again = await world.run(
      { command: 'create-branch', comment: 'false' },
      { event: pullRequestEvent(8, 'reopened', { action: 'reopened' }) },
    );
    expect(again.code, again.output).toBe(0);
    expect(again.outputs.created).toBe('true');
    expect(again.outputs['branch-name']).toBe('preview/pr-8-reopened');
    expect(again.outputs['branch-id']).not.toBe(oldId);
    if (deletedNamesHeld) {
      // the name was held: the old preview was recovered and deleted for good to free it
      expect(again.stdout).toContain(
        `is held by ${oldId}, deleted but recoverable: recovering it to delete it for good`,
      );
      expect(world.neon.state.deletedBranches.has(oldId)).toBe(false);
    } else {
      expect(again.stdout).not.toContain('recovering it');
      expect(world.neon.state.deletedBranches.has(oldId)).toBe(true);
    }
    expect(world.neon.state.branches.has(oldId)).toBe(false);
  });

  it('a branch whose creation failed is deleted for good, so the rerun creates it under the same name', async () => {
    world.neon.failNextOperation('create_branch', 'storage hiccup');
    const failed = await world.run(
      { command: 'create-branch', comment: 'false' },
      { event: pullRequestEvent(11, 'hiccup') },
    );
    expect(failed.code, failed.output).toBe(1);
    expect(failed.stdout).toContain('which this run created, because its creation failed');
    expect([...world.neon.state.deletedBranches.values()].map((d) => d.branch.name)).not.toContain(
      'preview/pr-11-hiccup',
    );
    const rerun = await world.run(
      { command: 'create-branch', comment: 'false' },
      { event: pullRequestEvent(11, 'hiccup') },
    );
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.stdout).not.toContain('recovering it');
  });

  it("leaves another repository's deleted branch of the name alone", async () => {
    const [other] = world.neon.seedBranches(1, {
      name: 'preview/pr-9-theirs',
      annotations: { 'github-commit-repo': 'someone/else', 'github-pr-number': '9' },
    });
    await softDelete(world, other!.id);
    const run = await world.run(
      { command: 'create-branch', comment: 'false' },
      { event: pullRequestEvent(9, 'theirs') },
    );
    expect(world.neon.state.deletedBranches.has(other!.id)).toBe(true);
    if (deletedNamesHeld) {
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('Neon refused to create branch "preview/pr-9-theirs"');
    } else {
      expect(run.code, run.output).toBe(0);
    }
  });
});

describe('an account without Branch Recovery', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ dataPlane: 'none' });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('cleanup deletes as Neon deletes by default when Neon refuses hard_delete, and says the branch may be recoverable', async () => {
    const created = await world.run(
      { command: 'create-branch', comment: 'false' },
      { event: pullRequestEvent(10, 'old-account') },
    );
    expect(created.code, created.output).toBe(0);
    const id = created.outputs['branch-id']!;
    world.neon.faults.add({
      operationId: 'deleteProjectBranch',
      kind: 'refuse',
      status: 400,
      message: 'unknown query parameter: hard_delete',
    });
    const cleanup = await world.run(
      { command: 'cleanup', comment: 'false' },
      { event: pullRequestEvent(10, 'old-account', { action: 'closed' }) },
    );
    expect(cleanup.code, cleanup.output).toBe(0);
    expect(world.neon.state.branches.has(id)).toBe(false);
    expect(cleanup.stdout).toContain('Neon does not take hard_delete here (unknown query parameter: hard_delete)');
    expect(JSON.parse(cleanup.outputs.deleted!)).toHaveLength(1);
  });
});
