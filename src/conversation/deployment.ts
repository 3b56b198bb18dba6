/**
 * `deployment: true`: the preview shown as a GitHub deployment of the PR's head commit to the
 * environment `neon/pr-<n>` (transient, not production). create-branch and reset-branch record it
 * (`in_progress` while Neon works, then `success` with the branch's Neon console page as its URL,
 * never a connection URI, or `failure`); cleanup marks every deployment of the environment
 * `inactive`. A 403 is one warning naming the permission; the step goes on.
 */
import { firstLine } from '../basics/errors.js';
import type { CommandContext, CommandResult } from '../commands/types.js';
import type { GitHubClient } from '../github/octokit.js';
import { consoleUrl } from '../preview/lookup.js';
import {
  createDeployment,
  createDeploymentStatus,
  type DeploymentStatusRequest,
  listDeployments,
  statusOf,
} from './github.js';
import { openGitHub, summarize } from './publish.js';

export function environmentFor(prNumber: number): string {
  return `neon/pr-${prNumber}`;
}

type State = DeploymentStatusRequest['state'];

/** The words GitHub shows beside each status (at most 140 characters). */
export function statusDescription(state: State, branchName?: string): string {
  const text = {
    in_progress: 'Neon is getting the preview branch ready',
    success: `The Neon branch ${branchName ?? ''} is ready`,
    failure: 'The Neon preview branch could not be made ready: see the workflow run',
    inactive: 'The Neon preview branch was deleted with its pull request',
  }[state];
  return text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

/** The summary line of a step that recorded a deployment status. */
export function deploymentLine(environment: string, state: State): string {
  const said = { in_progress: 'in progress', success: 'success', failure: 'failure', inactive: 'inactive' }[state];
  return `Deployment to the environment \`${environment}\`: ${said}.`;
}

const FORBIDDEN_HINT =
  "The token lacks `deployments: write` (add it to the job's permissions), or is read-only here (as on fork pull requests)";

/** Runs the deployment calls of one step: after a 403 (warned once) no further call is made. */
class DeploymentCalls {
  private forbidden = false;
  constructor(
    private readonly ctx: CommandContext,
    private readonly octokit: Promise<GitHubClient>,
  ) {}

  async run<T>(what: string, fn: (octokit: GitHubClient) => Promise<T>): Promise<T | undefined> {
    if (this.forbidden) return undefined;
    try {
      return await fn(await this.octokit);
    } catch (error) {
      if (statusOf(error) === 403) {
        this.forbidden = true;
        this.ctx.log.warning(`Could not ${what} (HTTP 403): ${FORBIDDEN_HINT}; the step goes on without it.`);
      } else this.ctx.log.warning(`Could not ${what}: ${firstLine(error)}`);
      return undefined;
    }
  }
}

function usable(ctx: CommandContext): boolean {
  if (ctx.prNumber === undefined) {
    ctx.log.info('deployment: true records a deployment on pull requests only: none here');
    return false;
  }
  if (!ctx.common.githubToken) {
    ctx.log.warning('deployment: true needs github-token: no deployment recorded');
    return false;
  }
  return true;
}

function repoOf(ctx: CommandContext) {
  return { owner: ctx.github.repo.owner, repo: ctx.github.repo.repo };
}

function runUrl(ctx: CommandContext): string | undefined {
  return ctx.github.runId
    ? `${ctx.github.serverUrl}/${ctx.github.repo.owner}/${ctx.github.repo.repo}/actions/runs/${ctx.github.runId}`
    : undefined;
}

/**
 * Wraps create-branch or reset-branch: the deployment is created (`in_progress`) while Neon works,
 * and gets `success` or `failure` when the step's work ends.
 */
export async function withDeployment(
  ctx: CommandContext,
  enabled: boolean,
  work: () => Promise<CommandResult>,
): Promise<CommandResult> {
  if (!enabled || !usable(ctx)) return work();
  const environment = environmentFor(ctx.prNumber!);
  const calls = new DeploymentCalls(ctx, openGitHub(ctx));
  const head: unknown = ctx.github.payload?.pull_request?.head?.sha;
  const ref = typeof head === 'string' && head ? head : ctx.github.sha;
  const logUrl = runUrl(ctx);
  const started = calls.run('create the GitHub deployment', async (octokit) => {
    const id = await createDeployment(octokit, repoOf(ctx), {
      ref,
      environment,
      description: 'Neon preview branch',
      payload: { 'project-id': ctx.common.projectId ?? '', 'branch-name': ctx.branchName ?? '' },
    });
    await createDeploymentStatus(octokit, repoOf(ctx), id, {
      state: 'in_progress',
      description: statusDescription('in_progress'),
      ...(logUrl ? { logUrl } : {}),
    });
    return id;
  });
  const finish = async (state: 'success' | 'failure', environmentUrl?: string, branchName?: string) => {
    const id = await started;
    if (id === undefined) return;
    const done = await calls.run('update the GitHub deployment', async (octokit) => {
      await createDeploymentStatus(octokit, repoOf(ctx), id, {
        state,
        description: statusDescription(state, branchName),
        ...(environmentUrl ? { environmentUrl } : {}),
        ...(logUrl ? { logUrl } : {}),
      });
      return true;
    });
    if (done) {
      ctx.log.info(`Deployment ${id} to ${environment}: ${state}`);
      await summarize(ctx, deploymentLine(environment, state));
    }
  };
  let result: CommandResult;
  try {
    result = await work();
  } catch (error) {
    await finish('failure');
    throw error;
  }
  const branchId = result.outputs?.['branch-id'];
  if (result.failure || !branchId || !ctx.common.projectId) await finish('failure');
  else await finish('success', consoleUrl(ctx.common.projectId, branchId), result.outputs?.['branch-name']);
  return result;
}

/** cleanup: every deployment of the PR's environment becomes `inactive`. */
export async function endDeployments(ctx: CommandContext, enabled: boolean): Promise<void> {
  if (!enabled || !usable(ctx)) return;
  const environment = environmentFor(ctx.prNumber!);
  const calls = new DeploymentCalls(ctx, openGitHub(ctx));
  const ids =
    (await calls.run('list the GitHub deployments', (octokit) => listDeployments(octokit, repoOf(ctx), environment))) ??
    [];
  let ended = 0;
  for (const id of ids) {
    const ok = await calls.run('mark the GitHub deployment inactive', async (octokit) => {
      await createDeploymentStatus(octokit, repoOf(ctx), id, {
        state: 'inactive',
        description: statusDescription('inactive'),
      });
      return true;
    });
    if (ok) ended++;
  }
  if (ended > 0) {
    ctx.log.info(`Marked ${ended} deployment(s) to ${environment} inactive`);
    await summarize(ctx, deploymentLine(environment, 'inactive'));
  }
}
