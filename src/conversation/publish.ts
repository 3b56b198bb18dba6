/**
 * Writes a command's report where the user sees it: the sticky PR comment (PR events with
 * `comment: true`) and the job summary. Secrets are redacted first, whatever the renderer did.
 */
import type { CommandContext } from '../commands/types.js';
import { isPrEvent } from '../github/context.js';
import type { GitHubClient } from '../github/octokit.js';
import { commentMarker, type IssueComment, listBotComments, markersInUse, upsertStickyComment } from '../github/sticky-comment.js';
import { writeJobSummary } from '../github/summary.js';
import type { Command } from '../names.js';

/** The PR comment's reads, started before the report is ready (`startComment`). */
export interface CommentStart {
  octokit: Promise<GitHubClient>;
  /** This bot's comments on the PR. */
  listed: Promise<IssueComment[]>;
}

/**
 * Starts what the PR comment needs first, the GitHub client and the listing of this bot's comments,
 * so that they run while the command works. For commands without waits: the listing only decides
 * create or update, and a create is re-checked against a fresh listing anyway. Undefined when the
 * run writes no comment. A failed read surfaces in `publishReport`, as a warning like any other.
 */
export function startComment(ctx: CommandContext): CommentStart | undefined {
  if (!onPullRequest(ctx) || !ctx.common.githubToken) return undefined;
  const octokit = openGitHub(ctx);
  const listed = octokit.then((client) => listBotComments(client, commentTarget(ctx)));
  listed.catch(() => {}); // awaited (and reported) by publishReport; a run that fails first never looks
  return { octokit, listed };
}

export interface PublishOptions {
  /** From `startComment`, when the command started the comment's reads early. */
  started?: CommentStart;
  /** Update the comments that exist and make none (e.g. a report on a branch whose comment may never have been made). */
  existingOnly?: boolean;
}

export async function publishReport(
  ctx: CommandContext,
  /** The comment's command; with several, each existing comment of them is updated (else the first is made). */
  command: Command | Command[],
  branchName: string,
  body: { comment: string; summary?: string },
  options: PublishOptions = {},
): Promise<string | undefined> {
  const { started } = options;
  const summary = ctx.secrets.redact(body.summary ?? body.comment);
  try {
    await writeJobSummary(summary);
  } catch (e) {
    ctx.log.warning(`Could not write the job summary: ${(e as Error).message}`);
  }
  if (!onPullRequest(ctx)) return undefined;
  if (!ctx.common.githubToken) {
    ctx.log.warning('No github-token: skipping the PR comment');
    return undefined;
  }
  const target = commentTarget(ctx);
  const markerOf = (c: Command) => commentMarker(c, ctx.common.projectId ?? '', branchName);
  try {
    const octokit = await (started?.octokit ?? openGitHub(ctx));
    let listed = started?.listed;
    let commands = Array.isArray(command) ? command : [command];
    if (commands.length > 1 || options.existingOnly) {
      // one listing serves both the choice of comments and their first lookup
      listed ??= listBotComments(octokit, target);
      const inUse = new Set(await markersInUse(octokit, target, commands.map(markerOf), listed));
      const existing = commands.filter((c) => inUse.has(markerOf(c)));
      commands = existing.length > 0 || options.existingOnly ? existing : commands.slice(0, 1);
    }
    let url: string | undefined;
    for (const c of commands) {
      const result = await upsertStickyComment(octokit, {
        ...target,
        marker: markerOf(c),
        body: ctx.secrets.redact(body.comment),
        updatedAt: null,
        ...(listed ? { listed } : {}),
      });
      url ??= result.url;
    }
    return url;
  } catch (e) {
    // the branch is what the step is for; a comment GitHub would not take is a warning
    ctx.log.warning(`Could not write the PR comment: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

/** `comment: true` on a pull request event. */
function onPullRequest(ctx: CommandContext): boolean {
  return ctx.common.comment && ctx.prNumber !== undefined && isPrEvent(ctx.github);
}

function commentTarget(ctx: CommandContext) {
  return { owner: ctx.github.repo.owner, repo: ctx.github.repo.repo, issueNumber: ctx.prNumber!, logger: ctx.log };
}

async function openGitHub(ctx: CommandContext): Promise<GitHubClient> {
  const { createOctokit } = await import('../github/octokit.js');
  return createOctokit(ctx.common.githubToken!, { apiUrl: ctx.github.apiUrl, logger: ctx.log, signal: ctx.signal });
}
