/**
 * Every command, checked as INTERFACE.md's Secrets section says: the API key, every password and
 * every URI with a password (and URL-encoded forms) masked before their first appearance on stdout,
 * stderr or GITHUB_OUTPUT (seen through output-probe.mjs), and none in a comment, the job summary or
 * a non-secret output. The role password holds URL-special characters so its encoded form differs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, startWorld, type World } from '../fixtures.js';
import { type ActionRun, pullRequestEvent } from '../run-action.js';
import { escapeCommandData, outputWrites, plainStdout, probeEnv, secretLeaks } from './output-probe.js';
import { makeSnapshot } from './scenarios.js';
import { expectOneClearLine, expectSuccess } from './verdicts.js';

const PASSWORD = 'Pw/with:special@chars%and+more=9';
const SECRET_OUTPUTS = new Set(['db-url', 'db-url-pooled', 'password']);
const PR = 51;
const open = () => pullRequestEvent(PR, 'secrets', { action: 'synchronize' });
const schedule = { name: 'schedule', payload: {} };

let world: World;
beforeAll(async () => {
  world = await startWorld({ dataPlane: 'none', operationMs: 20 });
  for (const role of world.neon.state.defaultBranch().roles) role.password = PASSWORD;
  const plane = world.neon.dataPlane as unknown as { setSchema(branch: string, db: string, sql: string): void };
  plane.setSchema(world.neon.defaultBranchId, 'neondb', 'CREATE TABLE users (id integer, email text);\n');
});
afterAll(async () => {
  await world?.close();
});

/** Every password any role of the project holds now, raw and URL-encoded. */
function passwords(): string[] {
  const all = new Set<string>();
  for (const branch of world.neon.state.branches.values())
    for (const role of branch.roles)
      for (const form of [role.password, encodeURIComponent(role.password)]) all.add(form);
  return [...all];
}

function commentBodies(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pr of [PR, 52]) for (const c of world.github.comments(pr)) out[`the comment ${c.id} on #${pr}`] = c.body;
  return out;
}

async function run(
  inputs: Record<string, string>,
  event: { name: string; payload: unknown } = open(),
): Promise<ActionRun> {
  return world.run(inputs, { event, env: probeEnv() });
}

/** The Secrets rules on one run; the secret outputs it wrote count as secrets too. */
function expectNoLeak(r: ActionRun, apiKey = world.neon.apiKey): void {
  const uris = [...SECRET_OUTPUTS].map((n) => r.outputs[n]).filter((v): v is string => !!v);
  const nonSecret = Object.keys(r.outputs).filter((n) => !SECRET_OUTPUTS.has(n));
  const leaks = secretLeaks(r, { mustMask: [apiKey], others: [...passwords(), ...uris] }, nonSecret, commentBodies());
  expect(leaks, plainStdout(r)).toEqual([]);
}

describe('secrets in every command', () => {
  it('create-branch: password, both URIs and the key masked before use', async () => {
    const r = await run({ command: 'create-branch' });
    expectSuccess(r);
    expect(r.outputs.password).toBe(PASSWORD);
    expect(r.outputs['db-url']).toContain(encodeURIComponent(PASSWORD));
    expect(r.masks).toContain(escapeCommandData(encodeURIComponent(PASSWORD)));
    // the probe saw the output writes, so the order check below means something
    expect(outputWrites(r).some((w) => w.text.includes(r.outputs['db-url']!))).toBe(true);
    expectNoLeak(r);
  });

  it('create-branch rerun (URIs fetched, not from the create answer)', async () => {
    const r = await run({ command: 'create-branch' });
    expectSuccess(r);
    expect(r.outputs.created).toBe('false');
    expect(r.outputs.password).toBe(PASSWORD);
    expectNoLeak(r);
  });

  it('reset-branch', async () => {
    const r = await run({ command: 'reset-branch' });
    expectSuccess(r);
    expect(r.outputs['db-url']).toContain(encodeURIComponent(PASSWORD));
    expectNoLeak(r);
  });

  it('compare-schema', async () => {
    const branch = [...world.neon.state.branches.values()].find((b) => b.name === `preview/pr-${PR}-secrets`)!;
    const plane = world.neon.dataPlane as unknown as { setSchema(branch: string, db: string, sql: string): void };
    plane.setSchema(branch.id, 'neondb', 'CREATE TABLE users (id integer);\n');
    const r = await run({ command: 'compare-schema' });
    expectSuccess(r);
    expect(r.outputs['has-changes']).toBe('true');
    expectNoLeak(r);
  });

  it('anonymize', async () => {
    const r = await run({
      command: 'anonymize',
      'masking-rules': '- {table_name: users, column_name: email, masking_function: anon.fake_email()}',
    });
    expectSuccess(r);
    expect(r.outputs.password).toBe(PASSWORD);
    expectNoLeak(r);
  });

  it('snapshot create, restore, list, prune and delete', async () => {
    const created = await run({ command: 'snapshot', name: 'secret-snap' }, schedule);
    expectSuccess(created);
    expectNoLeak(created);
    const restored = await run({ command: 'snapshot', 'snapshot-action': 'restore', name: 'secret-snap' }, schedule);
    expectSuccess(restored);
    expect(restored.outputs['db-url']).toMatch(/^postgres/);
    expectNoLeak(restored);
    const listed = await run({ command: 'snapshot', 'snapshot-action': 'list' }, schedule);
    expectSuccess(listed);
    expectNoLeak(listed);
    await makeSnapshot(world, 'secret-prune');
    const pruned = await run(
      { command: 'snapshot', 'snapshot-action': 'prune', 'snapshot-pattern': 'secret-prune' },
      schedule,
    );
    expectSuccess(pruned);
    expectNoLeak(pruned);
    const deleted = await run({ command: 'snapshot', 'snapshot-action': 'delete', name: 'secret-snap' }, schedule);
    expectSuccess(deleted);
    expectNoLeak(deleted);
  });

  it('api: a connection URI and a revealed password come back as ***', async () => {
    const uri = await run(
      {
        command: 'api',
        operation: 'getConnectionURI',
        params: JSON.stringify({ query: { database_name: 'neondb', role_name: 'neondb_owner' } }),
      },
      schedule,
    );
    expectSuccess(uri);
    expect(uri.outputs.response).toContain('***');
    expectNoLeak(uri);
    const branch = world.neon.defaultBranchId;
    const reveal = await run(
      {
        command: 'api',
        operation: 'getProjectBranchRolePassword',
        params: JSON.stringify({ path: { branch_id: branch, role_name: 'neondb_owner' } }),
      },
      schedule,
    );
    expectSuccess(reveal);
    expect(reveal.outputs.response).toContain('***');
    expectNoLeak(reveal);
  });

  it('cleanup in the PR, then a sweep', async () => {
    const closed = await run({ command: 'cleanup' }, pullRequestEvent(PR, 'secrets', { action: 'closed' }));
    expectSuccess(closed);
    expectNoLeak(closed);
    const seeded = world.neon.seedBranches(1, {
      name: 'preview/pr-52-old',
      annotations: { 'github-commit-repo': REPO, 'github-pr-number': '52' },
      createdAt: '2026-01-01T00:00:00Z',
    });
    world.github.addPull({
      number: 52,
      state: 'closed',
      head: { ref: 'old', sha: 'c'.repeat(40), repo: { full_name: REPO } },
    });
    const sweep = await run({ command: 'cleanup' }, schedule);
    expectSuccess(sweep);
    expect(world.neon.state.branches.has(seeded[0]!.id)).toBe(false);
    expectNoLeak(sweep);
  });

  it('a failing run: the error line holds no secret', async () => {
    world.neon.failNextOperation(undefined, 'the compute could not start');
    const r = await run({ command: 'create-branch' }, pullRequestEvent(53, 'failing'));
    expect(expectOneClearLine(r)).toContain('the compute could not start');
    expectNoLeak(r);
  });

  it('a failing run whose Neon message echoes the password it was handed: still masked', async () => {
    world.neon.failNextOperation(undefined, `could not start with ${PASSWORD}`);
    const r = await run({ command: 'create-branch' }, pullRequestEvent(55, 'echo'));
    expectOneClearLine(r);
    expectNoLeak(r);
  });

  it('a wrong API key: masked first, absent from the error', async () => {
    const wrongKey = 'napi_wrong_key_0123456789abcdef';
    const r = await world.run(
      { command: 'create-branch', 'api-key': wrongKey },
      { event: pullRequestEvent(54, 'wrong-key'), env: probeEnv() },
    );
    expect(expectOneClearLine(r)).toMatch(/api-key|401|auth/i);
    expectNoLeak(r, wrongKey);
  });
});
