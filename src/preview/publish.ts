/**
 * Writes a command's report where the user sees it: the sticky PR comment (PR events with
 * `comment: true`) and the job summary. Secrets are redacted first, whatever the renderer did.
 */
import type { CommandContext } from '../commands/types.js';
import { isPrEvent } from '../github/context.js';
import { commentMarker, markersInUse, upsertStickyComment } from '../github/sticky-comment.js';
import { writeJobSummary } from '../github/summary.js';
import type { Command } from '../names.js';

export async function publishReport(
  ctx: CommandContext,
  /** The comment's command; with several, each existing comment of them is updated (else the first is made). */
  command: Command | Command[],
  branchName: string,
  body: { comment: string; summary?: string },
): Promise<string | undefined> {
  const summary = ctx.secrets.redact(body.summary ?? body.comment);
  try {
    await writeJobSummary(summary);
  } catch (e) {
    ctx.log.warning(`Could not write the job summary: ${(e as Error).message}`);
  }
  if (!ctx.common.comment || ctx.prNumber === undefined || !isPrEvent(ctx.github)) return undefined;
  if (!ctx.common.githubToken) {
    ctx.log.warning('No github-token: skipping the PR comment');
    return undefined;
  }
  const { createOctokit } = await import('../github/octokit.js');
  const octokit = createOctokit(ctx.common.githubToken, { apiUrl: ctx.github.apiUrl, logger: ctx.log });
  const target = { owner: ctx.github.repo.owner, repo: ctx.github.repo.repo, issueNumber: ctx.prNumber, logger: ctx.log };
  const markerOf = (c: Command) => commentMarker(c, ctx.common.projectId ?? '', branchName);
  try {
    let commands = Array.isArray(command) ? command : [command];
    if (commands.length > 1) {
      const inUse = new Set(await markersInUse(octokit, target, commands.map(markerOf)));
      const existing = commands.filter((c) => inUse.has(markerOf(c)));
      commands = existing.length > 0 ? existing : commands.slice(0, 1);
    }
    let url: string | undefined;
    for (const c of commands) {
      const result = await upsertStickyComment(octokit, { ...target, marker: markerOf(c), body: ctx.secrets.redact(body.comment), updatedAt: null });
      url ??= result.url;
    }
    return url;
  } catch (e) {
    // the branch is what the step is for; a comment GitHub would not take is a warning
    ctx.log.warning(`Could not write the PR comment: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}
