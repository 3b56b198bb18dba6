/**
 * A rehearsal from start to end: the throwaway branch, one connection (its URI masked first), the
 * migration run and measured, and the branch deleted whatever happened. A rehearsal that cannot
 * start (no branch, no connection) is a warning and a report saying why; the review goes on.
 */
import { retry } from '../basics/poll.js';
import { formatDuration } from '../basics/format.js';
import { firstLine } from '../basics/errors.js';
import { durationInput } from '../inputs/duration.js';
import { InputError } from '../inputs/errors.js';
import type { RehearsalSettings } from '../inputs/rehearsal-settings.js';
import { type NeonBranch, NeonCancelledError, outsideHistory } from '../neon/index.js';
import type { Logger } from '../runtime/logger.js';
import type { Secrets } from '../runtime/secrets.js';
import {
  type CopyDeps,
  createThrowaway,
  deleteThrowaway,
  previewCompute,
  rehearsalAnnotations,
  throwawayName,
  throwawayTimes,
} from './branch.js';
import { connectPg } from './pg-session.js';
import { runRehearsal } from './runner.js';
import type { SqlSession } from './session.js';
import type { Parser } from '../schema/parser.js';
import type { RehearsalReport, RehearsalStatement } from './types.js';
import type { CostRequest } from '../costs/requests.js';
import { runCounts, tableRows } from '../pg/costs.js';

export type { RehearsalReport, RehearsalStatement, StatementResult } from './types.js';

export interface RehearseArgs {
  projectId: string;
  preview: NeonBranch;
  base: NeonBranch;
  /** The point of the base the review compared with (`fork`: the preview's fork point, the default). */
  point: { lsn?: string; timestamp?: string; fork?: boolean };
  statements: readonly RehearsalStatement[];
  settings: RehearsalSettings;
  /** The grammar that classifies the statements (the review's own). */
  parser?: Parser;
  /** What the changes cost, counted on the copy before the migration runs (counts only). */
  costs?: readonly CostRequest[];
}

/**
 * What a rehearsal uses: the run's Neon client (its budget is the step's deadline), the cancel
 * signal, the clock, the step's whole budget (`timeout`), the annotations that mark the throwaway
 * branch as this run's, the logger and the secrets.
 */
export interface RehearsalDeps extends CopyDeps {
  log: Logger;
  secrets: Pick<Secrets, 'addUri' | 'redact'>;
}

const CONNECT_ATTEMPTS = 5;

export async function rehearse(ctx: RehearsalDeps, args: RehearseArgs): Promise<RehearsalReport> {
  const started = performance.now();
  const { neon } = ctx;
  const { projectId, settings } = args;
  const { database, role } = settings;
  const times = throwawayTimes(ctx.now(), settings.timeoutMs, ctx.stepTimeoutMs);
  const name = throwawayName(args.preview.name);
  const report: RehearsalReport = {
    outcome: 'completed',
    database,
    branch: { id: '', name },
    base: { branch: args.base.name, ...args.point },
    timeoutMs: settings.timeoutMs,
    statementsMs: 0,
    statements: [],
  };
  let point = args.point;
  let made: NeonBranch | undefined;
  let session: SqlSession | undefined;
  try {
    const compute = await previewCompute(neon, projectId, args.preview.id);
    const spec = {
      projectId,
      name,
      base: args.base,
      annotations: rehearsalAnnotations(ctx.annotations, times.until),
      expiresAt: times.expiresAt,
      compute,
      role,
      database,
      signal: ctx.signal,
      onBranch: (b: NeonBranch) => {
        made = b;
        report.branch = { id: b.id, name: b.name };
        report.base.takenAt = b.created_at ?? new Date(ctx.now()).toISOString();
        ctx.log.info(
          `Created throwaway branch ${b.name} (${b.id}) from ${args.base.name}${describePoint(point)}; it expires at ${times.expiresAt}`,
        );
      },
    };
    let created: Awaited<ReturnType<typeof createThrowaway>>;
    try {
      created = await createThrowaway(neon, { ...spec, point });
    } catch (e) {
      // Neon refuses a point outside its history retention: the head of the base, said in the report
      if (made || !outsideHistory(e) || (!args.point.lsn && !args.point.timestamp)) throw e;
      ctx.log.warning(
        `Neon refused a branch at the fork point (${e.apiMessage}); rehearsing on the head of ${args.base.name} instead`,
      );
      point = {};
      report.base = { branch: args.base.name };
      created = await createThrowaway(neon, { ...spec, point });
    }
    ctx.secrets.addUri(created.uri);
    session = await connect(ctx, created.uri);
    ctx.log.info(
      `Running ${args.statements.length} statement(s) in ${database}, budget ${durationInput(settings.timeoutMs)}`,
    );
    const errorDetails = settings.errorDetails && !isAnonymized(args.preview);
    if (settings.errorDetails && !errorDetails)
      ctx.log.notice?.(
        `rehearsal-error-details: ignored, the preview ${args.preview.name} is anonymized: Postgres's messages could show the parent's unmasked data`,
      );
    if (args.costs?.length) {
      // full scans of the copy: bounded like the migration's own statements
      await session.query(`SET statement_timeout = ${Math.max(1, Math.round(settings.timeoutMs))}`);
      const counted = await runCounts(session, args.costs, 'exact', { signal: ctx.signal });
      report.costs = args.costs.flatMap((r) =>
        counted.has(r.key)
          ? [{ key: r.key, measure: r.measure, unit: r.unit, table: r.table, n: counted.get(r.key)! }]
          : [],
      );
      const tables = await tableRows(session, [...new Set(args.costs.map((r) => r.table))], { signal: ctx.signal });
      report.tables = [...tables].map(([table, rows]) => ({ table, rows }));
    }
    const run = await runRehearsal(session, args.statements, {
      timeoutMs: settings.timeoutMs,
      signal: ctx.signal,
      log: (line) => ctx.log.info(`  ${line}`),
      errorDetails,
      ...(args.parser ? { parser: args.parser } : {}),
    });
    Object.assign(report, { outcome: run.outcome, statements: run.statements, statementsMs: run.statementsMs });
    await session.close();
    session = undefined;
  } catch (e) {
    if (e instanceof InputError || e instanceof NeonCancelledError || ctx.signal.aborted) throw e;
    const reason = ctx.secrets.redact(firstLine(e));
    ctx.log.warning(`The rehearsal could not run: ${reason}`);
    Object.assign(report, { outcome: 'error', error: reason });
  } finally {
    session?.destroy();
    if (made) report.deleted = await removeThrowaway(ctx, projectId, made);
  }
  report.overheadMs = Math.round(performance.now() - started - report.statementsMs);
  // the branch is gone: now the run may stop as the signal asked
  if (report.outcome === 'cancelled') throw new NeonCancelledError('The rehearsal', ctx.signal.reason);
  return report;
}

/**
 * Whether the preview is an anonymized branch: Neon restricts `restore` on those, and neonctl
 * reads the `anonymized` annotation; either one is enough.
 */
export function isAnonymized(branch: NeonBranch): boolean {
  const b = branch as NeonBranch & { restricted_actions?: { name?: string }[]; annotations?: Record<string, unknown> };
  return (b.restricted_actions ?? []).some((a) => a?.name === 'restore') || /-anon$/.test(branch.name);
}

function describePoint(point: RehearseArgs['point']): string {
  if (point.lsn) return point.fork ? ` at the fork point (LSN ${point.lsn})` : ` at LSN ${point.lsn}`;
  if (point.timestamp) return ` as of ${point.timestamp}`;
  return ' at its head';
}

/** A new compute takes a moment to accept connections: a few tries (1 s, 2 s, … apart), within the run's deadline. */
async function connect(ctx: RehearsalDeps, uri: string): Promise<SqlSession> {
  const why = (e: unknown) => ctx.secrets.redact(firstLine(e));
  const deadline = ctx.neon.deadline;
  try {
    return await retry(
      () => connectPg(uri, { connectTimeoutMs: Math.max(1_000, Math.min(30_000, deadline.remaining())) }),
      {
        sleep: (ms) => ctx.neon.sleep(ms),
        retryAfterMs: (e, attempt) =>
          attempt >= CONNECT_ATTEMPTS ||
          ctx.signal.aborted ||
          deadline.remaining() < 2_000 ||
          /password|does not exist|permission/i.test(why(e))
            ? undefined
            : attempt * 1_000,
        onRetry: (e, attempt, waitMs) =>
          ctx.log.info(
            `Connecting to the throwaway branch failed (${why(e)}); retry ${attempt} in ${formatDuration(waitMs)}`,
          ),
      },
    );
  } catch (e) {
    throw new Error(`could not connect to the throwaway branch: ${why(e)}`);
  }
}

/**
 * Deletes a throwaway branch through the run's client detached from its cancel signal, with a budget
 * of its own (the run's may be spent); a failure is a warning (it expires, a sweep removes it).
 */
export async function removeThrowaway(
  ctx: Pick<RehearsalDeps, 'neon' | 'signal' | 'log' | 'secrets'>,
  projectId: string,
  branch: NeonBranch,
): Promise<boolean> {
  const cancelled = ctx.signal.aborted;
  if (cancelled)
    ctx.log.info(`The run was cancelled: deleting the throwaway branch ${branch.name} all the same (this run made it)`);
  const t0 = performance.now();
  try {
    const client = ctx.neon.detached(cancelled ? 5_000 : 60_000);
    await deleteThrowaway(client, projectId, branch.id, !cancelled);
    ctx.log.info(`Deleted throwaway branch ${branch.name} (${branch.id}) in ${formatDuration(performance.now() - t0)}`);
    return true;
  } catch (e) {
    ctx.log.warning(
      `Could not delete the throwaway branch ${branch.name} (${branch.id}): ${ctx.secrets.redact(firstLine(e))}. ` +
        "Neon deletes it when it expires, and cleanup's sweep removes it once its run is over.",
    );
    return false;
  }
}
