/**
 * compare-schema through dist/index.js after real migrations on preview branches of the local Neon
 * (real Postgres, real pg_dump), with the review checked in the comment, the summary and the outputs.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, startWorld, type World } from './fixtures.js';
import { pullRequestEvent } from './run-action.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.neon.dataPlane.query(
    world.neon.defaultBranchId,
    'neondb',
    'CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL, legacy text); INSERT INTO customers VALUES (1, $$a@b.c$$, $$x$$)',
  );
});
afterAll(async () => {
  await world?.close();
});

type Change = { kind: string; action: string; object: string; risk: string; destructive: boolean };
const changesOf = (outputs: Record<string, string>) => JSON.parse(outputs.changes ?? '[]') as Change[];

describe('compare-schema', () => {
  it('reviews a real migration against the fork point, fails on a destructive change after commenting', async () => {
    const event = pullRequestEvent(50, 'drop-legacy');
    const created = await world.run({ command: 'create-branch' }, { event });
    expect(created.code, created.output).toBe(0);
    // merged into the parent after the branch was made: must not show up as this PR's drop
    await world.neon.dataPlane.query(world.neon.defaultBranchId, 'neondb', 'CREATE TABLE parent_later (id int)');
    await query(
      created.outputs['db-url']!,
      'ALTER TABLE customers DROP COLUMN legacy; ALTER TABLE customers ADD COLUMN nickname varchar(40)',
    );

    const run = await world.run({ command: 'compare-schema', 'fail-on': 'destructive' }, { event });
    expect(run.code, run.output).toBe(1);
    expect(run.stdout).toMatch(
      /::error::fail-on: destructive: 1 destructive change: column public\.customers\.legacy dropped/,
    );
    const changes = changesOf(run.outputs);
    expect(changes.map((c) => `${c.kind} ${c.action} ${c.object} ${c.risk}`).sort()).toEqual([
      'column added public.customers.nickname safe',
      'column dropped public.customers.legacy destructive',
    ]);
    expect(run.outputs['has-changes']).toBe('true');
    expect(run.outputs.destructive).toBe('true');
    expect(run.outputs.diff).toContain('-    legacy text');
    expect(run.outputs.diff).not.toContain('parent_later');
    expect(readFileSync(run.outputs['diff-file']!, 'utf8')).toBe(run.outputs.diff);
    // the comment was written before the step failed, and so was the summary
    const comments = world.github.comments(50).filter((c) => c.body.startsWith('<!-- neon-preview-action:review -->'));
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('public.customers.legacy');
    expect(comments[0]!.body).toContain('fork point');
    expect(comments[0]!.body).not.toContain('parent_later');
    expect(run.summary).toContain('public.customers.legacy');

    // a rerun edits the same comment
    const again = await world.run({ command: 'compare-schema' }, { event });
    expect(again.code, again.output).toBe(0);
    expect(
      world.github.comments(50).filter((c) => c.body.startsWith('<!-- neon-preview-action:review -->')),
    ).toHaveLength(1);
    expect(again.outputs['comment-url']).toBe(comments[0]!.html_url);
  });

  it('passes fail-on: destructive on an added column', async () => {
    const event = pullRequestEvent(51, 'add-column');
    const created = await world.run({ command: 'create-branch' }, { event });
    await query(created.outputs['db-url']!, 'ALTER TABLE customers ADD COLUMN age int');
    const run = await world.run({ command: 'compare-schema', 'fail-on': 'destructive' }, { event });
    expect(run.code, run.output).toBe(0);
    expect(changesOf(run.outputs).map((c) => `${c.kind} ${c.action} ${c.object}`)).toEqual([
      'column added public.customers.age',
    ]);
    expect(run.outputs.destructive).toBe('false');
  });

  it('says "no schema changes" for an unchanged branch', async () => {
    const event = pullRequestEvent(52, 'nothing');
    await world.run({ command: 'create-branch' }, { event });
    const run = await world.run({ command: 'compare-schema' }, { event });
    expect(run.code, run.output).toBe(0);
    expect(run.outputs['has-changes']).toBe('false');
    expect(run.outputs.diff).toBe('');
    expect(
      world.github.comments(52).find((c) => c.body.startsWith('<!-- neon-preview-action:review -->'))!.body,
    ).toMatch(/no schema changes/i);
  });

  it('waits out GitHub rate limits on its comment; a read-only token costs the comment, not the step', async () => {
    const event = pullRequestEvent(54, 'rate-limited');
    const created = await world.run({ command: 'create-branch', comment: 'false' }, { event });
    await query(created.outputs['db-url']!, 'ALTER TABLE customers ADD COLUMN shoe_size int');
    const path = '/repos/acme/app/issues/54/comments';
    // a secondary limit on the listing (read early, while Neon answers) and on the create
    world.github.fail({
      method: 'GET',
      path,
      status: 403,
      message: 'You have exceeded a secondary rate limit.',
      headers: { 'retry-after': '1' },
    });
    world.github.fail({
      method: 'POST',
      path,
      status: 429,
      // GitHub's secondary limits say so in a 403 or a 429 (Octokit's throttling plugin reads that)
      message: 'You have exceeded a secondary rate limit.',
      headers: { 'retry-after': '1' },
    });
    const run = await world.run({ command: 'compare-schema' }, { event });
    expect(run.code, run.output).toBe(0);
    const waits = run.stdout.split('\n').filter((l) => /rate limit/.test(l));
    expect(waits).toEqual([
      'GitHub secondary rate limit on GET /repos/acme/app/issues/54/comments: waiting 1s (retry 1 of 2)',
      'GitHub secondary rate limit on POST /repos/{owner}/{repo}/issues/{issue_number}/comments: waiting 1s (retry 1 of 2)',
    ]);
    const comments = world.github.comments(54).filter((c) => c.body.startsWith('<!-- neon-preview-action:review -->'));
    expect(comments).toHaveLength(1);
    expect(run.outputs['comment-url']).toBe(comments[0]!.html_url);

    // a 403 without rate-limit headers: no retry, one warning, the review's outputs all the same
    world.github.fail({
      method: 'PATCH',
      path: /\/repos\/acme\/app\/issues\/comments\/\d+$/,
      status: 403,
      message: 'Resource not accessible by integration',
    });
    await query(created.outputs['db-url']!, 'ALTER TABLE customers ADD COLUMN hat_size int');
    const before = world.github.requests.length;
    const readOnly = await world.run({ command: 'compare-schema' }, { event });
    expect(readOnly.code, readOnly.output).toBe(0);
    expect(world.github.requests.slice(before).filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(readOnly.stdout).toMatch(
      /^::warning::Could not write the PR comment \(HTTP 403: Resource not accessible by integration\b.*\)\. The token is read-only here/m,
    );
    expect(readOnly.outputs['comment-url']).toBeUndefined();
    expect(
      changesOf(readOnly.outputs)
        .map((c) => c.object)
        .sort(),
    ).toEqual(['public.customers.hat_size', 'public.customers.shoe_size']);
  });

  it('keeps a huge diff under the comment limit, cut at 512 KB in the output and whole in diff-file', async () => {
    const event = pullRequestEvent(53, 'huge');
    const created = await world.run({ command: 'create-branch' }, { event });
    const columns = Array.from({ length: 12 }, (_, i) => `a_rather_long_column_name_number_${i} text`).join(', ');
    const ddl = Array.from(
      { length: 1500 },
      (_, i) => `CREATE TABLE wide_table_with_a_long_name_${i} (${columns});`,
    ).join('\n');
    await query(created.outputs['db-url']!, ddl);
    const run = await world.run({ command: 'compare-schema' }, { event, timeoutMs: 240_000 });
    expect(run.code, run.output).toBe(0);
    const whole = readFileSync(run.outputs['diff-file']!, 'utf8');
    expect(Buffer.byteLength(whole)).toBeGreaterThan(512 * 1024);
    expect(whole).toContain('wide_table_with_a_long_name_1499');
    expect(Buffer.byteLength(run.outputs.diff!)).toBeLessThanOrEqual(512 * 1024);
    expect(run.outputs.diff).toContain('diff cut at 512 KB');
    expect(whole.startsWith(run.outputs.diff!.slice(0, run.outputs.diff!.indexOf('… (diff cut')))).toBe(true);
    const comment = world.github.comments(53).find((c) => c.body.startsWith('<!-- neon-preview-action:review -->'))!;
    expect(comment.body.length).toBeLessThan(65_536);
    expect(changesOf(run.outputs).filter((c) => c.kind === 'table' && c.action === 'added')).toHaveLength(1500);
  }, 300_000);
});
