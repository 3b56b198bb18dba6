/**
 * One realistic pull request through dist/index.js, as a user lives it: create-branch with a
 * deployment, a migration, compare-schema with fail-on and approve-label (fail, approve by label,
 * a push that adds another destructive change, the label removed), reset-branch, a snapshot and its
 * restore, anonymize (side by side with the snapshot: two jobs writing one comment at once), then
 * cleanup twice. The GitHub double ends with exactly two comments of the action, both current, and
 * every text in them passes the proofreader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_MARKERS, parseSections, type Section } from '../../src/conversation/document.js';
import { ACTIONS_BOT } from '../github-double/server.js';
import { proofread } from '../conversation/proofread.js';
import { query, startWorld, type World } from './fixtures.js';
import { pullRequestEvent } from './run-action.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.neon.dataPlane.query(
    world.neon.defaultBranchId,
    'neondb',
    `CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL, legacy_code text);
     CREATE TABLE orders_archive (id int PRIMARY KEY, note text);
     INSERT INTO customers (email, legacy_code) VALUES ('ada@example.com', 'A1'), ('alan@example.com', 'B2');`,
  );
});
afterAll(async () => {
  await world?.close();
});

const PR = 42;
const HEAD = 'feature/loyalty';
const ALICE = { login: 'alice', id: 11, type: 'User' as const };
const ev = (action: string) => pullRequestEvent(PR, HEAD, { action });
const gate = { 'fail-on': 'destructive', 'approve-label': 'db-approved' };
const MIGRATION =
  'ALTER TABLE customers DROP COLUMN legacy_code; CREATE TABLE loyalty (customer_id int PRIMARY KEY, points int NOT NULL DEFAULT 0)';

const ours = () => world.github.comments(PR).filter((c) => c.user.login === ACTIONS_BOT.login);
const comment = (kind: 'preview' | 'review') => ours().find((c) => c.body.startsWith(COMMENT_MARKERS[kind]))!;
const sections = (kind: 'preview' | 'review'): Section[] => parseSections(comment(kind).body);
const byKind = (kind: 'preview' | 'review', section: string) =>
  sections(kind).filter((s) => s.key.startsWith(`${section}:`));

describe('a pull request from open to close', () => {
  let dbUrl = '';
  const summaries: string[] = [];

  it('create-branch: the preview section, and a deployment whose URL is the Neon console page', async () => {
    const run = await world.run(
      { command: 'create-branch', 'expires-in': '7d', deployment: 'true' },
      { event: ev('opened') },
    );
    expect(run.code, run.output).toBe(0);
    summaries.push(run.summary);
    dbUrl = run.outputs['db-url']!;
    expect(ours()).toHaveLength(1);
    expect(byKind('preview', 'preview')[0]!.body).toContain('was created.');
    const [deployment, ...more] = world.github.deployments();
    expect(more).toHaveLength(0);
    expect(deployment).toMatchObject({
      environment: `neon/pr-${PR}`,
      transient_environment: true,
      production_environment: false,
      ref: 'b'.repeat(40),
    });
    expect(deployment!.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    const url = deployment!.statuses[1]!.environment_url;
    expect(url).toBe(
      `https://console.neon.tech/app/projects/${world.neon.projectId}/branches/${run.outputs['branch-id']}`,
    );
    expect(url).not.toMatch(/postgres|npg_|@/);
    expect(run.summary).toContain(`Deployment to the environment \`neon/pr-${PR}\`: success.`);
  });

  it('compare-schema fails on the destructive change and says how to approve it', async () => {
    await query(dbUrl, MIGRATION);
    const run = await world.run({ command: 'compare-schema', ...gate }, { event: ev('synchronize') });
    expect(run.code, run.output).toBe(1);
    summaries.push(run.summary);
    expect(run.stdout).toMatch(
      /^::error::fail-on: destructive: .*public\.customers\.legacy_code dropped.*; add the label "db-approved" to approve$/m,
    );
    const review = byKind('review', 'review')[0]!;
    expect(review.body).toContain('[!CAUTION]');
    expect(review.body).toContain('Add the label <code>db-approved</code> to approve it.');
    expect(review.attrs).toEqual({});
  });

  it('the label approves: the review says who approved which change, the step passes with a notice', async () => {
    world.github.addLabel(PR, 'db-approved', ALICE);
    const run = await world.run({ command: 'compare-schema', ...gate }, { event: ev('labeled') });
    expect(run.code, run.output).toBe(0);
    summaries.push(run.summary);
    expect(run.stdout).toMatch(
      /^::notice::fail-on passes: 1 flagged change approved by alice with the label "db-approved"$/m,
    );
    const review = byKind('review', 'review')[0]!;
    expect(review.body).toMatch(
      /Approved by <code>alice<\/code> with the label <code>db-approved<\/code> on \d{4}-\d\d-\d\d \d\d:\d\d UTC: the approval covers 1 flagged change\./,
    );
    expect(review.body).toContain('Column <code>public.customers.legacy&#95;code</code> dropped');
    expect(review.attrs['approved-by']).toBe('alice');
    // the approver is named, never mentioned
    expect(comment('review').body).not.toContain('@alice');
  });

  it('reset-branch on a push: the same preview section, updated; the deployment gets a new success', async () => {
    const run = await world.run({ command: 'reset-branch', deployment: 'true' }, { event: ev('synchronize') });
    expect(run.code, run.output).toBe(0);
    summaries.push(run.summary);
    expect(byKind('preview', 'preview')).toHaveLength(1);
    expect(byKind('preview', 'preview')[0]!.body).toContain("was reset to its parent's head.");
    expect(world.github.deployments().map((d) => d.statuses.map((s) => s.state))).toEqual([
      ['in_progress', 'success'],
      ['in_progress', 'success'],
    ]);
  });

  it('a push that adds another destructive change fails again, naming only what is new', async () => {
    await query(dbUrl, `${MIGRATION}; DROP TABLE orders_archive`);
    const run = await world.run({ command: 'compare-schema', ...gate }, { event: ev('synchronize') });
    expect(run.code, run.output).toBe(1);
    summaries.push(run.summary);
    const error = run.stdout.split('\n').find((l) => l.startsWith('::error::'))!;
    expect(error).toMatch(
      /1 change is new since alice approved with the label "db-approved": table public\.orders_archive dropped/,
    );
    expect(error).not.toContain('legacy_code');
    const review = byKind('review', 'review')[0]!;
    expect(review.body).toContain('but 1 change is new since then:');
    expect(review.body).toContain('Table <code>public.orders&#95;archive</code> dropped');
  });

  it('removing the label fails again', async () => {
    world.github.removeLabel(PR, 'db-approved', ALICE);
    const run = await world.run({ command: 'compare-schema', ...gate }, { event: ev('unlabeled') });
    expect(run.code, run.output).toBe(1);
    summaries.push(run.summary);
    expect(run.stdout).toMatch(
      /^::error::fail-on: destructive: 2 destructive change.*; add the label "db-approved" to approve$/m,
    );
    const review = byKind('review', 'review')[0]!;
    expect(review.body).toContain('fails this check on 2 flagged changes');
    expect(review.attrs['approved-by']).toBeUndefined();
  });

  it('a snapshot and anonymize, run by two jobs at once, both land in the one preview comment; then a restore', async () => {
    const [snap, anon] = await Promise.all([
      world.run({ command: 'snapshot', name: 'before-seed' }, { event: ev('synchronize') }),
      world.run(
        {
          command: 'anonymize',
          'masking-rules': '- {table_name: customers, column_name: email, masking_function: anon.fake_email()}',
        },
        { event: ev('synchronize') },
      ),
    ]);
    expect(snap.code, snap.output).toBe(0);
    expect(anon.code, anon.output).toBe(0);
    summaries.push(snap.summary, anon.summary);
    expect(byKind('preview', 'snapshot')[0]!.body).toContain('<code>before-seed</code>');
    expect(byKind('preview', 'anonymized')[0]!.body).toContain('was created and its data masked.');
    const restore = await world.run(
      { command: 'snapshot', 'snapshot-action': 'restore', name: 'before-seed' },
      { event: ev('synchronize') },
    );
    expect(restore.code, restore.output).toBe(0);
    summaries.push(restore.summary);
    expect(byKind('preview', 'restore')[0]!.body).toContain('was restored from the snapshot <code>before-seed</code>.');
    expect(ours()).toHaveLength(2);
  });

  it('cleanup: every gone branch says so, a teardown report, deployments inactive; a rerun keeps the report', async () => {
    // the restored branch goes too (deleted by hand here): its section must not show it as live
    const restored = byKind('preview', 'restore')[0]!.attrs.branch!;
    await world.neon.state.branches.delete(restored);
    const run = await world.run({ command: 'cleanup', deployment: 'true' }, { event: ev('closed') });
    expect(run.code, run.output).toBe(0);
    summaries.push(run.summary);
    const kinds = sections('preview').map((s) => s.key.split(':')[0]);
    expect(kinds).toEqual(['preview', 'anonymized', 'snapshot', 'restore', 'teardown']);
    for (const s of sections('preview').filter((x) =>
      ['preview', 'anonymized', 'restore'].includes(x.key.split(':')[0]!),
    )) {
      expect(s.attrs.state).toBe('gone');
      expect(s.body).toMatch(/is gone: /);
      expect(s.body).not.toContain('Pooled host');
    }
    expect(byKind('preview', 'restore')[0]!.body).toContain('Neon no longer has it');
    expect(byKind('preview', 'teardown')[0]!.body).toContain('2 branches of it were deleted');
    for (const d of world.github.deployments()) expect(d.statuses.at(-1)!.state).toBe('inactive');

    const before = comment('preview').body;
    const again = await world.run({ command: 'cleanup', deployment: 'true' }, { event: ev('closed') });
    expect(again.code, again.output).toBe(0);
    expect(comment('preview').body).toBe(before);

    // exactly two comments of the action, and every word in them and in the summaries reads right
    expect(ours().map((c) => c.body.split('\n')[0])).toEqual([COMMENT_MARKERS.preview, COMMENT_MARKERS.review]);
    for (const text of [...ours().map((c) => c.body), ...summaries]) expect(proofread(text)).toEqual([]);
  });
});

describe('deployment: true without deployments: write', () => {
  it('is one warning naming the permission; the step and its comment go on', async () => {
    world.github.fail({
      method: 'POST',
      path: '/repos/acme/app/deployments',
      status: 403,
      message: 'Resource not accessible by integration',
    });
    const run = await world.run(
      { command: 'create-branch', deployment: 'true' },
      { event: pullRequestEvent(77, 'no-deploy') },
    );
    expect(run.code, run.output).toBe(0);
    const warnings = run.stdout.split('\n').filter((l) => l.startsWith('::warning::'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /Could not create the GitHub deployment \(HTTP 403\): The token lacks `deployments: write`/,
    );
    expect(world.github.comments(77)).toHaveLength(1);
  });
});

describe('a failed step and comment: false', () => {
  it('a create-branch that fails records a failure status on its deployment', async () => {
    const before = world.github.deployments().length;
    const run = await world.run(
      { command: 'create-branch', deployment: 'true', 'parent-branch': 'no-such-parent' },
      { event: pullRequestEvent(78, 'bad-parent') },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::Input "parent-branch"/m);
    const made = world.github.deployments().slice(before);
    expect(made.map((d) => [d.environment, d.statuses.map((s) => s.state)])).toEqual([
      ['neon/pr-78', ['in_progress', 'failure']],
    ]);
    expect(made[0]!.statuses[1]!.environment_url).toBe('');
  });

  it('comment: false writes no comment anywhere; the job summary still tells the whole story', async () => {
    const event = pullRequestEvent(79, 'quiet');
    const created = await world.run({ command: 'create-branch', comment: 'false' }, { event });
    expect(created.code, created.output).toBe(0);
    expect(created.summary).toContain('was created.');
    await query(created.outputs['db-url']!, 'ALTER TABLE customers DROP COLUMN legacy_code');
    const review = await world.run(
      { command: 'compare-schema', comment: 'false', 'fail-on': 'destructive' },
      { event },
    );
    expect(review.code).toBe(1);
    expect(review.summary).toContain('`fail-on` fails this check on 1 flagged change.');
    expect(review.summary).toContain('public.customers.legacy\\_code');
    const cleanup = await world.run(
      { command: 'cleanup', comment: 'false' },
      { event: pullRequestEvent(79, 'quiet', { action: 'closed' }) },
    );
    expect(cleanup.code, cleanup.output).toBe(0);
    expect(cleanup.summary).toContain('1 branch of it was deleted');
    expect(world.github.comments(79)).toEqual([]);
    // and approve-label, which needs the review comment to pin what it approved, says so in one line
    const gated = await world.run({ command: 'compare-schema', comment: 'false', 'approve-label': 'ok' }, { event });
    expect(gated.code).toBe(1);
    expect(gated.stdout).toMatch(/^::error::Input "approve-label" needs comment: true/m);
  });
});
