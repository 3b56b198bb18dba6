/**
 * The store of the action's two PR comments. A comment is found by its marker on the first line,
 * among comments written by the token's own identity only (another app's or a person's copy of the
 * marker is never taken for ours), across every page of the conversation.
 *
 * A write changes only the caller's sections: read, merge, write, then read the comment back after
 * a short settle and check the sections still hold; when a concurrent job wrote over them, merge
 * again and retry until the deadline. Concurrent creates converge on the oldest copy; a duplicate's
 * sections are merged in before it is deleted, and the first round's per-command comments go.
 * A 403 (a read-only token, as on fork PRs) is a warning, never a failure.
 */
import type { Logger } from '../runtime/logger.js';
import { redact } from '../github/redact.js';
import {
  applyUpdates,
  COMMENT_MARKERS,
  type CommentKind,
  firstLine,
  parseSections,
  renderDocument,
  type Section,
  type SectionUpdate,
  unionSections,
} from './document.js';
import {
  createComment,
  deleteComment,
  getComment,
  type IssueComment,
  type IssueRef,
  listComments,
  statusOf,
  updateComment,
} from './github.js';
import type { GitHubClient } from '../github/octokit.js';

export interface StoreTarget extends IssueRef {
  logger: Logger;
  /** The token's own login (`tokenLogin`): only its comments count. */
  login: string;
}

export interface WriteOptions extends StoreTarget {
  kind: CommentKind;
  updates: readonly SectionUpdate[];
  /** Replaced by `***` before anything is sent (defence in depth; callers redact first). */
  secrets?: readonly string[];
  /** Every comment of the PR, listed beforehand (while the command worked): the first read uses it. */
  listed?: Promise<IssueComment[]>;
  /** Epoch ms after which no retry starts (the step's `timeout`). */
  deadline: number;
  /** Make no comment; only change one that exists. */
  existingOnly?: boolean;
  /** How long to wait before reading back; default twice the write's round trip, 20 ms to 2 s. */
  settleMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type StoreAction = 'created' | 'updated' | 'unchanged' | 'none' | 'skipped';

export interface StoreResult {
  /** The comment's html_url; undefined when none was written. */
  url: string | undefined;
  action: StoreAction;
}

const MAX_ATTEMPTS = 12;

/** The comments of `login` whose first line is `marker`, oldest first. */
export function ownComments(comments: readonly IssueComment[], login: string, marker: string): IssueComment[] {
  return comments
    .filter((c) => c.user?.login === login && firstLine(c.body ?? '') === marker)
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
}

/** The first round's comments (one per command and branch) that this comment replaces. */
const LEGACY: Record<CommentKind, RegExp> = {
  preview: /^<!-- neon-preview-action:(create-branch|reset-branch|anonymize|snapshot|cleanup):[A-Za-z0-9._-]*:[0-9a-f]{40} -->$/,
  review: /^<!-- neon-preview-action:compare-schema:[A-Za-z0-9._-]*:[0-9a-f]{40} -->$/,
};

/** The sections of this identity's comment of `kind` (with its duplicates' sections merged in). */
export function sectionsAmong(comments: readonly IssueComment[], login: string, kind: CommentKind): Section[] {
  const mine = ownComments(comments, login, COMMENT_MARKERS[kind]);
  return mine.reduce<Section[]>((all, c) => unionSections(all, parseSections(c.body ?? '')), []);
}

export async function writeSections(octokit: GitHubClient, o: WriteOptions): Promise<StoreResult> {
  const marker = COMMENT_MARKERS[o.kind];
  const ref: IssueRef = { owner: o.owner, repo: o.repo, issueNumber: o.issueNumber };
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const compose = (sections: readonly Section[]) => redact(renderDocument(o.kind, sections), o.secrets ?? []);
  const holds = (body: string) => {
    const there = parseSections(body);
    return compose(applyUpdates(there, o.updates)) === compose(there);
  };
  return onForbidden(o.logger, async () => {
    let listing = o.listed;
    let legacyDone = false;
    for (let attempt = 1; ; attempt++) {
      const all = await (listing ?? listComments(octokit, ref));
      listing = undefined;
      const mine = ownComments(all, o.login, marker);
      if (mine.length === 0) {
        const sections = applyUpdates([], o.updates);
        if (sections.length === 0 || o.existingOnly) return { url: undefined, action: 'none' };
        const started = Date.now();
        const created = await createComment(octokit, ref, compose(sections));
        const roundTrip = Date.now() - started;
        // One listing after the settle both finds concurrent creates and reads our copy back: the oldest
        // copy stays, ours goes when another is older (its sections merge next round).
        await sleep(settleFor(o, roundTrip));
        const everything = await listComments(octokit, ref);
        const again = ownComments(everything, o.login, marker);
        if (again[0] && again[0].id !== created.id) {
          o.logger.info('Another job created the same PR comment at once: merging into the older one');
          await deleteComment(octokit, ref, created.id);
          continue;
        }
        if (again.length > 1) continue; // newer copies: the next round merges their sections and deletes them
        if (!legacyDone) await deleteLegacy(octokit, ref, all, o);
        legacyDone = true;
        if (again[0] && holds(again[0].body ?? '')) {
          o.logger.info(`Created the PR comment: ${created.html_url}`);
          return { url: created.html_url, action: 'created' };
        }
        if (!(await backOff(attempt, created.html_url))) return { url: created.html_url, action: 'created' };
        continue;
      }
      const [target, ...dups] = mine as [IssueComment, ...IssueComment[]];
      const current = dups.reduce((s, d) => unionSections(s, parseSections(d.body ?? '')), parseSections(target.body ?? ''));
      const body = compose(applyUpdates(current, o.updates));
      let action: StoreAction = 'unchanged';
      let roundTrip = 0;
      if (body !== (target.body ?? '')) {
        const started = Date.now();
        const updated = await updateComment(octokit, ref, target.id, body);
        roundTrip = Date.now() - started;
        if (!updated) continue; // deleted since it was listed: read again
        action = 'updated';
      }
      for (const d of dups) await deleteComment(octokit, ref, d.id);
      if (dups.length > 0) o.logger.debug(`Merged and deleted ${dups.length} duplicate PR comment(s)`);
      if (!legacyDone) await deleteLegacy(octokit, ref, all, o);
      legacyDone = true;
      if (action === 'unchanged') {
        o.logger.info(`PR comment unchanged: ${target.html_url}`);
        return { url: target.html_url, action };
      }
      // a job that read the comment before this write may write over it: read back once its write would have landed
      await sleep(settleFor(o, roundTrip));
      const now = await getComment(octokit, ref, target.id);
      if (now && holds(now.body ?? '')) {
        o.logger.info(`Updated the PR comment: ${target.html_url}`);
        return { url: target.html_url, action };
      }
      if (!(await backOff(attempt, target.html_url))) return { url: target.html_url, action };
    }
  });

  /** Waits before the next attempt; false (after a warning) when the attempts or the deadline ran out. */
  async function backOff(attempt: number, url: string): Promise<boolean> {
    const backoff = 100 * 2 ** Math.min(attempt, 5) * (0.5 + Math.random());
    if (attempt >= MAX_ATTEMPTS || Date.now() + backoff > o.deadline) {
      o.logger.warning(`Other jobs kept rewriting the PR comment; this step's part of it may be missing (the job summary has it): ${url}`);
      return false;
    }
    o.logger.info(`Another job wrote the PR comment at the same moment: merging again (attempt ${attempt + 1})`);
    await sleep(backoff);
    return true;
  }
}

/**
 * How long a write waits before it is read back: twice its own round trip (a concurrent job's write
 * that read the comment before ours lands within about that), 20 ms to 2 s.
 */
function settleFor(o: WriteOptions, roundTrip: number): number {
  return o.settleMs ?? Math.min(2_000, Math.max(50, 2 * roundTrip));
}

/** The first round's per-command comments of this identity, which this comment replaces. */
async function deleteLegacy(octokit: GitHubClient, ref: IssueRef, all: readonly IssueComment[], o: WriteOptions): Promise<void> {
  for (const c of all) if (c.user?.login === o.login && LEGACY[o.kind].test(firstLine(c.body ?? ''))) await deleteComment(octokit, ref, c.id);
}

/** Runs `fn`; a 403 becomes one warning and a `skipped` result. */
async function onForbidden(logger: Logger, fn: () => Promise<StoreResult>): Promise<StoreResult> {
  try {
    return await fn();
  } catch (error) {
    if (statusOf(error) !== 403) throw error;
    const reason = (error as Error).message.split('\n')[0];
    logger.warning(
      `Could not write the PR comment (HTTP 403: ${reason}). The token is read-only here (as on fork pull requests) or lacks \`pull-requests: write\`.`,
    );
    return { url: undefined, action: 'skipped' };
  }
}
