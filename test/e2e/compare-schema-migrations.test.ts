/**
 * compare-schema with the PR's migration files and the branch's real rows, through dist/index.js:
 * the parent holds a table above small-table-rows and one below it, the PR's migration indexes
 * both (one CONCURRENTLY) and drops a column, and the review says which lock matters, how big the
 * table is, and on which line of which file; without a connection it falls back in one line.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, startWorld, type World } from './fixtures.js';
import { pullRequestEvent } from './run-action.js';

const MIGRATION = `-- 002: index both tables
CREATE INDEX big_orders_customer_idx ON big_orders (customer_id);

CREATE INDEX small_tags_label_idx ON small_tags (label);
CREATE INDEX CONCURRENTLY big_orders_note_idx
    ON big_orders (note);
ALTER TABLE big_orders DROP COLUMN legacy;
`;
const FILE = 'db/migrations/002_index_both.sql';
const BROKEN = 'db/migrations/003_broken.sql';

let world: World;
let workspace: string;
beforeAll(async () => {
  world = await startWorld();
  await world.neon.dataPlane.query(
    world.neon.defaultBranchId,
    'neondb',
    `CREATE TABLE big_orders (id int PRIMARY KEY, customer_id int, note text, legacy text);
     INSERT INTO big_orders SELECT g, g % 97, 'note ' || g, NULL FROM generate_series(1, 25000) g;
     ANALYZE big_orders;
     CREATE TABLE small_tags (id int PRIMARY KEY, label text);
     INSERT INTO small_tags SELECT g, 'tag ' || g FROM generate_series(1, 12) g;`,
  );
  workspace = mkdtempSync(join(tmpdir(), 'npa-workspace-'));
  mkdirSync(join(workspace, 'db/migrations'), { recursive: true });
  writeFileSync(join(workspace, 'db/migrations/001_init.sql'), 'CREATE TABLE big_orders (id int PRIMARY KEY);\n');
  writeFileSync(join(workspace, FILE), MIGRATION);
  writeFileSync(join(workspace, BROKEN), 'SELECT 1;\n\nALTER TABLE small_tags\n  ADD COLUM x int;\n');
}, 120_000);
afterAll(async () => {
  await world?.close();
});

type Change = {
  kind: string;
  action: string;
  object: string;
  risk: string;
  reason: string;
  file?: string;
  line?: number;
  rows?: number;
  bytes?: number;
};
const changesOf = (outputs: Record<string, string>) => JSON.parse(outputs.changes ?? '[]') as Change[];
const byObject = (changes: Change[]) => Object.fromEntries(changes.map((c) => [c.object, c]));

describe('compare-schema with migrations and table sizes', () => {
  it('flags only the plain index on the big table, with its size, on the right line', async () => {
    const event = pullRequestEvent(60, 'index-both');
    const created = await world.run({ command: 'create-branch', comment: 'false' }, { event });
    expect(created.code, created.output).toBe(0);
    // the migration, one statement at a time (CONCURRENTLY refuses a multi-statement batch)
    for (const sql of MIGRATION.split(';')
      .map((s) => s.trim())
      .filter((s) => /\w/.test(s.replace(/--.*$/gm, ''))))
      await query(created.outputs['db-url']!, sql);
    world.github.setPullFiles(60, [
      { filename: 'README.md', status: 'modified' },
      { filename: BROKEN, status: 'added' },
      { filename: FILE, status: 'added' },
      { filename: 'db/migrations/000_gone.sql', status: 'removed' },
    ]);

    const run = await world.run(
      { command: 'compare-schema', migrations: 'db/migrations/*.sql' },
      { event, env: { GITHUB_WORKSPACE: workspace } },
    );
    expect(run.code, run.output).toBe(0);
    const changes = byObject(changesOf(run.outputs));
    const big = changes['public.big_orders.big_orders_customer_idx']!;
    expect(big).toMatchObject({ kind: 'index', action: 'added', risk: 'locking', file: FILE, line: 2, rows: 25000 });
    expect(big.reason).toMatch(
      /^25 k rows, [\d.]+ MB: a plain CREATE INDEX blocks writes for the whole build; build it CONCURRENTLY$/,
    );
    expect(big.bytes).toBeGreaterThan(1_000_000);
    expect(changes['public.small_tags.small_tags_label_idx']).toMatchObject({
      risk: 'safe',
      reason: '12 rows: the lock is brief',
      file: FILE,
      line: 4,
      rows: 12,
    });
    expect(changes['public.big_orders.big_orders_note_idx']).toMatchObject({
      risk: 'safe',
      reason: 'built CONCURRENTLY: reads and writes go on during the build',
      line: 5,
    });
    const dropped = changes['public.big_orders.legacy']!;
    expect(dropped).toMatchObject({ kind: 'column', action: 'dropped', risk: 'destructive', line: 7 });
    expect(dropped.reason).toMatch(/^drops public\.big_orders\.legacy: 25 k rows, /);

    // annotations: the destructive drop as an error, the big index as a warning, the unparsed file as a warning; no others
    const annotations = run.stdout.split('\n').filter((l) => /^::(error|warning) .*\bfile=/.test(l));
    expect(annotations).toEqual([
      `::warning title=Migration not parsed,file=${BROKEN},line=4::syntax error at or near "int": this statement is left unmatched; the review goes on from the dumps`,
      expect.stringMatching(
        new RegExp(
          `^::error title=Destructive schema change,file=${FILE},line=7::column public\\.big_orders\\.legacy dropped: drops public\\.big_orders\\.legacy: 25 k rows`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^::warning title=Locking schema change,file=${FILE},line=2::index public\\.big_orders\\.big_orders_customer_idx added: 25 k rows`,
        ),
      ),
    ]);

    // the comment: a size column, file:line links to the head commit, the sizes' source in one line
    const comment = world.github
      .comments(60)
      .find((c) => c.body.startsWith('<!-- neon-preview-action:review -->'))!.body;
    expect(comment).toMatch(/^\| Risk \| Kind \| Action \| Object \| Size \| Reason \| Migration \| Detail \|$/m);
    const row = comment.split('\n').find((l) => l.includes('big\\_orders\\_customer\\_idx'))!;
    expect(row).toContain('🟠 locking');
    expect(row).toMatch(/\| 25 k rows, [\d.]+ MB \|/);
    expect(row).toContain(`[002\\_index\\_both.sql:2](https://github.com/acme/app/blob/${'b'.repeat(40)}/${FILE}#L2)`);
    expect(comment).toContain(
      'Table sizes from branch preview/pr-60-index-both: a locking change is safe on a table under 10,000 rows (small-table-rows).',
    );
    expect(comment).toContain(`${BROKEN.replace(/_/g, '\\_')}:4 did not parse`);
    expect(run.summary).toContain('| Size |');
    // the connection URI the sizes were read with was masked before anything else could print it
    expect(run.masks.some((m) => m.startsWith('postgresql://'))).toBe(true);
  }, 180_000);

  it('falls back to class-based risks, in one line of the comment, when it cannot connect', async () => {
    const event = pullRequestEvent(60, 'index-both');
    const run = await world.run(
      { command: 'compare-schema', migrations: 'db/migrations/*.sql', role: 'no_such_role' },
      { event, env: { GITHUB_WORKSPACE: workspace } },
    );
    expect(run.code, run.output).toBe(0);
    const changes = byObject(changesOf(run.outputs));
    expect(changes['public.small_tags.small_tags_label_idx']).toMatchObject({ risk: 'locking', line: 4 });
    expect(changes['public.small_tags.small_tags_label_idx']!.rows).toBeUndefined();
    expect(changes['public.big_orders.big_orders_note_idx']).toMatchObject({ risk: 'safe', line: 5 });
    const comment = world.github
      .comments(60)
      .find((c) => c.body.startsWith('<!-- neon-preview-action:review -->'))!.body;
    const lines = comment.split('\n').filter((l) => l.includes('Table sizes unavailable'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Table sizes unavailable \(Neon has no connection for role no\\_such\\_role: .*\): risks are by statement class only\.(<br>)?$/,
    );
    expect(comment).not.toContain('| Size |');
  }, 120_000);

  it('warns on the step, naming the input, when the migrations glob matches no file of the PR', async () => {
    const event = pullRequestEvent(60, 'index-both');
    const run = await world.run(
      { command: 'compare-schema', migrations: 'prisma/migrations/*/migration.sql' },
      { event, env: { GITHUB_WORKSPACE: workspace } },
    );
    expect(run.code, run.output).toBe(0);
    expect(run.stdout).toContain(
      '::warning::Input "migrations" (prisma/migrations/*/migration.sql) matches no file this PR adds or changes: reviewed from the dumps alone.',
    );
  }, 120_000);

  it("rehearses and maps only a dbmate file's up section: the down section's DROP INDEX on line 11 is never run", async () => {
    const event = pullRequestEvent(61, 'dbmate');
    const created = await world.run({ command: 'create-branch', comment: 'false' }, { event });
    expect(created.code, created.output).toBe(0);
    const dbmate = [
      '-- migrate:up transaction:false', // 1
      'CREATE INDEX CONCURRENTLY small_tags_label_idx2 ON small_tags (label);', // 2
      '',
      'ALTER TABLE small_tags ADD COLUMN color text;', // 4
      '',
      '-- migrate:down transaction:false', // 6
      'ALTER TABLE small_tags DROP COLUMN color;',
      '',
      '-- the index goes last',
      '',
      'DROP INDEX small_tags_label_idx2;', // 11
      '',
    ].join('\n');
    const file = 'db/dbmate/20240201000000_tags.sql';
    mkdirSync(join(workspace, 'db/dbmate'), { recursive: true });
    writeFileSync(join(workspace, file), dbmate);
    await query(created.outputs['db-url']!, 'CREATE INDEX CONCURRENTLY small_tags_label_idx2 ON small_tags (label)');
    await query(created.outputs['db-url']!, 'ALTER TABLE small_tags ADD COLUMN color text');
    world.github.setPullFiles(61, [{ filename: file, status: 'added' }]);
    const run = await world.run(
      { command: 'compare-schema', migrations: 'db/dbmate/*.sql', rehearse: 'true' },
      { event, env: { GITHUB_WORKSPACE: workspace }, timeoutMs: 180_000 },
    );
    expect(run.code, run.output).toBe(0);
    const report = JSON.parse(run.outputs.rehearsal!) as {
      outcome: string;
      statements: { file: string; line: number }[];
    };
    expect(report.outcome).toBe('completed');
    expect(report.statements.map((st) => `${st.file}:${st.line}`)).toEqual([`${file}:2`, `${file}:4`]);
    const changes = byObject(changesOf(run.outputs));
    expect(changes['public.small_tags.small_tags_label_idx2']).toMatchObject({ action: 'added', file, line: 2 });
    expect(changes['public.small_tags.color']).toMatchObject({ action: 'added', file, line: 4 });
    expect(run.stdout).not.toMatch(/small_tags\.sql:11|DROP INDEX/);
  }, 240_000);

  it('falls back from the fork point to the head on the one rule compare-schema uses: a point outside history, not any 4xx', async () => {
    const event = pullRequestEvent(62, 'fork-rule');
    const created = await world.run({ command: 'create-branch', comment: 'false' }, { event });
    expect(created.code, created.output).toBe(0);
    const file = 'db/fork/001_tags.sql';
    mkdirSync(join(workspace, 'db/fork'), { recursive: true });
    writeFileSync(join(workspace, file), 'ALTER TABLE small_tags ADD COLUMN weight int;\n');
    world.github.setPullFiles(62, [{ filename: file, status: 'added' }]);
    const creates = () => world.neon.requests.filter((r) => r.method === 'POST' && /\/branches$/.test(r.path)).length;
    const rehearse = () =>
      world.run(
        { command: 'compare-schema', migrations: 'db/fork/*.sql', rehearse: 'true', 'rehearse-at': 'fork' },
        { event, env: { GITHUB_WORKSPACE: workspace }, timeoutMs: 180_000 },
      );

    // a 403 at the fork point is no reason to rehearse on another base: one attempt, no fallback
    let before = creates();
    world.neon.faults.add({
      operationId: 'createProjectBranch',
      kind: 'refuse',
      status: 403,
      message: 'permission denied for this key',
    });
    const refused = await rehearse();
    expect(creates() - before, refused.output).toBe(1);
    expect(refused.stdout).not.toContain('instead');
    expect(JSON.parse(refused.outputs.rehearsal!)).toMatchObject({ outcome: 'error' });

    // a point Neon no longer holds: the head, said in a warning, as compare-schema does for the dumps
    before = creates();
    world.neon.faults.add({
      operationId: 'createProjectBranch',
      kind: 'refuse',
      status: 422,
      message: 'requested LSN is outside the history retention',
    });
    const fallback = await rehearse();
    expect(creates() - before, fallback.output).toBe(2);
    expect(fallback.stdout).toContain(
      '::warning::Neon refused a branch at the fork point (requested LSN is outside the history retention); rehearsing on the head of main instead',
    );
    const report = JSON.parse(fallback.outputs.rehearsal!) as { outcome: string; base: { lsn?: string } };
    expect(report.outcome).toBe('completed');
    expect(report.base.lsn).toBeUndefined();
  }, 240_000);
});
