/**
 * What the commands read off their context for the folders below, which never see it: the project
 * and branch the run is about, the PR conversation, the deployment, a GitHub client.
 */
import type { Conversation } from '../conversation/publish.js';
import type { DeploymentTarget } from '../conversation/deployment.js';
import type { IssueRef } from '../conversation/github.js';
import { isPrEvent } from '../github/context.js';
import type { GitHubClient } from '../github/octokit.js';
import { InputError } from '../inputs/errors.js';
import type { PreviewLookup } from '../preview/lookup.js';
import { readWorkspaceFile } from '../runtime/workspace-file.js';
import type { CommandContext } from './types.js';

/** The preview branch name, or one line naming branch-name and pr-number when there is none. */
export function requireBranchName(ctx: Pick<CommandContext, 'branchName' | 'github'>): string {
  if (ctx.branchName) return ctx.branchName;
  throw new InputError(
    'branch-name',
    `is required on ${ctx.github.eventName || 'this'} events: no pull request number was found (give branch-name, or pr-number)`,
  );
}

export function requireProjectId(ctx: Pick<CommandContext, 'common'>): string {
  const id = ctx.common.projectId;
  if (!id) throw new InputError('project-id', 'is required (or set NEON_PROJECT_ID)');
  return id;
}

/** `owner/repo` of this run. */
export function repoOf(ctx: Pick<CommandContext, 'github'>): string {
  return `${ctx.github.repo.owner}/${ctx.github.repo.repo}`;
}

/** The lookup for this run's preview branch (or anonymize's, with `suffix`). */
export function previewLookup(
  ctx: Pick<CommandContext, 'github' | 'prNumber' | 'common'>,
  projectId: string,
  name: string,
  suffix = '',
): PreviewLookup {
  return {
    projectId,
    name,
    repo: repoOf(ctx),
    prNumber: ctx.prNumber,
    defaultName: ctx.common.branchName === undefined,
    suffix,
  };
}

/** The run's one GitHub client, made on first use (the caller checked there is a github-token). */
export function openGitHub(ctx: CommandContext): Promise<GitHubClient> {
  return ctx.openGitHub();
}

/** `comment: true` on a pull request event. */
export function commentsOn(ctx: CommandContext): boolean {
  return ctx.common.comment && ctx.prNumber !== undefined && isPrEvent(ctx.github);
}

export function issueRef(ctx: CommandContext): IssueRef {
  return { owner: ctx.github.repo.owner, repo: ctx.github.repo.repo, issueNumber: ctx.prNumber! };
}

/** The PR conversation of this run: its PR when comments are kept, a GitHub client, the log and the secrets. */
export function conversationOf(ctx: CommandContext): Conversation {
  return {
    pr: commentsOn(ctx) ? issueRef(ctx) : undefined,
    openGitHub: ctx.common.githubToken ? () => openGitHub(ctx) : undefined,
    log: ctx.log,
    secrets: ctx.secrets,
    deadline: ctx.deadline,
  };
}

/** The GitHub deployment of this run's preview (`deployment: true`). */
export function deploymentOf(ctx: CommandContext): DeploymentTarget {
  const head: unknown = ctx.github.payload?.pull_request?.head?.sha;
  const { owner, repo } = ctx.github.repo;
  return {
    conversation: conversationOf(ctx),
    log: ctx.log,
    prNumber: ctx.prNumber,
    repo: { owner, repo },
    ref: typeof head === 'string' && head ? head : ctx.github.sha,
    runUrl: ctx.github.runId ? `${ctx.github.serverUrl}/${owner}/${repo}/actions/runs/${ctx.github.runId}` : undefined,
    projectId: ctx.common.projectId,
    branchName: ctx.branchName,
  };
}

/** Reads a file of the checked-out repository as anything a PR controls is read (runtime/workspace-file). */
export function workspaceReader(ctx: Pick<CommandContext, 'github'>) {
  return (path: string, maxBytes: number) => readWorkspaceFile(path, ctx.github.workspace, maxBytes);
}
