/**
 * Pull request facts the commands need: which PRs are open (cleanup's sweep, one paginated call
 * sequence), and one PR's state and head (issue_comment and merge_group payloads lack the head ref).
 */
import type { GitHubClient } from './octokit.js';

export interface PullSummary {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  headRef: string;
  headSha: string;
  /** `owner/name` of the head repository; undefined when the fork was deleted. */
  headRepoFullName: string | undefined;
  baseRef: string;
  htmlUrl: string;
  /** The login of the PR's author. */
  author?: string;
}

/** Numbers of every open PR: `GET /repos/{o}/{r}/pulls?state=open&per_page=100`, all pages. */
export async function listOpenPullNumbers(octokit: GitHubClient, owner: string, repo: string): Promise<Set<number>> {
  const numbers = new Set<number>();
  const pages = octokit.paginate.iterator(octokit.rest.pulls.list, { owner, repo, state: 'open', per_page: 100 });
  for await (const page of pages) for (const pull of page.data) numbers.add(pull.number);
  return numbers;
}

/** One PR, or undefined when it does not exist (404). */
export async function getPull(
  octokit: GitHubClient,
  owner: string,
  repo: string,
  pullNumber: number,
): Promise<PullSummary | undefined> {
  try {
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: pullNumber });
    return {
      number: data.number,
      state: data.state === 'open' ? 'open' : 'closed',
      merged: Boolean(data.merged || data.merged_at),
      headRef: data.head.ref,
      ...(data.user?.login ? { author: data.user.login } : {}),
      headSha: data.head.sha,
      headRepoFullName: data.head.repo?.full_name ?? undefined,
      baseRef: data.base.ref,
      htmlUrl: data.html_url,
    };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

/** A file of a PR as GitHub lists it. */
export interface PullFile {
  filename: string;
  /** `added`, `removed`, `modified`, `renamed`, `copied`, `changed`, `unchanged`. */
  status: string;
}

/** The PR's files: `GET /repos/{o}/{r}/pulls/{n}/files`, all pages (GitHub lists at most 3,000). Needs pull-requests: read. */
export async function listPullFiles(
  octokit: GitHubClient,
  owner: string,
  repo: string,
  pullNumber: number,
): Promise<PullFile[]> {
  const files: PullFile[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
    owner,
    repo,
    pull_number: pullNumber,
    per_page: 100,
  });
  for await (const page of pages) for (const f of page.data) files.push({ filename: f.filename, status: f.status });
  return files;
}
