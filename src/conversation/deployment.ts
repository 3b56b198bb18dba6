/**
 * `deployment: true`: the preview shown as a GitHub deployment of the PR's head commit to the
 * environment `neon/pr-<n>` (transient, not production). create-branch and reset-branch record it
 * (`in_progress` while Neon works, then `success` with the branch's Neon console page as its URL,
 * never a connection URI, or `failure`); cleanup marks every deployment of the environment
 * `inactive`. A 403 is one warning naming the permission; the step goes on.
 */
import { firstLine } from '../basics/errors.js';
import type { GitHubClient } from '../github/octokit.js';
import { consoleUrl } from '../neon/console.js';
import type { Logger } from '../runtime/logger.js';
import {
  createDeployment,
  createDeploymentStatus,
  type DeploymentStatusRequest,
  listDeployments,
  statusOf,
} from './github.js';
import { type Conversation, summarize } from './publish.js';

/** What the deployment needs of a run (the command builds it from its context). */
export interface DeploymentTarget {
  /** Where the summary line goes, and the GitHub client (undefined without a github-token). */
  conversation: Pick<Conversation, 'log' | 'secrets' | 'openGitHub'>;
  log: Logger;
  prNumber: number | undefined;
  repo: { owner: string; repo: string };
  /** The commit deployed: the PR's head, else the run's. */
  ref: string;
  /** The workflow run's page, for the status's log link. */
  runUrl: string | undefined;
  projectId: string | undefined;
  branchName: string | undefined;
}

/** What the wrapped work returns: its outputs (the branch's id and name) and whether it failed. */
export interface DeployedWork {
  outputs?: { 'branch-id'?: string; 'branch-name'?: string };
  failure?: string;
}

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
    private readonly log: Logger,
    private readonly octokit: Promise<GitHubClient>,
  ) {}

  async run<T>(what: string, fn: (octokit: GitHubClient) => Promise<T>): Promise<T | undefined> {
    if (this.forbidden) return undefined;
    try {
      return await fn(await this.octokit);
    } catch (error) {
      if (statusOf(error) === 403) {
        this.forbidden = true;
        this.log.warning(`Could not ${what} (HTTP 403): ${FORBIDDEN_HINT}; the step goes on without it.`);
      } else this.log.warning(`Could not ${what}: ${firstLine(error)}`);
      return undefined;
    }
  }
}

/** The PR's number and a way to GitHub, when the run has both (else why not, said once). */
function usable(target: DeploymentTarget): { prNumber: number; openGitHub: () => Promise<GitHubClient> } | undefined {
  const { prNumber, log } = target;
  if (prNumber === undefined) {
    log.info('deployment: true records a deployment on pull requests only: none here');
    return undefined;
  }
  const { openGitHub } = target.conversation;
  if (!openGitHub) {
    log.warning('deployment: true needs github-token: no deployment recorded');
    return undefined;
  }
  return { prNumber, openGitHub };
}

/**
 * Wraps create-branch or reset-branch: the deployment is created (`in_progress`) while Neon works,
 * and gets `success` or `failure` when the step's work ends.
 */
export async function withDeployment<R extends DeployedWork>(
  target: DeploymentTarget,
  enabled: boolean,
  work: () => Promise<R>,
): Promise<R> {
  const on = enabled ? usable(target) : undefined;
  if (!on) return work();
  const { repo, log } = target;
  const environment = environmentFor(on.prNumber);
  const calls = new DeploymentCalls(log, on.openGitHub());
  const logUrl = target.runUrl;
  const started = calls.run('create the GitHub deployment', async (octokit) => {
    const id = await createDeployment(octokit, repo, {
      ref: target.ref,
      environment,
      description: 'Neon preview branch',
      payload: { 'project-id': target.projectId ?? '', 'branch-name': target.branchName ?? '' },
    });
    await createDeploymentStatus(octokit, repo, id, {
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
      await createDeploymentStatus(octokit, repo, id, {
        state,
        description: statusDescription(state, branchName),
        ...(environmentUrl ? { environmentUrl } : {}),
        ...(logUrl ? { logUrl } : {}),
      });
      return true;
    });
    if (done) {
      log.info(`Deployment ${id} to ${environment}: ${state}`);
      await summarize(target.conversation, deploymentLine(environment, state));
    }
  };
  let result: R;
  try {
    result = await work();
  } catch (error) {
    await finish('failure');
    throw error;
  }
  const branchId = result.outputs?.['branch-id'];
  if (result.failure || !branchId || !target.projectId) await finish('failure');
  else await finish('success', consoleUrl(target.projectId, branchId), result.outputs?.['branch-name']);
  return result;
}

/** cleanup: every deployment of the PR's environment becomes `inactive`. */
export async function endDeployments(target: DeploymentTarget, enabled: boolean): Promise<void> {
  const on = enabled ? usable(target) : undefined;
  if (!on) return;
  const { repo, log } = target;
  const environment = environmentFor(on.prNumber);
  const calls = new DeploymentCalls(log, on.openGitHub());
  const ids =
    (await calls.run('list the GitHub deployments', (octokit) => listDeployments(octokit, repo, environment))) ?? [];
  let ended = 0;
  for (const id of ids) {
    const ok = await calls.run('mark the GitHub deployment inactive', async (octokit) => {
      await createDeploymentStatus(octokit, repo, id, {
        state: 'inactive',
        description: statusDescription('inactive'),
      });
      return true;
    });
    if (ok) ended++;
  }
  if (ended > 0) {
    log.info(`Marked ${ended} deployment(s) to ${environment} inactive`);
    await summarize(target.conversation, deploymentLine(environment, 'inactive'));
  }
}
