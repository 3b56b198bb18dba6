/**
 * Issue 24 through dist/index.js on the local Neon's data plane (PGlite per branch): what a change
 * costs, counted on the rehearsal's copy of the base as it is now. A 60,000-row table loses a column
 * (60,000 values), a 500-row table is dropped (500 rows), and a SET NOT NULL that passed on the
 * preview fails on the four NULL rows production wrote after the fork (violations: 4, found by the
 * rehearsal on the head, "4 rows written since the fork"). No value of the data appears anywhere.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RehearsalReport } from '../../src/rehearsal/types.js';
import type { Change } from '../../src/schema/types.js';
import { query, startWorld, type World } from './fixtures.js';
import { pullRequestEvent } from './run-action.js';

/** Every value of the data carries this mark: none may reach a log line, an output, a comment or a summary. */
const MARK = 'qzv7';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.neon.dataPlane.query(
    world.neon.defaultBranchId,
    'neondb',
    `CREATE TABLE big (id int PRIMARY KEY, note text);
     INSERT INTO big SELECT g, '${MARK}-big-' || g FROM generate_series(1, 60000) g;
     CREATE TABLE old (id int PRIMARY KEY, payload text);
     INSERT INTO old SELECT g, '${MARK}-old-' || g FROM generate_series(1, 500) g;
     CREATE TABLE small (id int PRIMARY KEY, note text);
     INSERT INTO small SELECT g, '${MARK}-small-' || g FROM generate_series(1, 10) g;`,
  );
});
afterAll(async () => {
  await world?.close();
});

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'npa-ws-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const MIGRATION = {
  'db/migrations/001_drop_note.sql': 'ALTER TABLE big DROP COLUMN note;\n',
  'db/migrations/002_drop_old.sql': 'DROP TABLE old;\n',
  'db/migrations/003_small_note_required.sql': 'ALTER TABLE small ALTER COLUMN note SET NOT NULL;\n',
};

describe('compare-schema counts what a change costs on a copy of production as it is now', () => {
  it('loses 60,000 values and 500 rows, and finds the 4 NULL rows written since the fork that make SET NOT NULL fail', async () => {
    const event = pullRequestEvent(70, 'costs');
    const created = await world.run({ command: 'create-branch' }, { event });
    expect(created.code, created.output).toBe(0);
    // the PR's CI applied the migration to the preview: it passed there (no NULL at the fork point)
    await query(created.outputs['db-url']!, Object.values(MIGRATION).join(''));
    // production writes four rows without a note afterwards
    await world.neon.dataPlane.query(
      world.neon.defaultBranchId,
      'neondb',
      'INSERT INTO small SELECT g, NULL FROM generate_series(11, 14) g',
    );
    world.github.setPullFiles(
      70,
      Object.keys(MIGRATION).map((filename) => ({ filename, status: 'added' as const })),
    );
    const ws = workspace(MIGRATION);

    const run = await world.run(
      { command: 'compare-schema', migrations: 'db/migrations/*.sql', rehearse: 'true', 'fail-on': 'destructive' },
      { event, env: { GITHUB_WORKSPACE: ws }, timeoutMs: 240_000 },
    );
    expect(run.code, run.output).toBe(1);

    const changes = JSON.parse(run.outputs.changes!) as Change[];
    const change = (kind: string, object: string) => changes.find((c) => c.kind === kind && c.object === object)!;
    expect(change('column', 'public.big.note')).toMatchObject({ action: 'dropped', loses: { values: 60_000 } });
    expect(change('column', 'public.big.note').loses!.estimated).toBeUndefined();
    expect(change('table', 'public.old')).toMatchObject({ action: 'dropped', loses: { rows: 500 } });
    const notNull = change('column', 'public.small.note');
    expect(notNull).toMatchObject({ action: 'altered', violations: { rows: 4 }, risk: 'destructive' });
    expect(notNull.reason).toMatch(/^fails on production: 4 rows of public\.small hold NULL in note/);

    // the rehearsal ran on the base's head, says when the copy was taken, fails on the new rows
    const report = JSON.parse(run.outputs.rehearsal!) as RehearsalReport;
    expect(report.base.lsn).toBeUndefined();
    expect(report.base.takenAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(report.statements.find((s) => s.file.endsWith('003_small_note_required.sql'))).toMatchObject({
      status: 'failed',
      sqlstate: '23502',
    });
    expect(report.sinceFork).toEqual([{ table: 'public.small', rows: 4 }]);
    expect(report.deleted).toBe(true);

    const comment = world.github
      .comments(70)
      .find((c) => c.body.startsWith('<!-- neon-preview-action:review -->'))!.body;
    // the failure leads the comment, before the table of changes
    const lead = comment.indexOf('fails on production: 4 rows of public.small hold NULL in note');
    expect(lead).toBeGreaterThan(0);
    expect(lead).toBeLessThan(comment.indexOf('| Risk |'));
    expect(comment).toContain('loses 60,000 values');
    expect(comment).toContain('loses 500 rows');
    expect(comment).toMatch(/Rehearsal on a copy of main at its head \(as the deploy will meet it\), copied \d{4}-/);
    expect(comment).toMatch(/Since the fork point: 4 row\(s\) written to <code>public\.small<\/code>/);
    expect(run.stdout).toMatch(/fails on production: 4 rows of public\.small hold NULL in note/);
    // no lock_timeout before them: advice with the value to set, for the column drop and the table drop
    expect(comment).toMatch(
      /<code>db\/migrations\/001&#95;drop&#95;note\.sql:1<\/code> takes ACCESS EXCLUSIVE on <code>public\.big<\/code> \(60,000 rows; held [\d.]+ m?s here\) with no lock_timeout set before it: put <code>SET lock&#95;timeout = '\d+m?s';<\/code> before it/,
    );
    expect(comment).toMatch(
      /002&#95;drop&#95;old\.sql:1<\/code> takes ACCESS EXCLUSIVE on <code>public\.old<\/code> \(500 rows;/,
    );

    // counts only: no value of the data anywhere
    const everything = [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs), comment].join('\n');
    expect(everything).not.toContain(MARK);
    // and the copies are gone
    expect([...world.neon.state.branches.values()].filter((b) => b.name.includes('-rehearsal-'))).toEqual([]);
  }, 300_000);

  it("reports a statement that fails only on the head because the base's schema moved since the fork", async () => {
    await world.neon.dataPlane.query(world.neon.defaultBranchId, 'neondb', 'CREATE TABLE tags (id int, label text)');
    const event = pullRequestEvent(71, 'moved');
    const created = await world.run({ command: 'create-branch' }, { event });
    expect(created.code, created.output).toBe(0);
    const file = 'db/migrations/004_label_required.sql';
    const sql = 'ALTER TABLE tags ALTER COLUMN label SET NOT NULL;\n';
    await query(created.outputs['db-url']!, sql);
    // another PR merged a migration into production after the fork: the column is renamed there
    await world.neon.dataPlane.query(
      world.neon.defaultBranchId,
      'neondb',
      'ALTER TABLE tags RENAME COLUMN label TO title',
    );
    world.github.setPullFiles(71, [{ filename: file, status: 'added' }]);
    const run = await world.run(
      { command: 'compare-schema', migrations: 'db/migrations/004_*.sql', rehearse: 'true', 'fail-on': 'destructive' },
      { event, env: { GITHUB_WORKSPACE: workspace({ [file]: sql }) }, timeoutMs: 240_000 },
    );
    expect(run.code, run.output).toBe(1);
    const report = JSON.parse(run.outputs.rehearsal!) as RehearsalReport;
    expect(report).toMatchObject({ outcome: 'failed', baseMoved: true });
    expect(report.statements[0]).toMatchObject({ status: 'failed', sqlstate: '42703' });
    const comment = world.github
      .comments(71)
      .find((c) => c.body.startsWith('<!-- neon-preview-action:review -->'))!.body;
    expect(comment).toContain(
      "The schema of main moved since the fork point (a migration merged since): the PR's files ran on top of it, as the deploy will, and the statement below fails there",
    );
  }, 300_000);

  it('with rehearse: false, estimates from the statistics, marked estimated, and the comment says "about"', async () => {
    await world.neon.dataPlane.query(world.neon.defaultBranchId, 'neondb', 'ANALYZE big; ANALYZE old; ANALYZE small');
    const event = pullRequestEvent(70, 'costs', { action: 'synchronize' });
    const ws = workspace(MIGRATION);
    const run = await world.run(
      { command: 'compare-schema', migrations: 'db/migrations/*.sql', 'fail-on': 'none' },
      { event, env: { GITHUB_WORKSPACE: ws }, timeoutMs: 240_000 },
    );
    expect(run.code, run.output).toBe(0);
    const changes = JSON.parse(run.outputs.changes!) as Change[];
    const old = changes.find((c) => c.kind === 'table' && c.object === 'public.old')!;
    expect(old.loses).toEqual({ rows: 500, estimated: true });
    const notNull = changes.find((c) => c.object === 'public.small.note')!;
    expect(notNull.violations).toMatchObject({ rows: 4, estimated: true });
    const comment = world.github
      .comments(70)
      .find((c) => c.body.startsWith('<!-- neon-preview-action:review -->'))!.body;
    expect(comment).toContain('loses about 500 rows');
    expect(comment).toContain('would fail on production: about 4 rows of public.small hold NULL in note');
    expect([run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs), comment].join('\n')).not.toContain(MARK);
  }, 300_000);
});
