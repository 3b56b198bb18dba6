/**
 * The sticky PR comment and the job summary of compare-schema, as pure functions of the reviews.
 *
 * Layout: title, base-point note, counts (destructive / locking / safe), a table of changes
 * (riskiest first), an ER diagram per database when one was drawn, the unified diff per database
 * in a collapsible section. Always under the size limit: the diffs are shortened first, then
 * dropped with the diagrams, then the table loses rows behind a "… N more changes" line.
 */
import { REVIEW_COMMENT_MAX_CHARS, REVIEW_SUMMARY_MAX_BYTES } from '../github/limits.js';
import { codeBlock, details, escapeHtml, escapeInline } from '../github/markdown.js';
import { describeSize } from '../schema/risk.js';
import type { Change, DatabaseReview, Risk } from '../schema/types.js';

export interface BasePoint {
  /** `fork`: the parent at the branch's fork point; `head`: the parent's latest state; or an explicit point. */
  mode: 'fork' | 'head' | 'lsn' | 'timestamp';
  /** The base branch's name. */
  branch?: string;
  lsn?: string;
  timestamp?: string;
  /** Why the fork point could not be used and the head was compared instead. */
  fallbackReason?: string;
}

export interface RenderOptions {
  /** Heading; default "Schema changes". */
  title?: string;
  basePoint?: BasePoint;
  /** Size limit: characters for renderComment, UTF-8 bytes for renderSummary. */
  maxChars?: number;
  /** Said where a diff or the table had to be cut; default points at the job summary and outputs. */
  truncationHint?: string;
  /** Base of links to the migration files (`https://github.com/o/r/blob/<sha>`); a change's `file:line` links there. */
  blobUrl?: string;
  /** One-line notes under the counts (sizes unavailable, a migration file that did not parse…); plain text. */
  notes?: readonly string[];
}

const RISK_LABEL: Record<Risk, string> = { destructive: '🔴 destructive', locking: '🟠 locking', safe: '🟢 safe' };
const RISK_RANK: Record<Risk, number> = { destructive: 0, locking: 1, safe: 2 };
const MAX_DIFF_LINE = 500;
const MAX_DETAIL = 160;
const DEFAULT_HINT = 'The whole diff is in the job summary and in the `diff-file` output.';

export function renderComment(
  reviews: DatabaseReview | readonly DatabaseReview[],
  options: RenderOptions = {},
): string {
  return render(asList(reviews), options, options.maxChars ?? REVIEW_COMMENT_MAX_CHARS, (text) => text.length);
}

export function renderSummary(
  reviews: DatabaseReview | readonly DatabaseReview[],
  options: RenderOptions = {},
): string {
  const hint = options.truncationHint ?? 'The whole diff is in the `diff-file` output.';
  return render(
    asList(reviews),
    { ...options, truncationHint: hint },
    options.maxChars ?? REVIEW_SUMMARY_MAX_BYTES,
    (text) => Buffer.byteLength(text, 'utf8'),
  );
}

function asList(reviews: DatabaseReview | readonly DatabaseReview[]): readonly DatabaseReview[] {
  return Array.isArray(reviews) ? reviews : [reviews as DatabaseReview];
}

interface Layout {
  /** Table rows shown. */
  rows: number;
  /** Diff lines shown per database; `undefined` shows every line. */
  diffLines?: number;
  /** Diffs and diagrams left out entirely. */
  compact: boolean;
}

function render(
  reviews: readonly DatabaseReview[],
  options: RenderOptions,
  limit: number,
  size: (text: string) => number,
) {
  const changes = reviews
    .flatMap((r) => r.changes)
    .sort((a, b) => RISK_RANK[a.risk] - RISK_RANK[b.risk] || (b.rows ?? -1) - (a.rows ?? -1));
  const diffs = reviews.map((r) => splitLines(r.diff));
  const build = (layout: Layout) => assemble(reviews, changes, diffs, options, layout);
  const fits = (layout: Layout) => size(build(layout)) <= limit;

  const full: Layout = { rows: changes.length, compact: false };
  if (fits(full)) return build(full);
  const longest = Math.max(0, ...diffs.map((lines) => lines.length));
  if (fits({ ...full, diffLines: 0 })) {
    const best = largest(0, longest, (n) => fits({ ...full, diffLines: n }));
    return build({ ...full, diffLines: best });
  }
  if (fits({ rows: 0, compact: true })) {
    const rows = largest(0, changes.length, (n) => fits({ rows: n, compact: true }));
    return build({ rows, compact: true });
  }
  return cut(build({ rows: 0, compact: true }), limit, size);
}

/** The largest n in [lo, hi] with ok(n), given ok(lo) and ok monotone. */
function largest(lo: number, hi: number, ok: (n: number) => boolean): number {
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function cut(text: string, limit: number, size: (text: string) => number): string {
  let end = Math.min(text.length, limit);
  while (end > 0 && size(text.slice(0, end)) > limit) end = Math.floor(end * 0.9);
  return text.slice(0, end);
}

function assemble(
  reviews: readonly DatabaseReview[],
  changes: readonly Change[],
  diffs: readonly string[][],
  options: RenderOptions,
  layout: Layout,
): string {
  const hint = options.truncationHint ?? DEFAULT_HINT;
  const parts = [`### ${escapeInline(options.title ?? 'Schema changes')}`];
  if (options.basePoint) parts.push(describeBasePoint(options.basePoint));
  if (options.notes?.length) parts.push(options.notes.map((note) => escapeInline(note)).join('<br>\n'));
  const anyDiff = diffs.some((lines) => lines.length > 0);
  if (changes.length === 0) {
    parts.push(
      anyDiff ? 'No schema changes (the dumps differ only in comments or other details).' : 'No schema changes.',
    );
  } else {
    parts.push(counts(changes));
    parts.push(changeTable(changes.slice(0, layout.rows), reviews.length > 1, options.blobUrl));
    const hidden = changes.length - layout.rows;
    if (hidden > 0) parts.push(`… ${hidden} more change${hidden === 1 ? '' : 's'} not shown here. ${hint}`);
  }
  if (layout.compact) {
    if (anyDiff) parts.push(`Diffs and diagrams left out to keep this short. ${hint}`);
    return `${parts.join('\n\n')}\n`;
  }
  reviews.forEach((review, i) => {
    const label = reviews.length > 1 ? ` (${escapeHtml(review.database)})` : '';
    if (review.erDiagram) parts.push(details(`ER diagram${label}`, codeBlock(review.erDiagram, 'mermaid'), true));
    const lines = diffs[i];
    if (lines.length === 0) return;
    const shown = layout.diffLines === undefined ? lines.length : Math.min(layout.diffLines, lines.length);
    const body = [
      shown > 0 ? codeBlock(lines.slice(0, shown).map(clipLine).join('\n'), 'diff') : '',
      shown < lines.length ? `… ${lines.length - shown} more diff lines not shown. ${hint}` : '',
    ]
      .filter(Boolean)
      .join('\n\n');
    parts.push(
      details(
        `Diff of <code>${escapeHtml(review.database)}</code> (${lines.length} line${lines.length === 1 ? '' : 's'})`,
        body,
      ),
    );
  });
  return `${parts.join('\n\n')}\n`;
}

function counts(changes: readonly Change[]): string {
  const n = (risk: Risk) => changes.filter((c) => c.risk === risk).length;
  return `**${n('destructive')} destructive** · **${n('locking')} locking** · **${n('safe')} safe**`;
}

function changeTable(changes: readonly Change[], withDatabase: boolean, blobUrl: string | undefined): string {
  const withSize = changes.some((c) => c.rows !== undefined);
  const withFile = changes.some((c) => c.file !== undefined);
  const titles = [
    'Risk',
    ...(withDatabase ? ['Database'] : []),
    'Kind',
    'Action',
    'Object',
    ...(withSize ? ['Size'] : []),
    'Reason',
    ...(withFile ? ['Migration'] : []),
    'Detail',
  ];
  const head = [`| ${titles.join(' | ')} |`, `|${titles.map(() => '---').join('|')}|`];
  const rows = changes.map((c) => {
    // a rename guessed from the dumps says so: the catalogs or a statement would have read it
    const object = c.from
      ? `${c.object} (from ${c.from}${c.action === 'renamed' && c.identity === 'inferred' ? ', inferred' : ''})`
      : c.object;
    const cells = [
      RISK_LABEL[c.risk],
      ...(withDatabase ? [escapeInline(c.database)] : []),
      c.kind,
      c.action,
      escapeInline(object),
      ...(withSize
        ? [c.rows !== undefined ? escapeInline(describeSize({ rows: c.rows, bytes: c.bytes ?? 0 })) : '']
        : []),
      escapeInline(c.reason),
      ...(withFile ? [c.file !== undefined ? fileLink(c.file, c.line ?? 1, blobUrl) : ''] : []),
      escapeInline(clip(c.detail, MAX_DETAIL)),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [...head, ...rows].join('\n');
}

/** `name.sql:12`, linked to the line when the blob URL is known; the path is escaped (no mention, no autolink), its segments URL-encoded. */
function fileLink(file: string, line: number, blobUrl: string | undefined): string {
  const shown = escapeInline(`${file.slice(file.lastIndexOf('/') + 1)}:${line}`);
  if (!blobUrl) return escapeInline(`${file}:${line}`);
  const href = `${blobUrl}/${file.split('/').map(encodeSegment).join('/')}#L${line}`;
  return `[${shown}](${href})`;
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** One line saying what the review compared against. */
export function describeBasePoint(base: BasePoint): string {
  const branch = base.branch ? ` ${escapeInline(base.branch)}` : '';
  switch (base.mode) {
    case 'fork':
      return `Compared against the parent${branch} at the fork point.`;
    case 'head':
      return base.fallbackReason
        ? `Compared against the parent${branch} at its head: fell back because ${escapeInline(base.fallbackReason)}.`
        : `Compared against the parent${branch} at its head.`;
    case 'lsn':
      return `Compared against${branch || ' the base'} at LSN ${escapeInline(base.lsn ?? 'unknown')}.`;
    case 'timestamp':
      return `Compared against${branch || ' the base'} as of ${escapeInline(base.timestamp ?? 'unknown')}.`;
  }
}

function splitLines(diff: string): string[] {
  if (diff === '') return [];
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function clipLine(line: string): string {
  return clip(line, MAX_DIFF_LINE);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
