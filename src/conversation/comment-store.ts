/**
 * The store of the action's two PR comments. A comment is found by its marker on the first line,
 * among comments written by the token's own identity only (another app's or a person's copy of the
 * marker is never taken for ours), across every page of the conversation.
 *
 * A write changes only the caller's sections. How jobs writing at the same moment converge, without
 * any wait that a slow machine could outrun:
 * - No comment yet (a first write): the job creates its own copy, then lists. The copy with the lowest
 *   id is the comment; a job whose copy is not the lowest writes its sections (and those of every
 *   copy it sees) into the lowest, deletes its own copy, and is done only once a listing shows no
 *   other job's copy left and the comment holding its sections. Every write to the comment starts
 *   from the comment itself, and a copy lives until its job's write landed, so a job that could still
 *   write from a view without our sections is one whose copy we see, and we wait for it.
 * - The comment exists (an update): the job reads it fresh (not from a listing made while the command
 *   worked), writes, and reads it back at once with a listing, which also shows any first writer's
 *   copy still in flight (then it waits for those as above); only when another job's write shows up
 *   does it merge again, and read back one round trip later.
 * - Where copies were seen, or the comment is less than a minute old, a job looks once more two round
 *   trips after its check: a job that listed before the first copy existed, or after the comment was
 *   made, updates without a copy, and its write lands about a round trip after its read (the one wait
 *   here that assumes a timing, paid only where other jobs can be writing). Two jobs updating an older
 *   comment at once are caught by the read-back only when one's write lands before the other's check.
 * A copy whose job is gone (GitHub created it a minute or more before a listing) is merged and
 * deleted by the next writer, as are the first round's per-command comments.
 * A 403 (a read-only token, as on fork PRs) is a warning, never a failure.
 */
import type { Logger } from '../runtime/logger.js';
import { systemClock } from '../basics/clock.js';
import type { Deadline } from '../basics/deadline.js';
import { firstLine as errorLine } from '../basics/errors.js';
import { redact } from '../basics/redact.js';
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
  type CommentListing,
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
  /** Every comment of the PR, listed beforehand (while the command worked): it tells create from update. */
  listed?: Promise<IssueComment[]>;
  /** The step's deadline: no further write or wait starts once it has passed. */
  deadline: Deadline;
  /** Make no comment; only change one that exists. */
  existingOnly?: boolean;
  /** Default: a timer (basics/clock). */
  sleep?: (ms: number) => Promise<void>;
}

export type StoreAction = 'created' | 'updated' | 'unchanged' | 'none' | 'skipped';

export interface StoreResult {
  /** The comment's html_url; undefined when none was written. */
  url: string | undefined;
  action: StoreAction;
}

/** Writes (creates and edits) one call makes at most before it gives up with a warning. */
const MAX_WRITES = 12;
/** A copy GitHub created this long before it answered a listing belongs to a job that is gone. */
export const ABANDONED_COPY_MS = 60_000;
/** A comment GitHub created this recently may have other jobs of its first write still updating it. */
export const FIRST_WRITE_WINDOW_MS = 60_000;

/** The comments of `login` whose first line is `marker`, oldest (lowest id) first. */
export function ownComments(comments: readonly IssueComment[], login: string, marker: string): IssueComment[] {
  return comments
    .filter((c) => c.user?.login === login && firstLine(c.body ?? '') === marker)
    .sort((a, b) => a.id - b.id);
}

/** The first round's comments (one per command and branch) that this comment replaces. */
const LEGACY: Record<CommentKind, RegExp> = {
  preview:
    /^<!-- neon-preview-action:(create-branch|reset-branch|anonymize|snapshot|cleanup):[A-Za-z0-9._-]*:[0-9a-f]{40} -->$/,
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
  const sleep = o.sleep ?? ((ms: number) => systemClock.sleep(ms));
  const now = o.deadline.now;
  const compose = (sections: readonly Section[]) => redact(renderDocument(o.kind, sections), o.secrets ?? []);
  const holds = (body: string | null | undefined) => {
    const there = parseSections(body ?? '');
    return compose(applyUpdates(there, o.updates)) === compose(there);
  };
  let roundTrip = 0;
  const timed = async <T>(request: Promise<T>): Promise<T> => {
    const started = now();
    try {
      return await request;
    } finally {
      roundTrip = Math.max(roundTrip, now() - started);
    }
  };

  return onForbidden(o.logger, async () => {
    /** The listing to read next; after the first one (maybe made while the command worked), a fresh one. */
    let listing: CommentListing | undefined = o.listed ? await o.listed : undefined;
    let fresh = listing === undefined;
    /** Our own copy, from its create until our sections are in the comment. */
    let copy: IssueComment | undefined;
    /** Our sections went into the comment; left: wait for the other copies, then check. */
    let merged = false;
    /** Another job's write was seen: read back one round trip after writing. */
    let contention = false;
    /** Another job's copy was seen: a concurrent first write. */
    let sawCopies = false;
    /** After copies: the one more look, a little later, that a job updating without a copy may need. */
    let lookedAgain = false;
    let action: StoreAction = 'unchanged';
    let writes = 0;
    let waits = 0;
    let legacyDone = false;

    const finish = async (
      comment: IssueComment,
      all: readonly IssueComment[],
      result: StoreAction,
    ): Promise<StoreResult> => {
      if (!legacyDone) await deleteLegacy(octokit, ref, all, o);
      legacyDone = true;
      o.logger.info(
        result === 'unchanged'
          ? `PR comment unchanged: ${comment.html_url}`
          : `${result === 'created' ? 'Created' : 'Updated'} the PR comment: ${comment.html_url}`,
      );
      return { url: comment.html_url, action: result };
    };
    /** False (after a warning) when no further write may start. */
    const mayWrite = (url: string | undefined) => {
      if (writes < MAX_WRITES && !o.deadline.expired()) return true;
      o.logger.warning(
        `Other jobs kept rewriting the PR comment; this step's part of it may be missing (the job summary has it)${url ? `: ${url}` : ''}`,
      );
      return false;
    };

    for (;;) {
      const all: CommentListing = listing ?? (await timed(listComments(octokit, ref)));
      const listedNow = fresh;
      listing = undefined;
      fresh = true;
      const mine = ownComments(all, o.login, marker);
      const winner = mine[0];

      if (!winner) {
        // a first write: our own copy (a create never overwrites anyone), then a listing tells which copy is the comment
        const sections = applyUpdates([], o.updates);
        if (sections.length === 0 || o.existingOnly) return { url: undefined, action: 'none' };
        if (!mayWrite(copy?.html_url)) return { url: copy?.html_url, action: copy ? 'created' : 'none' };
        writes++;
        copy = await timed(createComment(octokit, ref, compose(sections)));
        action = 'created';
        merged = false;
        continue;
      }

      if (copy?.id === winner.id) {
        // our copy is the oldest: it holds our sections, and every write to it starts from what it holds
        if (holds(winner.body)) return finish(winner, all, 'created');
        copy = undefined;
      }
      const others = mine.slice(1);
      const gone = (c: IssueComment) =>
        all.answeredAt !== undefined && Date.parse(c.created_at) <= all.answeredAt - ABANDONED_COPY_MS;
      const live = others.filter((c) => c.id !== copy?.id && !gone(c));

      if (merged) {
        if (live.length > 0) {
          sawCopies = true;
          // their jobs may still write from a view without our sections: look again once they are done
          if (o.deadline.expired()) {
            mayWrite(winner.html_url); // the warning
            return { url: winner.html_url, action };
          }
          await sleep(Math.min(2_000, Math.max(20, roundTrip / 2) * 1.5 ** Math.min(waits++, 8)));
          continue;
        }
        if (holds(winner.body)) {
          // a comment made a moment ago: the other jobs of that first write may be updating it now
          const young =
            all.answeredAt !== undefined && Date.parse(winner.created_at) > all.answeredAt - FIRST_WRITE_WINDOW_MS;
          if (!(sawCopies || young) || lookedAgain) return finish(winner, all, action);
          // copies were about, or the comment is new: a job that updates it with no copy may have read it before our
          // write; its write lands within about a round trip of that read: look once more, two round trips later
          lookedAgain = true;
          await sleep(2 * roundTrip);
          continue;
        }
        o.logger.info('Another job wrote the PR comment at the same moment: merging again');
        merged = false;
        lookedAgain = false;
        contention = true;
      }

      // write our sections (and every copy's) into the comment, read fresh
      const base = listedNow ? winner : await timed(getComment(octokit, ref, winner.id));
      if (!base) continue; // deleted since it was listed: list again
      const sections = others.reduce(
        (acc, c) => unionSections(acc, parseSections(c.body ?? '')),
        parseSections(base.body ?? ''),
      );
      const body = compose(applyUpdates(sections, o.updates));
      const adopt = others.filter((c) => c.id === copy?.id || gone(c));
      const copies = copy !== undefined || others.length > 0;
      if (body !== (base.body ?? '')) {
        if (!mayWrite(winner.html_url)) return { url: winner.html_url, action };
        writes++;
        const updated = await timed(updateComment(octokit, ref, winner.id, body));
        if (!updated) continue; // deleted meanwhile: list again
        if (action === 'unchanged') action = 'updated';
      } else if (!copies) {
        return finish(winner, all, action);
      }
      for (const c of adopt) await timed(deleteComment(octokit, ref, c.id));
      if (adopt.some((c) => c.id !== copy?.id))
        o.logger.debug('Merged and deleted PR comment copies left by jobs that are gone');
      sawCopies ||= copy !== undefined || live.length > 0;
      copy = undefined;
      merged = true;
      // read back with a listing: it shows the comment, and every job's copy whose write may still land (a copy lives
      // until its job's write has landed); one round trip later once another job was seen writing
      if (contention) await sleep(roundTrip);
    }
  });
}

/** The first round's per-command comments of this identity, which this comment replaces. */
async function deleteLegacy(
  octokit: GitHubClient,
  ref: IssueRef,
  all: readonly IssueComment[],
  o: WriteOptions,
): Promise<void> {
  for (const c of all)
    if (c.user?.login === o.login && LEGACY[o.kind].test(firstLine(c.body ?? '')))
      await deleteComment(octokit, ref, c.id);
}

/** Runs `fn`; a 403 becomes one warning and a `skipped` result. */
async function onForbidden(logger: Logger, fn: () => Promise<StoreResult>): Promise<StoreResult> {
  try {
    return await fn();
  } catch (error) {
    if (statusOf(error) !== 403) throw error;
    const reason = errorLine(error);
    logger.warning(
      `Could not write the PR comment (HTTP 403: ${reason}). The token is read-only here (as on fork pull requests) or lacks \`pull-requests: write\`.`,
    );
    return { url: undefined, action: 'skipped' };
  }
}
