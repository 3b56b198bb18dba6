/**
 * cleanup and a pull request's snapshots, through dist/index.js on the local Neon: deleted with the
 * PR (those its comment shows as taken by its runs, and those of its branches), kept with
 * `keep-snapshots: true` or when another run took them; `deleted`, `kept`, the teardown report and
 * the snapshot sections say which.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSections, type Section } from '../../src/conversation/document.js';
import { startWorld, type World } from './fixtures.js';
import { pullRequestEvent } from './run-action.js';

let world: World;
beforeAll(async () => {
  world = await startWorld({ dataPlane: 'none' });
});
afterAll(async () => {
  await world?.close();
});

const snapshotNames = () => [...world.neon.state.snapshots.values()].map((s) => s.name).sort();
const sectionsOf = (pr: number): Section[] => parseSections(world.github.comments(pr)[0]!.body);
const snapshotSections = (pr: number) => sectionsOf(pr).filter((s) => s.key.startsWith('snapshot:'));

interface Entry {
  id: string;
  name: string;
  reason: string;
  kind?: string;
}

/** A PR with a preview branch, a snapshot of it, and two of main: one its run took, one it reused by name. */
async function prWithSnapshots(pr: number, head: string) {
  const open = pullRequestEvent(pr, head);
  const created = await world.run({ command: 'create-branch' }, { event: open });
  expect(created.code, created.output).toBe(0);
  const ofPreview = await world.run({ command: 'snapshot', name: `pr-${pr}-preview` }, { event: open });
  expect(ofPreview.code, ofPreview.output).toBe(0);
  const ofMain = await world.run(
    { command: 'snapshot', 'branch-name': 'main', name: `pr-${pr}-before` },
    { event: open },
  );
  expect(ofMain.code, ofMain.output).toBe(0);
  // taken outside the PR (a nightly job), then reused by name in it
  const nightly = await world.run({ command: 'snapshot', 'branch-name': 'main', name: `nightly-${pr}` });
  expect(nightly.code, nightly.output).toBe(0);
  const reused = await world.run(
    { command: 'snapshot', 'branch-name': 'main', name: `nightly-${pr}` },
    { event: open },
  );
  expect(reused.code, reused.output).toBe(0);
  expect(reused.stdout).toContain('already exists: reusing it');
  expect(snapshotSections(pr).map((s) => s.attrs.state)).toEqual(['live', 'live', 'live']);
  return { created, ofPreview, ofMain, nightly };
}

describe("cleanup and a pull request's snapshots", () => {
  it('deletes the snapshots its runs took and those of its branches, keeps the reused one, and says so everywhere', async () => {
    const unrelated = await world.run({ command: 'snapshot', 'branch-name': 'main', name: 'unrelated' });
    expect(unrelated.code, unrelated.output).toBe(0);
    const { created, ofPreview, ofMain, nightly } = await prWithSnapshots(41, 'snap-close');
    // one more of the preview branch, taken by hand (not in the comment): it goes with its branch
    const byHand = await world.run({
      command: 'api',
      operation: 'createSnapshot',
      params: JSON.stringify({ path: { branch_id: created.outputs['branch-id'] }, query: { name: 'by-hand' } }),
      wait: 'true',
    });
    expect(byHand.code, byHand.output).toBe(0);
    expect(snapshotNames()).toEqual(['by-hand', 'nightly-41', 'pr-41-before', 'pr-41-preview', 'unrelated']);

    const run = await world.run(
      { command: 'cleanup' },
      { event: pullRequestEvent(41, 'snap-close', { action: 'closed' }) },
    );
    expect(run.code, run.output).toBe(0);
    expect(snapshotNames()).toEqual(['nightly-41', 'unrelated']);
    const deleted = JSON.parse(run.outputs.deleted!) as Entry[];
    expect(
      deleted
        .filter((d) => d.kind === 'snapshot')
        .map((d) => d.name)
        .sort(),
    ).toEqual(['by-hand', 'pr-41-before', 'pr-41-preview']);
    expect(deleted.filter((d) => d.kind === undefined).map((d) => d.name)).toEqual(['preview/pr-41-snap-close']);
    const kept = JSON.parse(run.outputs.kept!) as Entry[];
    expect(kept).toEqual([
      {
        id: nightly.outputs['snapshot-id'],
        name: 'nightly-41',
        reason: 'another run took it; this pull request reused it by name',
        kind: 'snapshot',
      },
    ]);
    expect(run.stdout).toMatch(/Kept snapshot nightly-41 \(\S+\): another run took it/);

    const sections = snapshotSections(41);
    const byId = (id: string) => sections.find((s) => s.attrs.snapshot === id)!;
    for (const id of [ofPreview.outputs['snapshot-id']!, ofMain.outputs['snapshot-id']!]) {
      expect(byId(id).attrs.state).toBe('gone');
      expect(byId(id).body).toMatch(
        /is gone: it was deleted when this pull request closed\. It can no longer be restored\./,
      );
      expect(byId(id).body).not.toContain('Restore it');
    }
    const keptSection = byId(nightly.outputs['snapshot-id']!);
    expect(keptSection.attrs.state).toBe('kept');
    expect(keptSection.body).toContain(
      'was kept when this pull request closed: another run took it; this pull request reused it by name.',
    );
    const teardown = sectionsOf(41).find((s) => s.key.startsWith('teardown:'))!;
    expect(teardown.body).toContain('Deleted with it: 3 snapshots.');
    expect(teardown.body).toContain('<code>pr-41-preview</code>');
    expect(teardown.body).toContain("1 snapshot was kept (they still count toward the project's storage):");
    expect(run.summary).toContain('Deleted with it: 3 snapshots.');

    // a rerun finds nothing more to delete and leaves the comment as it is
    const body = world.github.comments(41)[0]!.body;
    const again = await world.run(
      { command: 'cleanup' },
      { event: pullRequestEvent(41, 'snap-close', { action: 'closed' }) },
    );
    expect(again.code, again.output).toBe(0);
    expect(JSON.parse(again.outputs.deleted!)).toEqual([]);
    expect(world.github.comments(41)[0]!.body).toBe(body);
  });

  it('keep-snapshots: true keeps them, lists each in kept with why, and turns their sections "kept"', async () => {
    const { ofPreview, ofMain } = await prWithSnapshots(42, 'snap-keep');
    const before = snapshotNames();
    const run = await world.run(
      { command: 'cleanup', 'keep-snapshots': 'true' },
      { event: pullRequestEvent(42, 'snap-keep', { action: 'closed' }) },
    );
    expect(run.code, run.output).toBe(0);
    expect(snapshotNames()).toEqual(before);
    const kept = JSON.parse(run.outputs.kept!) as Entry[];
    expect(kept.map((k) => [k.name, k.reason, k.kind]).sort()).toEqual([
      ['nightly-42', 'another run took it; this pull request reused it by name', 'snapshot'],
      ['pr-42-before', 'keep-snapshots is true', 'snapshot'],
      ['pr-42-preview', 'keep-snapshots is true', 'snapshot'],
    ]);
    expect(JSON.parse(run.outputs.deleted!).map((d: Entry) => d.kind)).toEqual([undefined]);
    expect(snapshotSections(42).map((s) => s.attrs.state)).toEqual(['kept', 'kept', 'kept']);
    const preview = snapshotSections(42).find((s) => s.attrs.snapshot === ofPreview.outputs['snapshot-id'])!;
    expect(preview.body).toContain('was kept when this pull request closed: keep-snapshots is true.');
    expect(preview.body).toContain("It still counts toward the project's storage");
    const teardown = sectionsOf(42).find((s) => s.key.startsWith('teardown:'))!;
    expect(teardown.body).toContain("3 snapshots were kept (they still count toward the project's storage):");
    expect(teardown.body).toContain(
      `<code>pr-42-before</code> (<code>${ofMain.outputs['snapshot-id']}</code>): keep-snapshots is true`,
    );
  });

  it('the input is checked: keep-snapshots takes true or false', async () => {
    const run = await world.run(
      { command: 'cleanup', 'keep-snapshots': 'sometimes' },
      { event: pullRequestEvent(43, 'x', { action: 'closed' }) },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::.*keep-snapshots/);
  });
});
