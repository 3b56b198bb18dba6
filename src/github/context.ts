/**
 * What the run is about, read from the GitHub event: the pull request number, the default preview
 * branch name, fork detection and the annotations stamped on Neon branches. Pure functions of an
 * event object (see `EventContext`); nothing here reads the environment or an input.
 */

/** The part of the runner's event description these functions read (`GitHubEnv` satisfies it). */
export interface EventContext {
  eventName: string;
  payload: Record<string, any>;
  repo: { owner: string; repo: string };
  actor: string;
  sha: string;
  ref: string;
}

export const MAX_BRANCH_NAME_LENGTH = 256;
export const DEPENDABOT_LOGIN = 'dependabot[bot]';

/** Events whose payload carries `pull_request` (the review events too: they are about one PR). */
const PULL_REQUEST_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
]);

/** A pull request event, or a comment on a pull request: the runs that may write a PR comment. */
export function isPrEvent(ctx: EventContext): boolean {
  if (PULL_REQUEST_EVENTS.has(ctx.eventName)) return true;
  return ctx.eventName === 'issue_comment' && isCommentOnPull(ctx.payload);
}

function isCommentOnPull(payload: Record<string, any>): boolean {
  return payload.issue?.pull_request != null;
}

/**
 * The pull request number, in this order: the `pr-number` input (parsed with the common settings);
 * `number` of a pull_request(_target) payload; `issue.number` of an issue_comment on a PR;
 * `pr-(\d+)` in `merge_group.head_ref`. Undefined otherwise: never guessed from a commit.
 */
export function resolvePrNumber(ctx: EventContext, fromInput?: number): number | undefined {
  if (fromInput !== undefined) return fromInput;
  const payload = ctx.payload ?? {};
  if (PULL_REQUEST_EVENTS.has(ctx.eventName)) {
    return positiveInteger(payload.number) ?? positiveInteger(payload.pull_request?.number);
  }
  if (ctx.eventName === 'issue_comment') {
    return isCommentOnPull(payload) ? positiveInteger(payload.issue?.number) : undefined;
  }
  if (ctx.eventName === 'merge_group') return prNumberFromMergeGroupRef(payload.merge_group?.head_ref);
  return undefined;
}

function positiveInteger(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/**
 * A merge queue ref looks like `refs/heads/gh-readonly-queue/main/pr-42-<40 hex>`. The base branch
 * may itself contain `pr-<digits>`, so the canonical tail wins, then the last `pr-(\d+)`.
 */
export function prNumberFromMergeGroupRef(headRef: unknown): number | undefined {
  if (typeof headRef !== 'string') return undefined;
  const canonical = /\/pr-(\d+)-[0-9a-f]{40}$/i.exec(headRef);
  if (canonical) return positiveInteger(canonical[1]);
  const all = [...headRef.matchAll(/pr-(\d+)/g)];
  return all.length > 0 ? positiveInteger(all[all.length - 1]![1]) : undefined;
}

/** `pull_request.head.ref` when the payload has it (not for issue_comment or merge_group). */
export function headRefOf(ctx: EventContext): string | undefined {
  const ref = ctx.payload?.pull_request?.head?.ref;
  return typeof ref === 'string' && ref !== '' ? ref : undefined;
}

/**
 * `preview/pr-{n}-{head}`: characters outside `[A-Za-z0-9._-]` become `-`, runs of `-` collapse,
 * dashes at either end of `{head}` go, and `{head}` is cut so the name with `suffix` fits 256
 * characters. An empty head gives `preview/pr-{n}{suffix}`.
 */
export function defaultBranchName(prNumber: number, headRef: string | undefined, suffix = ''): string {
  const prefix = `preview/pr-${prNumber}`;
  const room = MAX_BRANCH_NAME_LENGTH - prefix.length - 1 - suffix.length;
  const head = sanitizeRefPart(headRef ?? '')
    .slice(0, Math.max(room, 0))
    .replace(/-+$/, '');
  return head === '' ? `${prefix}${suffix}` : `${prefix}-${head}${suffix}`;
}

function sanitizeRefPart(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Local check before any request: 1 to 256 characters, no control characters. Returns what is
 * wrong (to follow `Input "branch-name" `), or null when the name is fine.
 */
export function validateBranchName(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if (name.length > MAX_BRANCH_NAME_LENGTH) {
    return `must be at most ${MAX_BRANCH_NAME_LENGTH} characters long, got ${name.length}`;
  }
  const control = /\p{Cc}/u.exec(name);
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `must not contain control characters (found U+${code} at position ${control.index + 1})`;
  }
  return null;
}

/**
 * A fork PR (head repository differs from this one) or a Dependabot run: the runs GitHub gives no
 * secrets, where a missing API key means "skip" rather than "bad input".
 */
export function isForkOrDependabot(ctx: EventContext): boolean {
  if (ctx.actor === DEPENDABOT_LOGIN) return true;
  const head = ctx.payload?.pull_request?.head?.repo?.full_name;
  if (typeof head !== 'string' || head === '') return false;
  const base = `${ctx.repo.owner}/${ctx.repo.repo}`;
  return head.toLowerCase() !== base.toLowerCase();
}

/**
 * Annotations for a branch this action creates, with Neon's own GitHub keys plus
 * `neon-preview-action`. Only public facts about the run: never a secret. Empty values are left out.
 */
export function annotationsFor(
  ctx: EventContext,
  prNumber: number | undefined,
  version: string,
): Record<string, string> {
  const pull = ctx.payload?.pull_request;
  const headSha: unknown = pull?.head?.sha;
  const headRef: unknown = pull?.head?.ref;
  const values: Record<string, string | undefined> = {
    'github-commit-repo': ctx.repo.owner && ctx.repo.repo ? `${ctx.repo.owner}/${ctx.repo.repo}` : undefined,
    'github-pr-number': prNumber === undefined ? undefined : String(prNumber),
    'github-commit-sha': typeof headSha === 'string' && headSha ? headSha : ctx.sha,
    'github-commit-author-login': ctx.actor,
    'github-commit-ref': typeof headRef === 'string' && headRef ? headRef : ctx.ref,
    'neon-preview-action': version,
  };
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value) out[key] = value;
  return out;
}
