/**
 * The smaller things a user hit, run through dist/index.js: a wrong project-id or api-key named on
 * every command; compare-schema's databases checked and counted once; unused inputs warned about;
 * a snapshot already gone; snapshot create's job summary; restored preview branches that expire and
 * go with their PR.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../fixtures.js';
import { pullRequestEvent } from '../run-action.js';
import { branchesNamed, makeBranch, makeSnapshot, snapshotsNamed } from './scenarios.js';
import { expectOneClearLine, expectSuccess } from './verdicts.js';

const schedule = { name: 'schedule', payload: {} };
const RULES = '- {table_name: users, column_name: email, masking_value: x}';

let world: World;
beforeAll(async () => {
  world = await startWorld({ dataPlane: 'none', operationMs: 20 });
});
afterAll(async () => {
  await world?.close();
});

describe('a wrong project-id or api-key is named on every command', () => {
  const commands: Record<string, string>[] = [
    { command: 'create-branch', 'branch-name': 'preview/wrong' },
    { command: 'reset-branch', 'branch-name': 'preview/wrong' },
    { command: 'compare-schema', 'branch-name': 'preview/wrong' },
    { command: 'anonymize', 'branch-name': 'preview/wrong', 'masking-rules': RULES },
    { command: 'snapshot', 'snapshot-action': 'list' },
    { command: 'cleanup' },
    { command: 'api', operation: 'listProjectBranches' },
  ];
  for (const inputs of commands)
    it(`${inputs.command}${inputs['snapshot-action'] ? ` ${inputs['snapshot-action']}` : ''}`, async () => {
      const project = await world.run({ ...inputs, 'project-id': 'no-such-project-123' }, { event: schedule });
      expect(expectOneClearLine(project)).toMatch(
        /^::error::Input "project-id" names no project this key can see \("no-such-project-123"\)/,
      );
      const key = await world.run({ ...inputs, 'api-key': 'napi_not_a_key_0123456789abcdef' }, { event: schedule });
      expect(expectOneClearLine(key)).toMatch(/^::error::Input "api-key" is not accepted/);
    });
});

describe('compare-schema', () => {
  const plane = () => world.neon.dataPlane as unknown as { setSchema(branch: string, db: string, sql: string): void };
  let branchName: string;
  beforeAll(async () => {
    plane().setSchema(world.neon.defaultBranchId, 'neondb', 'CREATE TABLE items (id integer, name text);\n');
    const branch = await makeBranch(world, 'preview/dbs');
    branchName = branch.name;
    plane().setSchema(branch.id, 'neondb', 'CREATE TABLE items (id integer);\n');
  });

  it('databases naming no database of the branch names the input', async () => {
    const r = await world.run(
      { command: 'compare-schema', 'branch-name': branchName, databases: 'nosuchdb' },
      { event: schedule },
    );
    expect(expectOneClearLine(r)).toMatch(
      /^::error::Input "databases" names no database of branch preview\/dbs: "nosuchdb" \(it has neondb\)/,
    );
  });

  it('a database given twice is reviewed once', async () => {
    const once = await world.run({ command: 'compare-schema', 'branch-name': branchName }, { event: schedule });
    const twice = await world.run(
      { command: 'compare-schema', 'branch-name': branchName, databases: 'neondb, neondb' },
      { event: schedule },
    );
    expectSuccess(twice);
    expect(JSON.parse(twice.outputs.changes!)).toHaveLength(JSON.parse(once.outputs.changes!).length);
    expect(twice.outputs.summary).toBe(once.outputs.summary);
  });
});

describe('inputs the command does not read', () => {
  it('are one warning each when set to something other than their default', async () => {
    const r = await world.run(
      {
        command: 'create-branch',
        'branch-name': 'preview/unused',
        'masking-rules': RULES,
        'fail-on': 'any',
        'dry-run': 'false',
      },
      { event: schedule },
    );
    expectSuccess(r);
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning::'));
    expect(warnings.filter((w) => w.includes('`masking-rules` is not used by create-branch'))).toHaveLength(1);
    expect(warnings.filter((w) => w.includes('`fail-on` is not used by create-branch'))).toHaveLength(1);
    // set to its default: nothing to warn about
    expect(warnings.some((w) => w.includes('dry-run'))).toBe(false);
  });
});

describe('snapshots', () => {
  it('create writes a job summary naming the snapshot', async () => {
    const r = await world.run({ command: 'snapshot', name: 'summary-snap' }, { event: schedule });
    expectSuccess(r);
    expect(r.summary).toContain('summary-snap');
    expect(r.summary).toContain(r.outputs['snapshot-id']!);
  });

  it('delete of a snapshot already gone is a notice, by id and by name', async () => {
    const snap = await makeSnapshot(world, 'gone-snap');
    const first = await world.run(
      { command: 'snapshot', 'snapshot-action': 'delete', 'snapshot-id': snap.id },
      { event: schedule },
    );
    expectSuccess(first);
    expect(snapshotsNamed(world, 'gone-snap')).toEqual([]);
    for (const inputs of [{ 'snapshot-id': snap.id }, { name: 'gone-snap' }] as Record<string, string>[]) {
      const again = await world.run(
        { command: 'snapshot', 'snapshot-action': 'delete', ...inputs },
        { event: schedule },
      );
      expectSuccess(again);
      expect(again.stdout).toMatch(/^::notice::No snapshot .* already gone, nothing to delete/m);
    }
  });

  it('a restore for a PR expires, and goes with the PR', async () => {
    const pr = 63;
    await makeSnapshot(world, 'restore-snap');
    const open = pullRequestEvent(pr, 'restore', { action: 'synchronize' });
    const r = await world.run(
      { command: 'snapshot', 'snapshot-action': 'restore', name: 'restore-snap', comment: 'false' },
      { event: open },
    );
    expectSuccess(r);
    const name = `preview/pr-${pr}-restore-restored`;
    expect(r.outputs['branch-name']).toBe(name);
    const [restored] = branchesNamed(world, name);
    expect(restored?.expiresAt).toBeDefined();
    expect(r.outputs['expires-at']).not.toBe('');
    const closed = await world.run(
      { command: 'cleanup' },
      { event: pullRequestEvent(pr, 'restore', { action: 'closed' }) },
    );
    expectSuccess(closed);
    expect(JSON.parse(closed.outputs.deleted!).map((d: { name: string }) => d.name)).toEqual([name]);
    expect(branchesNamed(world, name)).toEqual([]);
  });
});

describe("cleanup's outputs", () => {
  it('kept holds the list of kept branches; skipped is the boolean', async () => {
    const r = await world.run({ command: 'cleanup', 'dry-run': 'true' }, { event: schedule });
    expectSuccess(r);
    expect(r.outputs.skipped).toBe('false');
    expect(Array.isArray(JSON.parse(r.outputs.kept!))).toBe(true);
  });
});
