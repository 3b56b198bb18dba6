/**
 * Where a step's story goes: the job summary, always (whatever `comment` says), and on pull request
 * events with `comment: true` the step's sections of one of the PR's two comments. Secrets are
 * redacted first, whatever the renderer did. A comment GitHub would not take is a warning: the
 * branch is what the step is for.
 */
import type { Deadline } from '../basics/deadline.js';
import { firstLine } from '../basics/errors.js';
import type { GitHubClient } from '../github/octokit.js';
import { writeJobSummary } from '../github/summary.js';
import type { Logger } from '../runtime/logger.js';
import type { Secrets } from '../runtime/secrets.js';
import { sectionsAmong, writeSections } from './comment-store.js';
import type { CommentKind, Section, SectionUpdate } from './document.js';
import { type IssueComment, type IssueRef, listComments, tokenLogin } from './github.js';

/** What the PR conversation needs of a run (the command builds it from its context). */
export interface Conversation {
  /** The pull request whose comments the step keeps: set on a pull request event with `comment: true`. */
  pr: IssueRef | undefined;
  /** Opens a GitHub client with the github-token; undefined when there is no token. */
  openGitHub: (() => Promise<GitHubClient>) | undefined;
  log: Logger;
  secrets: Pick<Secrets, 'redact' | 'list'>;
  /** The step's deadline: the comment's writes stop retrying then. */
  deadline: Deadline;
}

/** The PR conversation's first reads, started while the command works (`startConversation`). */
export interface ConversationStart {
  octokit: Promise<GitHubClient>;
  /** The token's own login; undefined when GitHub would not say. */
  login: Promise<string | undefined>;
  /** Every comment of the PR. */
  listed: Promise<IssueComment[]>;
}

/**
 * Starts what the comment needs first, the GitHub client, the token's identity and the listing of
 * the PR's comments, so that they run while the command works: the listing only decides create or
 * update, and every write is checked against a fresh read anyway. Undefined when the run writes no
 * comment. A failed read surfaces in `publish`, as a warning like any other.
 */
export function startConversation(conversation: Conversation): ConversationStart | undefined {
  const { pr, openGitHub } = conversation;
  if (!pr || !openGitHub) return undefined;
  const octokit = openGitHub();
  const login = octokit.then((client) => tokenLogin(client));
  const listed = octokit.then((client) => listComments(client, pr));
  login.catch(() => {});
  listed.catch(() => {}); // awaited (and reported) by publish; a run that fails first never looks
  return { octokit, login, listed };
}

/** The sections this token's comment of `kind` holds now (empty when there is none, or no comment is kept). */
export async function currentSections(kind: CommentKind, started: ConversationStart | undefined): Promise<Section[]> {
  if (!started) return [];
  try {
    const [login, listed] = await Promise.all([started.login, started.listed]);
    return login ? sectionsAmong(listed, login, kind) : [];
  } catch {
    return [];
  }
}

export interface Publication {
  /** The step's sections of the comment. */
  updates: readonly SectionUpdate[];
  /** The job summary: the step's full story. */
  summary: string;
}

export interface PublishOptions {
  started?: ConversationStart;
  /** Change the comment only when it exists (a report on branches the comment may never have shown). */
  existingOnly?: boolean;
}

/** Writes the job summary, then the comment's sections. Returns the comment's URL when one was written. */
export async function publish(
  conversation: Conversation,
  kind: CommentKind,
  what: Publication,
  options: PublishOptions = {},
): Promise<string | undefined> {
  const { pr, log, secrets } = conversation;
  await summarize(conversation, what.summary);
  if (!pr) return undefined;
  if (!conversation.openGitHub) {
    log.warning('No github-token: skipping the PR comment');
    return undefined;
  }
  if (what.updates.length === 0) return undefined;
  const started = options.started ?? startConversation(conversation)!;
  try {
    const [octokit, login] = await Promise.all([started.octokit, started.login]);
    if (!login) {
      log.warning(
        "Could not tell which account github-token belongs to (GitHub answered neither GraphQL viewer nor GET /user): skipping the PR comment, so that no other account's comment is taken for this action's",
      );
      return undefined;
    }
    const result = await writeSections(octokit, {
      ...pr,
      logger: log,
      login,
      kind,
      updates: what.updates.map((u) => ({ key: u.key, apply: (s) => redactSection(secrets, u.apply(s)) })),
      listed: started.listed,
      deadline: conversation.deadline,
      secrets: secrets.list(),
      ...(options.existingOnly ? { existingOnly: true } : {}),
    });
    return result.url;
  } catch (e) {
    log.warning(`Could not write the PR comment: ${firstLine(e)}`);
    return undefined;
  }
}

/** Appends to the job summary; a summary that cannot be written is a warning. */
export async function summarize(
  { log, secrets }: Pick<Conversation, 'log' | 'secrets'>,
  markdown: string,
): Promise<void> {
  try {
    await writeJobSummary(secrets.redact(markdown), { secrets: secrets.list() });
  } catch (e) {
    log.warning(`Could not write the job summary: ${firstLine(e)}`);
  }
}

function redactSection(secrets: Conversation['secrets'], s: Section | null | undefined): Section | null | undefined {
  return s ? { ...s, body: secrets.redact(s.body) } : s;
}
