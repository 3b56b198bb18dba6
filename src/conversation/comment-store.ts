/**
 * One sticky PR comment per command and branch. It is found by a marker on its first line, among
 * comments written by a bot, across every page of the conversation; it is updated in place, left
 * alone when only its timestamp would change, and concurrent runs converge on the oldest copy.
 * A 403 (a read-only token, as on fork PRs) is a warning, never a failure.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../runtime/logger.js';
import type { GitHubClient } from './octokit.js';
import { redact } from './redact.js';
import { truncateToChars } from './truncate.js';

/** Re-exported for callers that reach the PR helpers through this module. */
export { getPull, listOpenPullNumbers, type PullSummary } from './pulls.js';

/** GitHub refuses bodies of 65,536 characters or more; stay well under, whatever the encoding. */
export const MAX_COMMENT_LENGTH = 65_000;

/**
 * The timestamp line convention: `<sub>Updated YYYY-MM-DD HH:MM UTC…</sub>` alone on a line.
 * Such lines are ignored when deciding whether a comment changed.
 */
export const TIMESTAMP_LINE = /^<sub>Updated \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC[^\n]*<\/sub>[ \t]*$/m;
const TIMESTAMP_LINES = new RegExp(TIMESTAMP_LINE.source, 'gm');

/**
 * `<!-- neon-preview-action:{command}:{project-id}:{sha1 hex of branch-name} -->`. The branch name is
 * hashed and the project id kept to `[A-Za-z0-9._-]`, so no user text can close the HTML comment.
 */
export function commentMarker(command: string, projectId: string, branchName: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').replace(/-{2,}/g, (d) => '_'.repeat(d.length));
  const hash = createHash('sha1').update(branchName, 'utf8').digest('hex');
  return `<!-- neon-preview-action:${safe(command)}:${safe(projectId)}:${hash} -->`;
}

export function timestampLine(at: Date, runUrl?: string): string {
  const when = at.toISOString().slice(0, 16).replace('T', ' ');
  const run = runUrl && /^https?:\/\/[^\s"<>]+$/.test(runUrl) ? ` · <a href="${runUrl}">workflow run</a>` : '';
  return `<sub>Updated ${when} UTC${run}</sub>`;
}

export interface StickyTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  marker: string;
  logger: Logger;
  /** Logins accepted as authors besides any `type: Bot` user (e.g. the owner of a personal token). */
  authorLogins?: readonly string[];
}

export interface UpsertOptions extends StickyTarget {
  /** The Markdown under the marker. */
  body: string;
  /** Appends a timestamp line (ignored when comparing). Default: the current time; `null` for none. */
  updatedAt?: Date | null;
  runUrl?: string;
  /** Replaced by `***` before anything is sent (defence in depth; callers redact first). */
  secrets?: readonly string[];
  /**
   * This bot's comments on the issue, listed beforehand (`listBotComments`, e.g. while the command
   * did its work): the first lookup uses them instead of listing again. The check after a create
   * always lists anew, so a copy made meanwhile by a concurrent run is still found.
   */
  listed?: Promise<IssueComment[]>;
}

export type StickyAction = 'created' | 'updated' | 'unchanged' | 'skipped';

export interface StickyResult {
  /** The comment's html_url; undefined when skipped. */
  url: string | undefined;
  action: StickyAction;
}

/** The fields of a GitHub issue comment this module reads. */
export interface IssueComment {
  id: number;
  body?: string | null;
  html_url: string;
  created_at: string;
  user: { login: string; type?: string } | null;
}

export async function upsertStickyComment(octokit: GitHubClient, options: UpsertOptions): Promise<StickyResult> {
  const { owner, repo, issueNumber: issue_number, logger } = options;
  const stamp = options.updatedAt === null ? undefined : timestampLine(options.updatedAt ?? new Date(), options.runUrl);
  const body = composeBody(options.marker, redact(options.body, options.secrets ?? []), stamp, logger);
  return onForbidden(logger, 'write the PR comment', async () => {
    const existing = options.listed ? stickyAmong(await options.listed, options.marker) : await findStickyComments(octokit, options);
    const keep = existing[0];
    if (keep) {
      await deleteComments(octokit, options, existing.slice(1));
      if (sameContent(keep.body ?? '', body)) {
        logger.info(`PR comment unchanged: ${keep.html_url}`);
        return { url: keep.html_url, action: 'unchanged' };
      }
      try {
        const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: keep.id, body });
        logger.info(`Updated the PR comment: ${data.html_url}`);
        return { url: data.html_url, action: 'updated' };
      } catch (error) {
        // deleted since it was listed (by a person, or by a concurrent run converging): write it anew
        if (statusOf(error) !== 404) throw error;
      }
    }
    const { data: created } = await octokit.rest.issues.createComment({ owner, repo, issue_number, body });
    return converge(octokit, options, created as IssueComment, body);
  });
}

/**
 * After creating: re-list, keep the oldest copy of the marker, delete the newer ones (another run's
 * or ours), and carry our body over when the survivor is another run's.
 */
async function converge(
  octokit: GitHubClient,
  options: UpsertOptions,
  created: IssueComment,
  body: string,
): Promise<StickyResult> {
  const { owner, repo, logger } = options;
  const all = await findStickyComments(octokit, options);
  const keep = all[0] ?? created;
  const newer = all.slice(1);
  // a listing can lag behind a create: ours goes too when an older copy won but ours is not listed
  if (keep.id !== created.id && !newer.some((c) => c.id === created.id)) newer.push(created);
  await deleteComments(octokit, options, newer);
  if (keep.id === created.id) {
    logger.info(`Created the PR comment: ${created.html_url}`);
    return { url: created.html_url, action: 'created' };
  }
  logger.info(`Another run created the same PR comment at once; keeping the older one: ${keep.html_url}`);
  if (sameContent(keep.body ?? '', body)) return { url: keep.html_url, action: 'unchanged' };
  const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: keep.id, body });
  return { url: data.html_url, action: 'updated' };
}

/** Deletes every bot comment carrying the marker. Returns how many went. */
export async function deleteStickyComment(
  octokit: GitHubClient,
  target: StickyTarget,
): Promise<{ deleted: number; action: 'deleted' | 'none' | 'skipped' }> {
  const result = await onForbidden(target.logger, 'delete the PR comment', async () => {
    const found = await findStickyComments(octokit, target);
    await deleteComments(octokit, target, found);
    return { deleted: found.length, action: found.length > 0 ? ('deleted' as const) : ('none' as const) };
  });
  return 'url' in result ? { deleted: 0, action: 'skipped' } : result;
}

/** Bot comments whose first line is the marker, oldest first. All pages, 100 a page. */
export async function findStickyComments(octokit: GitHubClient, target: StickyTarget): Promise<IssueComment[]> {
  return stickyAmong(await listBotComments(octokit, target), target.marker);
}

/** Which of `markers` already head a comment of this bot on the issue (one listing for all of them). */
export async function markersInUse(
  octokit: GitHubClient,
  target: Omit<StickyTarget, 'marker'>,
  markers: readonly string[],
  /** A listing made beforehand (`listBotComments`); default: list now. */
  listed?: Promise<IssueComment[]>,
): Promise<string[]> {
  const comments = await (listed ?? listBotComments(octokit, target));
  return markers.filter((marker) => stickyAmong(comments, marker).length > 0);
}

/** This bot's comments on the issue (any `type: Bot` user, or one of `authorLogins`): all pages, 100 a page. */
export async function listBotComments(octokit: GitHubClient, target: Omit<StickyTarget, 'marker'>): Promise<IssueComment[]> {
  const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  })) as IssueComment[];
  const logins = new Set(target.authorLogins ?? []);
  return comments.filter((c) => c.user != null && (c.user.type === 'Bot' || logins.has(c.user.login)));
}

function stickyAmong(comments: readonly IssueComment[], marker: string): IssueComment[] {
  return comments
    .filter((c) => firstLine(c.body ?? '') === marker)
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
}

async function deleteComments(octokit: GitHubClient, target: StickyTarget, comments: IssueComment[]): Promise<void> {
  for (const comment of comments) {
    try {
      await octokit.rest.issues.deleteComment({ owner: target.owner, repo: target.repo, comment_id: comment.id });
      target.logger.debug(`Deleted duplicate PR comment ${comment.id}`);
    } catch (error) {
      if (statusOf(error) !== 404) throw error; // another run deleted it first
    }
  }
}

function firstLine(body: string): string {
  const end = body.indexOf('\n');
  return (end === -1 ? body : body.slice(0, end)).trim();
}

/** Equal once line endings, timestamp lines and trailing blanks are set aside. */
export function sameContent(a: string, b: string): boolean {
  return comparable(a) === comparable(b);
}

function comparable(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .replace(TIMESTAMP_LINES, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Marker, content, timestamp; the content is cut (with a note) so the whole stays under the cap. */
export function composeBody(marker: string, content: string, stamp: string | undefined, logger?: Logger): string {
  const tail = stamp ? `\n\n${stamp}` : '';
  const room = MAX_COMMENT_LENGTH - marker.length - 1 - tail.length;
  let text = content.replace(/\r\n?/g, '\n').trimEnd();
  if (text.length > room) {
    logger?.warning(`The PR comment is ${text.length} characters long; cutting it to fit GitHub's limit`);
    text = truncateToChars(text, room, TRUNCATION_NOTE);
  }
  return `${marker}\n${text}${tail}`;
}

const TRUNCATION_NOTE =
  "\n\n> [!NOTE]\n> This comment was cut to fit GitHub's size limit; the job summary and the step outputs have the rest.";

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Runs `fn`; a 403 becomes one warning and a `skipped` result. */
async function onForbidden<T>(logger: Logger, what: string, fn: () => Promise<T>): Promise<T | StickyResult> {
  try {
    return await fn();
  } catch (error) {
    if (statusOf(error) !== 403) throw error;
    const reason = (error as Error).message.split('\n')[0];
    logger.warning(
      `Could not ${what} (HTTP 403: ${reason}). The token is read-only here (as on fork pull requests) or lacks \`pull-requests: write\`.`,
    );
    return { url: undefined, action: 'skipped' };
  }
}
