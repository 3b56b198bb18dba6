/**
 * The thin GitHub adapter of the PR conversation: every REST and GraphQL call the comments, the
 * deployment and the approval gate make, and nothing else. No decision is taken here; the callers
 * (comment-store.ts, deployment.ts, approval-reads in publish.ts) decide, the renderers write.
 */
import type { GitHubClient } from '../github/octokit.js';

export interface IssueRef {
  owner: string;
  repo: string;
  issueNumber: number;
}

/** The fields of a GitHub issue comment the store reads. */
export interface IssueComment {
  id: number;
  body?: string | null;
  html_url: string;
  created_at: string;
  user: { login: string; type?: string } | null;
}

/** One `labeled` or `unlabeled` event of an issue or pull request. */
export interface LabelEvent {
  id: number;
  event: 'labeled' | 'unlabeled';
  label: string;
  actor: string;
  createdAt: string;
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

const identities = new WeakMap<GitHubClient, Promise<string | undefined>>();

/**
 * The login of the account the token acts as, as REST spells it on comments (`name[bot]` for an
 * app, GITHUB_TOKEN included). GraphQL's `viewer` answers for every kind of token (installation
 * tokens cannot call `GET /user`); `GET /user` is the fallback where GraphQL is unavailable.
 * Undefined when neither answers. Asked once per client.
 */
export function tokenLogin(octokit: GitHubClient): Promise<string | undefined> {
  let known = identities.get(octokit);
  if (!known) {
    known = (async () => {
      try {
        const answer = await octokit.graphql<{ viewer?: { login?: string } }>('query { viewer { login } }');
        if (answer.viewer?.login) return answer.viewer.login;
      } catch {
        // fall through to REST
      }
      try {
        const { data } = await octokit.rest.users.getAuthenticated();
        return data.login || undefined;
      } catch {
        return undefined;
      }
    })();
    identities.set(octokit, known);
  }
  return known;
}

/** Every comment of an issue, with GitHub's clock when it answered (its `Date` header; undefined when absent). */
export type CommentListing = IssueComment[] & { answeredAt?: number };

/** Every comment of the issue: all pages, 100 a page. */
export async function listComments(octokit: GitHubClient, ref: IssueRef): Promise<CommentListing> {
  const comments: CommentListing = [];
  const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.issueNumber,
    per_page: 100,
  });
  for await (const page of pages) {
    comments.push(...(page.data as IssueComment[]));
    const at = Date.parse(String(page.headers.date ?? ''));
    if (!Number.isNaN(at)) comments.answeredAt = at;
  }
  return comments;
}

export async function getComment(octokit: GitHubClient, ref: IssueRef, id: number): Promise<IssueComment | undefined> {
  try {
    const { data } = await octokit.rest.issues.getComment({ owner: ref.owner, repo: ref.repo, comment_id: id });
    return data as IssueComment;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

export async function createComment(octokit: GitHubClient, ref: IssueRef, body: string): Promise<IssueComment> {
  const { data } = await octokit.rest.issues.createComment({
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.issueNumber,
    body,
  });
  return data as IssueComment;
}

/** The updated comment, or undefined when it was deleted meanwhile (404). */
export async function updateComment(
  octokit: GitHubClient,
  ref: IssueRef,
  id: number,
  body: string,
): Promise<IssueComment | undefined> {
  try {
    const { data } = await octokit.rest.issues.updateComment({
      owner: ref.owner,
      repo: ref.repo,
      comment_id: id,
      body,
    });
    return data as IssueComment;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/** Deletes a comment; one already gone (404) is fine. */
export async function deleteComment(octokit: GitHubClient, ref: IssueRef, id: number): Promise<void> {
  try {
    await octokit.rest.issues.deleteComment({ owner: ref.owner, repo: ref.repo, comment_id: id });
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

/** The issue's `labeled` and `unlabeled` events, oldest first: all pages, 100 a page. */
export async function listLabelEvents(octokit: GitHubClient, ref: IssueRef): Promise<LabelEvent[]> {
  const events = (await octokit.paginate(octokit.rest.issues.listEvents, {
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.issueNumber,
    per_page: 100,
  })) as {
    id: number;
    event: string;
    label?: { name?: string };
    actor?: { login?: string } | null;
    created_at: string;
  }[];
  return events
    .filter((e) => (e.event === 'labeled' || e.event === 'unlabeled') && typeof e.label?.name === 'string')
    .map((e) => ({
      id: e.id,
      event: e.event as LabelEvent['event'],
      label: e.label!.name!,
      actor: e.actor?.login ?? 'ghost',
      createdAt: e.created_at,
    }));
}

export interface DeploymentRequest {
  ref: string;
  environment: string;
  description: string;
  payload: Record<string, string>;
}

/** `POST /deployments`: transient, not production, no merge, no required contexts. Returns its id. */
export async function createDeployment(
  octokit: GitHubClient,
  ref: Omit<IssueRef, 'issueNumber'>,
  d: DeploymentRequest,
): Promise<number> {
  const { data } = await octokit.rest.repos.createDeployment({
    owner: ref.owner,
    repo: ref.repo,
    ref: d.ref,
    environment: d.environment,
    description: d.description,
    payload: d.payload,
    transient_environment: true,
    production_environment: false,
    auto_merge: false,
    required_contexts: [],
  });
  const id = (data as { id?: unknown }).id;
  if (typeof id !== 'number')
    throw new Error(`GitHub did not create the deployment: ${(data as { message?: string }).message ?? 'no id'}`);
  return id;
}

export interface DeploymentStatusRequest {
  state: 'in_progress' | 'success' | 'failure' | 'inactive';
  description: string;
  environmentUrl?: string;
  logUrl?: string;
}

export async function createDeploymentStatus(
  octokit: GitHubClient,
  ref: Omit<IssueRef, 'issueNumber'>,
  deploymentId: number,
  s: DeploymentStatusRequest,
): Promise<void> {
  await octokit.rest.repos.createDeploymentStatus({
    owner: ref.owner,
    repo: ref.repo,
    deployment_id: deploymentId,
    state: s.state,
    description: s.description,
    ...(s.environmentUrl ? { environment_url: s.environmentUrl } : {}),
    ...(s.logUrl ? { log_url: s.logUrl } : {}),
    auto_inactive: false,
  });
}

/** Ids of the deployments to one environment, newest first: all pages, 100 a page. */
export async function listDeployments(
  octokit: GitHubClient,
  ref: Omit<IssueRef, 'issueNumber'>,
  environment: string,
): Promise<number[]> {
  const list = (await octokit.paginate(octokit.rest.repos.listDeployments, {
    owner: ref.owner,
    repo: ref.repo,
    environment,
    per_page: 100,
  })) as { id: number }[];
  return list.map((d) => d.id);
}
