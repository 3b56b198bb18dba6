/**
 * Issue 21 through dist/index.js on the local Neon's real Postgres: a PR's own text never lowers a
 * verdict, leaks a row, or keeps the step alive.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, startWorld, type World } from './fixtures.js';
import { pullRequestEvent } from './run-action.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.neon.dataPlane.query(
    world.neon.defaultBranchId,
    'neondb',
    `CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, age int);
     INSERT INTO users SELECT g, 'user' || g || '@example.com', g % 90 FROM generate_series(1, 2000) g;`,
  );
});
afterAll(async () => {
  await world?.close();
});

type Change = { kind: string; action: string; object: string; risk: string; destructive: boolean; reason: string };
const changesOf = (outputs: Record<string, string>) => JSON.parse(outputs.changes ?? '[]') as Change[];

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'npa-ws-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('compare-schema always ends', () => {
  it.each([
    ['a new view only', 71, 'CREATE VIEW adults AS SELECT id FROM users WHERE age >= 18'],
    [
      'a dropped table',
      72,
      'CREATE TABLE scratch (id int); DROP TABLE scratch; CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$SELECT 1$$',
    ],
  ])(
    'exits once its outputs are written when no change touches a table that still exists (%s)',
    async (_, pr, sql) => {
      const event = pullRequestEvent(pr, `linger-${pr}`);
      const created = await world.run({ command: 'create-branch' }, { event });
      expect(created.code, created.output).toBe(0);
      await query(created.outputs['db-url']!, sql);
      // a process the size reader's socket keeps alive is killed here: code null
      const run = await world.run({ command: 'compare-schema' }, { event, timeoutMs: 90_000 });
      expect(run.code, run.output).toBe(0);
      expect(run.outputs['has-changes']).toBe('true');
    },
    200_000,
  );
});

/** A PR whose migration files are `files`: the preview got `applied`, the workspace holds the files. */
async function prWith(pr: number, files: Record<string, string>, applied: string) {
  const event = pullRequestEvent(pr, `guard-${pr}`);
  const created = await world.run({ command: 'create-branch' }, { event });
  expect(created.code, created.output).toBe(0);
  if (applied) await query(created.outputs['db-url']!, applied);
  world.github.setPullFiles(
    pr,
    Object.keys(files).map((filename) => ({ filename, status: 'added' as const })),
  );
  return { event, ws: workspace(files) };
}

describe('verdicts the PR cannot lower', () => {
  it('a narrowing USING left(email, 5) on 2,000 rows stays destructive, and TRUNCATE with no schema change is destructive', async () => {
    const migration = 'ALTER TABLE users ALTER COLUMN email TYPE varchar(5) USING left(email, 5);\nTRUNCATE users;\n';
    const { event, ws } = await prWith(
      73,
      { 'db/migrations/001_short.sql': migration },
      'ALTER TABLE users ALTER COLUMN email TYPE varchar(5) USING left(email, 5)',
    );
    const run = await world.run(
      { command: 'compare-schema', migrations: 'db/migrations/*.sql', 'fail-on': 'destructive' },
      { event, env: { GITHUB_WORKSPACE: ws }, timeoutMs: 120_000 },
    );
    expect(run.code, run.output).toBe(1);
    const changes = changesOf(run.outputs);
    expect(changes.find((c) => c.object === 'public.users.email')).toMatchObject({
      risk: 'destructive',
      destructive: true,
    });
    expect(changes.find((c) => c.kind === 'table' && c.object === 'public.users')).toMatchObject({
      risk: 'destructive',
      reason: expect.stringContaining('TRUNCATE deletes every row'),
    });
    expect(run.stdout).toMatch(/::error::fail-on: destructive: 2 destructive changes/);
  }, 200_000);

  it("a rehearsal's error shows SQLSTATE, class and line, never the parent's rows", async () => {
    const migration = "DO $$ BEGIN RAISE EXCEPTION 'leak: %', (SELECT string_agg(email, ',') FROM users); END $$;\n";
    const { event, ws } = await prWith(74, { 'db/migrations/001_leak.sql': migration }, '');
    const run = await world.run(
      { command: 'compare-schema', migrations: 'db/migrations/*.sql', rehearse: 'true', 'fail-on': 'destructive' },
      { event, env: { GITHUB_WORKSPACE: ws }, timeoutMs: 180_000 },
    );
    expect(run.code, run.output).toBe(1);
    expect(run.stdout).toMatch(
      /the migration fails in rehearsal at db\/migrations\/001_leak\.sql:1: SQLSTATE P0001 \(raise_exception/,
    );
    const review = world.github.comments(74).find((c) => c.body.startsWith('<!-- neon-preview-action:review -->'))!;
    expect(review.body).toContain('P0001');
    for (const text of [run.stdout, run.stderr, run.summary, review.body, JSON.stringify(run.outputs)])
      expect(text).not.toContain('@example.com');
    expect(JSON.parse(run.outputs.rehearsal!)).toMatchObject({ deleted: true });
  }, 240_000);

  it("refuses to rehearse a fork's head under pull_request_target, with one line and nothing made at Neon", async () => {
    const fork = pullRequestEvent(75, 'from-fork', { forkRepo: 'stranger/app' });
    const event = { ...fork, name: 'pull_request_target' };
    const before = world.neon.state.branches.size;
    const run = await world.run(
      { command: 'compare-schema', migrations: 'db/*.sql', rehearse: 'true', 'branch-name': 'main' },
      { event },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::Input "rehearse" refuses a fork's pull request under pull_request_target/m);
    expect(run.stdout.match(/^::error::/gm)).toHaveLength(1);
    expect(world.neon.state.branches.size).toBe(before);
  }, 120_000);
});

describe('the approval gate fails closed', () => {
  const gate = { 'fail-on': 'destructive', 'approve-label': 'db-approved' };
  const ALICE = { login: 'alice', id: 11, type: 'User' as const };

  it("the PR author's own label does not count, and the review says so", async () => {
    const pr = 77;
    const event = pullRequestEvent(pr, 'drop-email');
    const created = await world.run({ command: 'create-branch' }, { event });
    expect(created.code, created.output).toBe(0);
    await query(created.outputs['db-url']!, 'ALTER TABLE users DROP COLUMN email');
    world.github.addLabel(pr, 'db-approved', { login: 'octocat', id: 1, type: 'User' });
    const run = await world.run({ command: 'compare-schema', ...gate }, { event });
    expect(run.code, run.output).toBe(1);
    expect(run.stdout).toMatch(
      /approve-label: the label was added by the PR's author octocat, who cannot approve their own change/,
    );
    const review = world.github.comments(pr).find((c) => c.body.startsWith('<!-- neon-preview-action:review -->'))!;
    expect(review.body).toContain('who cannot approve their own change (approve-label-allow-author: true allows it)');
  }, 200_000);

  it('a label whose approval cannot be recorded (the token cannot write comments) approves nothing', async () => {
    const pr = 78;
    const event = pullRequestEvent(pr, 'drop-age-2');
    const created = await world.run({ command: 'create-branch' }, { event });
    expect(created.code, created.output).toBe(0);
    await query(created.outputs['db-url']!, 'ALTER TABLE users DROP COLUMN age');
    world.github.addLabel(pr, 'db-approved', ALICE);
    // every comment write answers 403, as for a token without issues: write
    world.github.fail({
      method: 'POST',
      path: /\/issues\/\d+\/comments$/,
      status: 403,
      times: Number.POSITIVE_INFINITY,
      message: 'Resource not accessible by integration',
    });
    world.github.fail({
      method: 'PATCH',
      path: /\/issues\/comments\/\d+$/,
      status: 403,
      times: Number.POSITIVE_INFINITY,
      message: 'Resource not accessible by integration',
    });
    const run = await world.run({ command: 'compare-schema', ...gate }, { event });
    expect(run.code, run.output).toBe(1);
    expect(run.stdout).toMatch(
      /the label does not count: the review comment that records what the label approved could not be written/,
    );
  }, 200_000);
  it('a label on a merge_group run with no record of what it approved approves nothing, naming why', async () => {
    const pr = 76;
    const event = pullRequestEvent(pr, 'drop-age');
    const created = await world.run({ command: 'create-branch' }, { event });
    expect(created.code, created.output).toBe(0);
    await query(created.outputs['db-url']!, 'ALTER TABLE users DROP COLUMN age');
    world.github.addLabel(pr, 'db-approved', ALICE);
    // GitHub names the PR's author (the merge_group payload does not); last in this file: the double then
    // treats the other numbers as issues
    world.github.addPull({
      number: pr,
      head: { ref: 'drop-age', sha: 'b'.repeat(40), repo: { full_name: 'acme/app' } },
    });
    const mergeGroup = {
      name: 'merge_group',
      payload: {
        merge_group: {
          head_ref: `refs/heads/gh-readonly-queue/main/pr-${pr}-${'c'.repeat(40)}`,
          head_sha: 'c'.repeat(40),
        },
        repository: { full_name: 'acme/app' },
      },
    };
    const run = await world.run(
      { command: 'compare-schema', ...gate, 'branch-name': created.outputs['branch-name']! },
      { event: mergeGroup },
    );
    expect(run.code, run.output).toBe(1);
    expect(run.stdout).toMatch(
      /::error::fail-on: destructive: .*approve-label: the label does not count: this merge_group run writes no review comment/,
    );
  }, 200_000);
});
