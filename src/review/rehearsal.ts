/**
 * compare-schema's rehearsal stage: whether to run the PR's migration on a copy of the base, the
 * run itself (src/rehearsal/, on the run's Neon client and deadline), and the comment section it
 * adds. What it measures settles risks in review/risk.ts; a failed statement fails in review/decision.ts.
 */
import { formatDuration } from '../basics/format.js';
import type { RehearsalSettings } from '../inputs/rehearsal-settings.js';
import type { NeonBranch } from '../neon/index.js';
import { type RehearsalDeps, rehearse } from '../rehearsal/index.js';
import { failedStatement } from '../rehearsal/measure.js';
import { renderRehearsal } from '../rehearsal/render.js';
import type { RehearsalReport, RehearsalStatement } from '../rehearsal/types.js';
import { phase } from '../runtime/logger.js';
import type { Parser } from '../schema/parser.js';
import type { CostRequest } from '../costs/requests.js';
import { countAtFork, sinceFork } from '../rehearsal/fork-counts.js';

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
  deps: RehearsalDeps,
  args: ReviewRehearsal,
): Promise<RehearsalReport | undefined> {
  if (!args.settings.rehearse) return undefined;
  if (args.statements.length === 0) {
    deps.log.notice?.('rehearse: this PR has no migration statements to run: nothing to rehearse');
    return undefined;
  }
  const { parser, forkPoint, ...rest } = args;
  const report = await phase(`Rehearse the migration on a copy of ${args.base.name}`, () =>
    rehearse(deps, { ...rest, ...(parser ? { parser } : {}) }),
  );
  const broke = report.costs?.some((c) => c.measure === 'violations' && c.n > 0) || failedStatement(report);
  if (forkPoint && broke && args.costs?.length) {
    const fork = await phase('Count the same rows at the fork point', () =>
      countAtFork(deps, {
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
  deps.log.info(summarizeRehearsal(report));
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

/** The parts of the run's event that say whose code the PR's head is. */
export interface HeadEvent {
  eventName: string;
  repo: { owner: string; repo: string };
  payload?: { pull_request?: { head?: { repo?: { full_name?: unknown } } } } | undefined;
}

/**
 * A pull_request_target run checks out (and would rehearse) whatever the workflow fetched, and with
 * this repository's secrets: a head in another repository (or a deleted one) is a stranger's code.
 */
export function forkHeadUnderTarget(event: HeadEvent): boolean {
  if (event.eventName !== 'pull_request_target') return false;
  const head = event.payload?.pull_request?.head?.repo?.full_name;
  const base = `${event.repo.owner}/${event.repo.repo}`;
  return typeof head !== 'string' || head.toLowerCase() !== base.toLowerCase();
}
