/**
 * The PR's migration statements, for the rehearsal: GitHub's list of the PR's files filtered by the
 * `migrations` globs (in apply order), read from the workspace and split into statements.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { CommandContext } from '../commands/types.js';
import { selectMigrationFiles, splitMigration } from '../migrations/index.js';
import type { RehearsalStatement } from './types.js';

export async function prMigrationStatements(ctx: CommandContext, globs: readonly string[]): Promise<RehearsalStatement[]> {
  const token = ctx.common.githubToken;
  if (ctx.prNumber === undefined || !token) throw new Error('rehearse needs a pull request and a github-token to list its files');
  const { createOctokit } = await import('../github/octokit.js');
  const octokit = createOctokit(token, { apiUrl: ctx.github.apiUrl, logger: ctx.log, signal: ctx.signal });
  const { owner, repo } = ctx.github.repo;
  const listed: { filename: string; status?: string }[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.pulls.listFiles, { owner, repo, pull_number: ctx.prNumber, per_page: 100 });
  for await (const page of pages) for (const f of page.data) listed.push({ filename: f.filename, status: f.status });
  const statements: RehearsalStatement[] = [];
  for (const file of selectMigrationFiles(globs, listed)) {
    const path = resolve(ctx.github.workspace, file);
    const inside = relative(ctx.github.workspace, path);
    if (inside.startsWith('..') || isAbsolute(inside)) continue;
    statements.push(...(await splitMigration(file, await readFile(path, 'utf8'))).statements);
  }
  return statements;
}
