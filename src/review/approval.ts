/**
 * compare-schema's approval stage: when fail-on fails and approve-label is set, the PR's label
 * events decide (the pure rule: conversation/approval.ts `decideGate`). It fails closed: when what
 * the label approved cannot be read or kept (the comments could not be listed, GitHub named no
 * identity for the token, the run writes no review comment), or the label is the PR author's own,
 * it approves nothing new and fail-on fails, naming why.
 */
import { firstLine } from '../basics/errors.js';
import { decideGate, type FailOnMode, type GateDecision, labelApproval } from '../conversation/approval.js';
import { sectionsAmong } from '../conversation/comment-store.js';
import {
  type IssueComment,
  type IssueRef,
  listComments,
  listLabelEvents,
  statusOf,
  tokenLogin,
} from '../conversation/github.js';
import { recordIn } from '../conversation/review-comment.js';
import type { GitHubClient } from '../github/octokit.js';
import { getPull } from '../github/pulls.js';
import type { Logger } from '../runtime/logger.js';
import type { Change } from '../schema/types.js';

export interface ApprovalDeps {
  log: Pick<Logger, 'warning'>;
  /** The PR and a client for it; undefined without a pull request or a github-token. */
  pr: { issue: IssueRef; github: () => Promise<GitHubClient> } | undefined;
  /** The comment's first reads, when the run started them (the same token's login and listing). */
  started?: { login: Promise<string | undefined>; listed: Promise<IssueComment[]> } | undefined;
  /** The PR's author as the event names them. */
  eventAuthor: string | undefined;
  /** Why this run writes no review comment, when it writes none. */
  unwritable: string | undefined;
}

export interface ApprovalQuestion {
  mode: FailOnMode;
  changes: readonly Change[];
  fails: boolean;
  label: string | undefined;
  allowAuthor: boolean;
  projectId: string;
  branchName: string;
}

export async function approvalGate(deps: ApprovalDeps, q: ApprovalQuestion): Promise<GateDecision> {
  const input = {
    mode: q.mode,
    changes: q.changes,
    fails: q.fails,
    label: q.label,
    approval: undefined,
    record: undefined,
  };
  // with the label set, its events are read on every run: the record of what it approved is kept even while nothing fails
  if (q.label === undefined || q.mode === 'none') return decideGate(input);
  if (!deps.pr) {
    deps.log.warning(
      'approve-label: no pull request or no github-token to read its labels with; fail-on decides alone',
    );
    return decideGate(input);
  }
  const { issue } = deps.pr;
  let octokit: GitHubClient;
  let approval: ReturnType<typeof labelApproval>;
  try {
    octokit = await deps.pr.github();
    approval = labelApproval(await listLabelEvents(octokit, issue), q.label);
  } catch (e) {
    deps.log.warning(
      `approve-label: could not read the pull request's labels (${firstLine(e)}); fail-on decides alone`,
    );
    return decideGate(input);
  }
  if (!approval) return decideGate(input);
  const author = deps.eventAuthor || (await prAuthor(octokit, issue));
  const base = { ...input, approval, author, allowAuthor: q.allowAuthor };
  // what the label approved is kept in the review comment: read it (also on runs that do not write it)
  let record: ReturnType<typeof recordIn>;
  try {
    const login = await (deps.started?.login ?? tokenLogin(octokit));
    if (!login)
      return decideGate({
        ...base,
        unrecorded:
          "GitHub named no identity for github-token, so this action's review comment, which records what the label approved, cannot be told apart",
      });
    const listed = await (deps.started?.listed ?? listComments(octokit, issue));
    record = recordIn(sectionsAmong(listed, login, 'review'), q.projectId, q.branchName);
  } catch (e) {
    const status = statusOf(e);
    return decideGate({
      ...base,
      unrecorded: `the PR's comments could not be listed (${status ? `HTTP ${status}` : firstLine(e)}), so what it approved is unknown`,
    });
  }
  return decideGate({ ...base, record, ...(deps.unwritable ? { unrecorded: deps.unwritable } : {}) });
}

/** The PR's author asked of GitHub; undefined when it does not say. */
async function prAuthor(octokit: GitHubClient, issue: IssueRef): Promise<string | undefined> {
  try {
    return (await getPull(octokit, issue.owner, issue.repo, issue.issueNumber))?.author;
  } catch {
    return undefined;
  }
}

/**
 * An approval recorded by this run holds only once the comment keeps it: a write that failed (a
 * token that cannot write comments) leaves nothing to hold the next run to, so it approves nothing.
 */
export function keptApproval(
  gate: GateDecision,
  commentUrl: string | undefined,
  log: Pick<Logger, 'warning'>,
): GateDecision {
  if (gate.verdict !== 'approved' || !gate.fresh || commentUrl) return gate;
  const why = 'the review comment that records what the label approved could not be written (see the warning above)';
  log.warning(`approve-label: ${why}: fail-on decides alone`);
  return { verdict: 'fail', flagged: gate.flagged, why: `the label does not count: ${why}` };
}
