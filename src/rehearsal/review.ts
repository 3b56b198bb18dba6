/**
 * The rehearsal as one phase of compare-schema: whether to run it, the run itself, and what it
 * changes in the review (measured risks, the comment section, fail-on).
 */
import { formatDuration } from '../basics/format.js';
import type { CommandContext } from '../commands/types.js';
import type { RehearsalSettings } from '../inputs/rehearsal-settings.js';
import type { NeonBranch } from '../neon/index.js';
import { phase } from '../runtime/logger.js';
import type { DatabaseReview } from '../schema/types.js';
import type { Parser } from '../schema/parser.js';
import { rehearse } from './index.js';
import { applyMeasurements, failedStatement } from './measure.js';
import { renderRehearsal } from './render.js';
import type { RehearsalReport, RehearsalStatement } from './types.js';

export interface ReviewRehearsal {
  settings: RehearsalSettings;
  projectId: string;
  preview: NeonBranch;
  base: NeonBranch;
  point: { lsn?: string; timestamp?: string; fork?: boolean };
  statements: readonly RehearsalStatement[];
  parser?: Parser | undefined;
}

/** Runs the rehearsal when asked and there is something to run; undefined otherwise. */
export async function rehearseForReview(
  ctx: CommandContext,
  args: ReviewRehearsal,
): Promise<RehearsalReport | undefined> {
  if (!args.settings.rehearse) return undefined;
  if (args.statements.length === 0) {
    ctx.log.notice?.('rehearse: this PR has no migration statements to run: nothing to rehearse');
    return undefined;
  }
  const { parser, ...rest } = args;
  const report = await phase(`Rehearse the migration on a copy of ${args.base.name}`, () =>
    rehearse(ctx, { ...rest, ...(parser ? { parser } : {}) }),
  );
  ctx.log.info(summarizeRehearsal(report));
  return report;
}

export function summarizeRehearsal(report: RehearsalReport): string {
  const ran = report.statements.filter((s) => s.status !== 'not-run').length;
  const failed = failedStatement(report);
  const head = `Rehearsal ${report.outcome}: ${ran} of ${report.statements.length} statement(s) in ${formatDuration(report.statementsMs)}`;
  if (failed)
    return `${head}; ${failed.file}:${failed.errorLine ?? failed.line} fails: ${failed.error ?? ''}`.replace(
      /[\r\n]+/g,
      ' ',
    );
  if (report.outcome === 'error') return `${head}: ${report.error ?? ''}`;
  return head;
}

/** The reviews with measured risks on the changes the rehearsal measured. */
export function measuredReviews(
  reviews: readonly DatabaseReview[],
  report: RehearsalReport | undefined,
): DatabaseReview[] {
  return reviews.map((r) => ({ ...r, changes: applyMeasurements(r.changes, report) }));
}

/** The review comment (or summary) followed by the rehearsal's section, both within `limit`. */
export function withRehearsalSection(
  render: (maxChars: number) => string,
  limit: number,
  report: RehearsalReport | undefined,
): string {
  if (!report) return render(limit);
  const section = renderRehearsal(report);
  // bytes are never fewer than characters: within the limit either way
  return `${render(limit - Buffer.byteLength(section) - 2)}\n${section}`;
}

/** fail-on: a statement that fails on the parent's data counts as destructive. */
export function rehearsalFailure(
  mode: 'none' | 'destructive' | 'any',
  report: RehearsalReport | undefined,
): string | undefined {
  const failed = failedStatement(report);
  if (mode === 'none' || !failed) return undefined;
  return `fail-on: ${mode}: the migration fails in rehearsal at ${failed.file}:${failed.errorLine ?? failed.line}: ${failed.error ?? 'error'}`;
}
