/**
 * Text from outside is data. Hostile names and messages go through every command's log path, and
 * stdout is read by the runner's own rules (runner-commands.ts): no `##[stop-commands]` that would
 * hide the `::add-mask::` lines after it, no forged `::error::`, no group closed early. Comments and
 * job summaries render the same names without a mention, a link, bold, bidi reordering or a Mermaid
 * directive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDataPlane } from '../../local-neon/index.js';
import { REPO, startWorld, type World } from '../fixtures.js';
import { type ActionRun, pullRequestEvent } from '../run-action.js';
import { injectedCommands, runnerCommands } from './runner-commands.js';
import { makeBranch } from './scenarios.js';
import { errorLines, expectOneClearLine, expectSuccess } from './verdicts.js';

const STOP = '##[stop-commands]zz';
const FORGED = '::error::FORGED';
const schedule = { name: 'schedule', payload: {} };

let world: World;
beforeAll(async () => {
  world = await startWorld({ dataPlane: 'none', operationMs: 20 });
});
afterAll(async () => {
  await world?.close();
});

/** No runner command the action did not mean, and every mask line is read (none ignored). */
function expectInert(r: ActionRun): void {
  expect(injectedCommands(r.stdout), r.stdout).toEqual([]);
  const masks = runnerCommands(r.stdout).filter((c) => c.name === 'add-mask');
  expect(masks.every((c) => !c.ignored)).toBe(true);
  expect(r.stdout).not.toMatch(/^\s*::error::FORGED/m);
}

function plane(): FakeDataPlane {
  return world.neon.dataPlane as unknown as FakeDataPlane;
}

describe('hostile names in the log', () => {
  const name = `preview/inj${STOP}`;

  it('create-branch, and its rerun that reuses the branch and masks its password after the name was logged', async () => {
    const first = await world.run({ command: 'create-branch', 'branch-name': name }, { event: schedule });
    expectSuccess(first);
    expect(first.stdout).toContain('preview/inj##');
    expectInert(first);
    const rerun = await world.run({ command: 'create-branch', 'branch-name': name }, { event: schedule });
    expectSuccess(rerun);
    expect(rerun.outputs.created).toBe('false');
    expectInert(rerun);
    // the password's mask comes after the name was printed, and the runner still reads it
    const password = rerun.outputs.password!;
    const commands = runnerCommands(rerun.stdout);
    const mask = commands.find((c) => c.name === 'add-mask' && c.data === password);
    expect(mask?.ignored).toBe(false);
  });

  it('reset-branch', async () => {
    const r = await world.run({ command: 'reset-branch', 'branch-name': name }, { event: schedule });
    expectSuccess(r);
    expectInert(r);
  });

  it('a branch name with a line break is refused before any request, forging nothing', async () => {
    const before = world.neon.requests.length;
    const r = await world.run({ command: 'create-branch', 'branch-name': `preview/x\n${FORGED}` }, { event: schedule });
    expect(expectOneClearLine(r)).toMatch(/^::error::Input "branch-name" must not contain control/);
    expect(world.neon.requests.length).toBe(before);
    expectInert(r);
  });

  it('snapshot create with a hostile name, and a snapshot name with a line break refused', async () => {
    const ok = await world.run({ command: 'snapshot', name: `snap${STOP}` }, { event: schedule });
    expectSuccess(ok);
    expect(ok.stdout).toContain('snap##');
    expectInert(ok);
    const bad = await world.run({ command: 'snapshot', name: `snap\n${FORGED}` }, { event: schedule });
    expect(expectOneClearLine(bad)).toMatch(/^::error::Input "name" must not contain control/);
    expectInert(bad);
  });

  it("anonymize: Neon's status message naming a masking rule's table", async () => {
    plane().failNext('anonymize', `relation "users${STOP}" does not exist\n${FORGED}`);
    const r = await world.run(
      {
        command: 'anonymize',
        'branch-name': 'preview/anon-injection',
        'masking-rules': `- {table_name: "users${STOP}", column_name: email, masking_value: "x"}`,
      },
      { event: schedule },
    );
    expect(errorLines(r), r.stdout).toHaveLength(1);
    expect(r.stdout).toContain('users##');
    expectInert(r);
  });

  it('a masking rule whose identifier holds a line break is refused', async () => {
    const r = await world.run(
      {
        command: 'anonymize',
        'branch-name': 'preview/anon-2',
        'masking-rules': JSON.stringify([{ table_name: `users\n${FORGED}`, column_name: 'email', masking_value: 'x' }]),
      },
      { event: schedule },
    );
    expect(expectOneClearLine(r)).toMatch(
      /^::error::Input "masking-rules" rule 1: table_name must not contain control/,
    );
    expectInert(r);
  });

  it('a Neon failure message holding commands', async () => {
    world.neon.failNextOperation(undefined, `boom ${STOP}\n${FORGED}`);
    const r = await world.run({ command: 'create-branch', 'branch-name': 'preview/neon-says' }, { event: schedule });
    expect(errorLines(r), r.stdout).toHaveLength(1);
    expectInert(r);
  });

  it("the sweep's branch names and reasons (an annotation value with a line break)", async () => {
    world.neon.seedBranches(1, {
      name: `preview/pr-95-x${STOP}`,
      annotations: { 'github-commit-repo': REPO, 'github-pr-number': '95' },
      createdAt: '2026-01-01T00:00:00Z',
    });
    world.neon.seedBranches(1, {
      name: 'preview/pr-96-other',
      annotations: { 'github-commit-repo': `other/repo\n${FORGED}`, 'github-pr-number': '96' },
      createdAt: '2026-01-01T00:00:00Z',
    });
    world.github.addPull({
      number: 95,
      state: 'closed',
      head: { ref: 'x', sha: 'e'.repeat(40), repo: { full_name: REPO } },
    });
    const r = await world.run({ command: 'cleanup' }, { event: schedule });
    expectSuccess(r);
    expect(JSON.parse(r.outputs.deleted!).map((d: { name: string }) => d.name)).toContain(`preview/pr-95-x${STOP}`);
    expectInert(r);
  });
});

/** Markdown outside fenced code blocks, where GitHub renders mentions, autolinks and emphasis. */
function prose(markdown: string): string {
  return markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '');
}

function renderProblems(markdown: string): string[] {
  const text = prose(markdown);
  const problems: string[] = [];
  if (/@[A-Za-z0-9]/.test(text)) problems.push('a mention');
  // the action's own links (the Neon console, the workflow run) aside
  if (/[A-Za-z]:\/\/(?!console\.neon\.tech|github\.)|\bwww\./i.test(text)) problems.push('an autolink');
  // the hostile names hold **x**, **bold** and [y](...) links: raw, they would render
  if (/(?<!\\)\*\*(x|bold)(?<!\\)\*\*|(?<!\\)\[(y|x|evil)(?<!\\)\]\(/.test(text)) problems.push('bold or a link');
  if (/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/.test(markdown)) problems.push('a bidi control');
  // Mermaid reads directives anywhere in a diagram's text
  for (const [diagram] of markdown.matchAll(/^```mermaid\n[\s\S]*?^```$/gm))
    if (/%%/.test(diagram)) problems.push('a Mermaid directive');
  return problems;
}

describe('hostile names in comments and summaries', () => {
  it("compare-schema's comment: object names mention nobody, link nowhere, reorder nothing, configure no diagram", async () => {
    const pr = 97;
    const base =
      'CREATE TABLE parent (id integer PRIMARY KEY);\nCREATE TABLE "@octocat" (id integer);\nCREATE TABLE "www.evil.example" (id integer, p integer);\n';
    plane().setSchema(world.neon.defaultBranchId, 'neondb', base);
    const branch = await makeBranch(world, `preview/pr-${pr}-names`, {
      'github-commit-repo': REPO,
      'github-pr-number': String(pr),
    });
    plane().setSchema(
      branch.id,
      'neondb',
      'CREATE TABLE parent (id integer PRIMARY KEY);\n' +
        'CREATE TABLE "www.evil.example" (id integer, p integer, "**x** [y](https://evil.example) @acme/team \u202Eabc" text,\n' +
        `  CONSTRAINT "fk%%{init: {'theme':'dark'}}%%" FOREIGN KEY (p) REFERENCES parent(id));\n`,
    );
    const r = await world.run(
      { command: 'compare-schema' },
      { event: pullRequestEvent(pr, 'names', { action: 'synchronize' }) },
    );
    expectSuccess(r);
    const [comment] = world.github.comments(pr);
    expect(comment?.body).toContain('octocat');
    expect(renderProblems(comment!.body)).toEqual([]);
    expect(renderProblems(r.summary)).toEqual([]);
  });

  it('the sweep table: branch names and reasons render as text', async () => {
    world.neon.seedBranches(1, {
      name: 'preview/pr-98-**bold**-[x](https://evil.example)-@octocat',
      annotations: { 'github-commit-repo': REPO, 'github-pr-number': '98' },
      createdAt: '2026-01-01T00:00:00Z',
    });
    world.neon.seedBranches(1, {
      name: 'preview/pr-99-kept',
      annotations: { 'github-commit-repo': '[evil](https://evil.example) @octocat', 'github-pr-number': '99' },
      createdAt: '2026-01-01T00:00:00Z',
    });
    world.github.addPull({
      number: 98,
      state: 'closed',
      head: { ref: 'b', sha: 'e'.repeat(40), repo: { full_name: REPO } },
    });
    const r = await world.run({ command: 'cleanup' }, { event: schedule });
    expectSuccess(r);
    expect(r.summary).toContain('octocat');
    expect(renderProblems(r.summary)).toEqual([]);
  });
});
