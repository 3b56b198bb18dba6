/**
 * compare-schema with rehearse: true through dist/index.js: the PR's migration files run on a
 * throwaway copy of the parent's real rows (the local Neon's PGlite), the report naming each
 * statement's locks, rewrites and rows, the failing statement with its line, and the throwaway
 * branch gone afterwards.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RehearsalReport } from '../../src/rehearsal/types.js';
import { query, startWorld, type World } from './fixtures.js';
import { pullRequestEvent } from './run-action.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.neon.dataPlane.query(
    world.neon.defaultBranchId,
    'neondb',
    `CREATE TABLE big (id int PRIMARY KEY, v int, note text);
     INSERT INTO big SELECT g, g % 100, CASE WHEN g % 1000 = 0 THEN NULL ELSE 'n' END FROM generate_series(1, 200000) g;
     CREATE TABLE small (id int PRIMARY KEY, t text);
     INSERT INTO small SELECT g, 't' FROM generate_series(1, 10) g;`,
  );
});
afterAll(async () => {
  await world?.close();
});

/** A checked-out repository: the files at their paths under a fresh workspace folder. */
function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'npa-ws-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const MIGRATION = {
  'db/migrations/001_add_score.sql': 'ALTER TABLE big ADD COLUMN score float DEFAULT random();\n',
  'db/migrations/002_indexes.sql': [
    '-- a plain index on the big table, and one built without blocking writes on the small one',
    'CREATE INDEX big_v_idx ON big (v);',
    '',
    'CREATE INDEX CONCURRENTLY small_t_idx ON small (t);',
    '',
  ].join('\n'),
  'db/migrations/003_note_required.sql': [
    '-- every row has a note (it does not)',
    'ALTER TABLE big',
    '  ALTER COLUMN note SET NOT NULL;',
    '',
  ].join('\n'),
};

const rehearsalBranches = () => [...world.neon.state.branches.values()].filter((b) => b.name.includes('-rehearsal-'));

describe('compare-schema rehearses the migration on a copy of the parent', () => {
  it('measures each statement on the real rows, reports the failing one with its line, fails on it, and deletes the copy', async () => {
    const event = pullRequestEvent(60, 'score');
    const created = await world.run({ command: 'create-branch' }, { event });
    expect(created.code, created.output).toBe(0);
    // the PR's CI applied what it could to the preview
    await query(
      created.outputs['db-url']!,
      'ALTER TABLE big ADD COLUMN score float DEFAULT random(); CREATE INDEX big_v_idx ON big (v); CREATE INDEX small_t_idx ON small (t)',
    );
    world.github.setPullFiles(
      60,
      [...Object.keys(MIGRATION), 'README.md'].map((filename) => ({ filename, status: 'added' as const })),
    );
    const ws = workspace({ ...MIGRATION, 'README.md': '# app\n' });

    // rehearse-at: fork copies the parent at the preview's fork point (the default is its head: change-costs.test.ts)
    const run = await world.run(
      {
        command: 'compare-schema',
        migrations: 'db/migrations/*.sql',
        rehearse: 'true',
        'rehearse-at': 'fork',
        'fail-on': 'destructive',
      },
      { event, env: { GITHUB_WORKSPACE: ws }, timeoutMs: 180_000 },
    );
    expect(run.code, run.output).toBe(1);
    expect(run.stdout).toMatch(
      /::error::.*the migration fails in rehearsal at db\/migrations\/003_note_required\.sql:2: SQLSTATE 23502 \(not_null_violation/,
    );

    const report = JSON.parse(run.outputs.rehearsal!) as RehearsalReport;
    expect(report).toMatchObject({ outcome: 'failed', database: 'neondb', base: { branch: 'main' }, deleted: true });
    expect(report.base.lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    const at = (file: string, line: number) =>
      report.statements.find((s) => s.file === `db/migrations/${file}` && s.line === line)!;

    const add = at('001_add_score.sql', 1);
    expect(add).toMatchObject({ status: 'ok', transaction: true, rewrite: true, rewritten: ['public.big'] });
    expect(add.locks.find((l) => l.relation === 'public.big')).toMatchObject({
      mode: 'ACCESS EXCLUSIVE',
      rows: 200_000,
    });

    const index = at('002_indexes.sql', 2);
    expect(index).toMatchObject({ status: 'ok', rewrite: false });
    expect(index.locks.find((l) => l.relation === 'public.big')).toMatchObject({ mode: 'SHARE', rows: 200_000 });

    const concurrent = at('002_indexes.sql', 4);
    expect(concurrent).toMatchObject({ status: 'ok', transaction: false, rewrite: false, locks: [] });

    const failing = at('003_note_required.sql', 2);
    expect(failing).toMatchObject({ status: 'failed', sqlstate: '23502', errorLine: 2 });
    // Postgres's message is data: by default only its SQLSTATE and class (rehearsal-error-details shows it)
    expect(failing.error).toBe('SQLSTATE 23502 (not_null_violation, class 23: integrity constraint violation)');

    // the changes mapped to those statements take their risks from the measurements
    const changes = JSON.parse(run.outputs.changes!) as { object: string; risk: string; reason: string }[];
    const change = (object: string) => changes.find((c) => c.object === object)!;
    expect(change('public.big.score')).toMatchObject({ risk: 'locking' });
    expect(change('public.big.score').reason).toMatch(
      /^measured: blocked reads and writes of public\.big for [\d.]+ m?s on 200,000 rows \(ACCESS EXCLUSIVE\), rewrote public\.big$/,
    );
    // the class follows the lock's mode, whatever this machine's speed: the hold is the severity
    expect(change('public.big.big_v_idx')).toMatchObject({ risk: 'locking' });
    expect(change('public.big.big_v_idx').reason).toMatch(
      /^measured: blocked writes to public\.big for [\d.]+ m?s on 200,000 rows \(SHARE\)/,
    );
    expect(change('public.small.small_t_idx')).toMatchObject({ risk: 'safe' });

    const comment = world.github
      .comments(60)
      .find((c) => c.body.startsWith('<!-- neon-preview-action:review -->'))!.body;
    expect(comment).toContain('#### Rehearsal on a copy of main at the fork point');
    expect(comment).toMatch(
      /fails on the parent's data\*\* at <code>db\/migrations\/003&#95;note&#95;required\.sql:2<\/code>/,
    );
    expect(comment).toMatch(
      /\| <code>db\/migrations\/001&#95;add&#95;score\.sql:1<\/code> .*\| ACCESS EXCLUSIVE on <code>public\.big<\/code> \| [\d.]+ m?s \| 200,000 \| rewrote <code>public\.big<\/code> \|/,
    );
    expect(comment).toMatch(
      /\| <code>db\/migrations\/002&#95;indexes\.sql:2<\/code> .*\| SHARE on <code>public\.big<\/code> \|/,
    );
    expect(run.summary).toContain('Rehearsal on a copy of main');

    // the copy is gone, and the preview kept what its CI applied (the rehearsal never touched it)
    expect(rehearsalBranches()).toEqual([]);
    expect(run.stdout).toMatch(/Deleted throwaway branch preview\/pr-60-score-rehearsal-[0-9a-f]{6} \(br-/);
    const columns = await query(
      created.outputs['db-url']!,
      "SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'big'",
    );
    expect(columns[0]!.n).toBe(4);
  }, 240_000);

  it('a label that approves flagged changes never approves a migration that fails in rehearsal', async () => {
    // PR 60's preview is the one the first test made and reviewed
    world.github.addLabel(60, 'db-approved', { login: 'alice', id: 11, type: 'User' });
    const ws = workspace(MIGRATION);
    const run = await world.run(
      {
        command: 'compare-schema',
        migrations: 'db/migrations/*.sql',
        rehearse: 'true',
        'fail-on': 'destructive',
        'approve-label': 'db-approved',
      },
      {
        event: pullRequestEvent(60, 'score', { action: 'labeled' }),
        env: { GITHUB_WORKSPACE: ws },
        timeoutMs: 180_000,
      },
    );
    expect(run.code, run.output).toBe(1);
    expect(run.stdout).toMatch(
      /::error::.*the migration fails in rehearsal at db\/migrations\/003_note_required\.sql:2/,
    );
    expect(rehearsalBranches()).toEqual([]);
  }, 240_000);

  it('refuses rehearse without migrations in one line, before any work at Neon', async () => {
    const before = world.neon.requests.length;
    const run = await world.run({ command: 'compare-schema', rehearse: 'true' }, { event: pullRequestEvent(61, 'x') });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::Input "rehearse" needs migrations: the glob of the migration files to run/m);
    expect(world.neon.requests.length).toBe(before);
  });

  it("leaves cleanup's sweep a rehearsal branch a killed run left, deleted once its run is over even while the PR is open", async () => {
    world.github.addPull({ number: 62, head: { ref: 'left', sha: 'c'.repeat(40), repo: { full_name: 'acme/app' } } });
    const annotations = (until: string) => ({
      'github-commit-repo': 'acme/app',
      'github-pr-number': '62',
      'neon-preview-action-rehearsal': until,
    });
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const later = new Date(Date.now() + 600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    world.neon.seedBranches(1, {
      name: 'preview/pr-62-left-rehearsal-0a0a0a',
      annotations: annotations(hourAgo),
      createdAt: hourAgo,
    });
    world.neon.seedBranches(1, {
      name: 'preview/pr-62-left-rehearsal-0b0b0b',
      annotations: annotations(later),
      createdAt: hourAgo,
    });
    const run = await world.run(
      { command: 'cleanup', 'cleanup-mode': 'sweep' },
      { event: { name: 'schedule', payload: {} } },
    );
    expect(run.code, run.output).toBe(0);
    const deleted = JSON.parse(run.outputs.deleted!) as { name: string; reason: string }[];
    expect(deleted.map((d) => d.name)).toEqual(['preview/pr-62-left-rehearsal-0a0a0a']);
    expect(deleted[0]!.reason).toMatch(/rehearsal's throwaway branch left behind/);
    expect(rehearsalBranches().map((b) => b.name)).toEqual(['preview/pr-62-left-rehearsal-0b0b0b']);
  });
});
