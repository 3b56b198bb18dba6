/**
 * compare-schema's render stage: from the settled reviews to what the step shows, the comment and
 * the job summary (with the rehearsal's section), the annotations on migration lines, the log's
 * notes and the outputs. Pure except `writeDiffFile` and `emitRendered`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GateDecision } from '../conversation/approval.js';
import { type BasePoint, renderComment, renderSummary } from '../conversation/render-review.js';
import { REVIEW_COMMENT_MAX_CHARS, REVIEW_SUMMARY_MAX_BYTES } from '../github/limits.js';
import { gateText } from '../conversation/review-comment.js';
import { type Annotation, planAnnotations } from '../migrations/annotations.js';
import type { PrMigrations } from '../migrations/pr-migrations.js';
import type { OutputName } from '../names.js';
import type { RehearsalReport } from '../rehearsal/types.js';
import type { Logger } from '../runtime/logger.js';
import type { Change, DatabaseReview } from '../schema/types.js';
import { withRehearsalSection } from './rehearsal.js';

export const MAX_DIFF_OUTPUT = 512 * 1024;

/** What the step shows of a review, before the gate's word. */
export interface Rendered {
  changes: Change[];
  fullDiff: string;
  summaryLine: string;
  /** Lines for the log and the comment; `warned` ones are also the step's warnings. */
  notes: { text: string; warned: boolean }[];
  annotations: Annotation[];
  /** Risky changes on migration lines beyond GitHub's 10 annotations per step. */
  annotationsLeftOut: number;
  comment: string;
  summary: string;
}

export function renderReview(r: {
  reviews: readonly DatabaseReview[];
  branchName: string;
  basePoint: BasePoint;
  migrations: PrMigrations | undefined;
  /** Notes that lead the others (what the changes cost: a rule the data breaks first). */
  leadNotes?: readonly string[];
  extraNotes: readonly string[];
  /** Where the comment links the migration files (the PR's head commit). */
  blobUrl: string;
  rehearsal: RehearsalReport | undefined;
}): Rendered {
  const changes = r.reviews.flatMap((x) => x.changes);
  const fullDiff = r.reviews
    .map((x) => x.diff)
    .filter(Boolean)
    .join('\n');
  const texts = [
    ...(r.leadNotes ?? []),
    ...r.reviews.flatMap((x) => x.notes ?? []),
    ...(r.migrations?.notes ?? []),
    ...r.extraNotes,
  ];
  const warned = new Set(r.migrations?.warnings ?? []);
  const header = {
    title: `Schema changes: ${r.branchName}`,
    basePoint: r.basePoint,
    ...(texts.length > 0 ? { notes: texts } : {}),
    ...(r.migrations && r.migrations.files.length > 0 ? { blobUrl: r.blobUrl } : {}),
  };
  const planned = planAnnotations(changes, r.migrations?.parseErrors);
  return {
    changes,
    fullDiff,
    summaryLine: summarize(changes, r.reviews),
    notes: texts.map((text) => ({ text: text.replace(/[\r\n]+/g, ' '), warned: warned.has(text) })),
    annotations: planned.annotations,
    annotationsLeftOut: planned.leftOut,
    comment: withRehearsalSection(
      (maxChars) => renderComment(r.reviews, { ...header, maxChars }),
      REVIEW_COMMENT_MAX_CHARS,
      r.rehearsal,
    ),
    summary: withRehearsalSection(
      (maxChars) => renderSummary(r.reviews, { ...header, maxChars }),
      REVIEW_SUMMARY_MAX_BYTES,
      r.rehearsal,
    ),
  };
}

/** The job summary: the gate's block (when it has one) above the review. */
export function summaryWithGate(rendered: Rendered, gate: GateDecision, label: string | undefined): string {
  return [gateText(gate, label), rendered.summary].filter(Boolean).join('\n\n');
}

/** The step's outputs. */
export function reviewOutputs(
  rendered: Rendered,
  extra: { diffFile: string; rehearsal: RehearsalReport | undefined; commentUrl: string | undefined },
): Partial<Record<OutputName, string>> {
  const { changes, fullDiff } = rendered;
  return {
    changes: JSON.stringify(changes),
    'has-changes': String(changes.length > 0 || fullDiff !== ''),
    destructive: String(changes.some((c) => c.destructive)),
    diff: capDiff(fullDiff),
    'diff-file': extra.diffFile,
    summary: rendered.summaryLine,
    ...(extra.rehearsal ? { rehearsal: JSON.stringify(extra.rehearsal) } : {}),
    ...(extra.commentUrl ? { 'comment-url': extra.commentUrl } : {}),
  };
}

/** The notice when the diff output is cut; undefined when it holds the whole diff. */
export function diffCutNotice(fullDiff: string): string | undefined {
  if (capDiff(fullDiff) === fullDiff) return undefined;
  return `The schema diff is ${Buffer.byteLength(fullDiff)} bytes: the diff output holds the first 512 KB, diff-file all of it`;
}

/** Writes the whole diff where the diff-file output points: the runner's temp folder, else ./.neon-preview-action. */
export function writeDiffFile(runnerTemp: string | undefined, branchId: string, diff: string): string {
  const dir = runnerTemp || join(process.cwd(), '.neon-preview-action');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `neon-schema-diff-${branchId}.diff`);
  writeFileSync(file, diff);
  return file;
}

/** The parts of the run's event that say where the PR's files are. */
export interface BlobEvent {
  serverUrl: string;
  sha: string;
  repo: { owner: string; repo: string };
  payload?: { pull_request?: { head?: { sha?: unknown } } } | undefined;
}

/** Where the comment links the migration files: the PR's head commit (the merge commit may go away). */
export function blobUrl(event: BlobEvent): string {
  const head = event.payload?.pull_request?.head?.sha;
  const sha = typeof head === 'string' && /^[0-9a-f]{7,64}$/i.test(head) ? head : event.sha;
  const { owner, repo } = event.repo;
  return `${event.serverUrl}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/blob/${encodeURIComponent(sha)}`;
}

/** The diff output: at most 512 KB (UTF-8), cut at a line end with a notice. */
export function capDiff(diff: string, maxBytes = MAX_DIFF_OUTPUT): string {
  if (Buffer.byteLength(diff) <= maxBytes) return diff;
  const notice = '… (diff cut at 512 KB; the whole diff is in the diff-file output)\n';
  const room = maxBytes - Buffer.byteLength(notice);
  const head = Buffer.from(diff)
    .subarray(0, room)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  return `${head.slice(0, head.lastIndexOf('\n') + 1)}${notice}`;
}

export function summarize(changes: readonly Change[], reviews: readonly DatabaseReview[]): string {
  if (changes.length === 0)
    return reviews.some((r) => r.diff)
      ? 'Schema dumps differ, but no structural change was found'
      : 'No schema changes';
  const count = (risk: string) => changes.filter((c) => c.risk === risk).length;
  const dbs = [...new Set(changes.map((c) => c.database))].join(', ');
  return `${changes.length} schema change(s) in ${dbs}: ${count('destructive')} destructive, ${count('locking')} locking, ${count('safe')} safe`;
}

/** The I/O of rendering: the notes to the log (warned ones as warnings), the annotations (redacted), and what did not fit. */
export function emitRendered(
  rendered: Rendered,
  log: Pick<Logger, 'info' | 'warning'>,
  redact: (text: string) => string,
  emit: (annotations: Annotation[]) => void,
): void {
  for (const note of rendered.notes) {
    if (note.warned) log.warning(note.text);
    else log.info(note.text);
  }
  emit(rendered.annotations.map((a) => ({ ...a, message: redact(a.message) })));
  if (rendered.annotationsLeftOut > 0)
    log.info(
      `${rendered.annotationsLeftOut} more risky change(s) on migration lines are in the PR comment and the job summary (GitHub shows 10 annotations per step)`,
    );
}
