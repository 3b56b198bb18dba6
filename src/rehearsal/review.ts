/**
 * The rehearsal as one phase of compare-schema: whether to run it, the run itself, and what it
 * changes in the review (measured risks, the comment section, fail-on).
 */
import type { CommandContext } from '../commands/types.js';
import type { RehearsalSettings } from '../inputs/rehearsal-settings.js';
import type { NeonBranch } from '../neon/index.js';
import { phase } from '../runtime/logger.js';
import type { DatabaseReview } from '../schema/types.js';
import type { Parser } from '../schema/parser.js';
import { rehearse } from './index.js';
import { applyMeasurements, failedStatement } from './measure.js';
import { renderRehearsal } from './render.js';
import { formatMs } from './runner.js';
import type { RehearsalReport, RehearsalStatement } from './types.js';
import type { CostRequest } from '../costs/requests.js';
import { countAtFork, sinceFork } from './fork-counts.js';

export interface ReviewRehearsal {
  settings: RehearsalSettings;
  projectId: string;
  preview: NeonBranch;
  base: NeonBranch;
  point: { lsn?: string; timestamp?: string; fork?: boolean };
  statements: readonly RehearsalStatement[];
  parser?: Parser | undefined;
  /** What the changes cost, counted on the copy before the migration runs. */
  costs?: readonly CostRequest[];
  /**
   * With the copy at the base's head: the fork point, where the same counts are taken again when
   * the head's copy found rows that break a rule or the migration failed (what the preview's run could not see).
   */
  forkPoint?: { lsn?: string; timestamp?: string } | undefined;
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
  const { parser, forkPoint, ...rest } = args;
  const report = await phase(`Rehearse the migration on a copy of ${args.base.name}`, () =>
    rehearse(ctx, { ...rest, ...(parser ? { parser } : {}) }),
  );
  const broke = report.costs?.some((c) => c.measure === 'violations' && c.n > 0) || failedStatement(report);
  if (forkPoint && broke && args.costs?.length) {
    const fork = await phase('Count the same rows at the fork point', () =>
      countAtFork(ctx, {
        projectId: args.projectId,
        preview: args.preview,
        base: args.base,
        point: forkPoint,
        role: args.settings.role,
        database: args.settings.database,
        costs: args.costs!,
        tables: (report.tables ?? []).map((t) => t.table),
        timeoutMs: args.settings.timeoutMs,
      }),
    );
    const since = fork ? sinceFork(report, fork) : [];
    if (since.length > 0) report.sinceFork = since;
  }
  ctx.log.info(summarizeRehearsal(report));
  return report;
}

export function summarizeRehearsal(report: RehearsalReport): string {
  const ran = report.statements.filter((s) => s.status !== 'not-run').length;
  const failed = failedStatement(report);
  const head = `Rehearsal ${report.outcome}: ${ran} of ${report.statements.length} statement(s) in ${formatMs(report.statementsMs)}`;
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
