/**
 * Writes a command's report where the user sees it: the sticky PR comment (PR events with
 * `comment: true`) and the job summary. Secrets are redacted first, whatever the renderer did.
 */
import type { CommandContext } from '../commands/types.js';
import { isPrEvent } from '../github/context.js';
import { commentMarker, upsertStickyComment } from '../github/sticky-comment.js';
import { writeJobSummary } from '../github/summary.js';
import type { Command } from '../names.js';

export async function publishReport(
  ctx: CommandContext,
  command: Command,
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
  const marker = commentMarker(command, ctx.common.projectId ?? '', branchName);
  try {
    const result = await upsertStickyComment(octokit, {
      owner: ctx.github.repo.owner,
      repo: ctx.github.repo.repo,
      issueNumber: ctx.prNumber,
      marker,
      body: ctx.secrets.redact(body.comment),
      logger: ctx.log,
      updatedAt: null,
    });
    if (result.action !== 'skipped') ctx.log.info(`PR comment ${result.action}: ${result.url}`);
    return result.url;
  } catch (e) {
    // the branch is what the step is for; a comment GitHub would not take is a warning
    ctx.log.warning(`Could not write the PR comment: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}
