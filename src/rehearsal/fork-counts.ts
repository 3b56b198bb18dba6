/**
 * What the preview's own migration run could not have seen: with `rehearse-at: head`, the same
 * counts taken on a second throwaway copy of the base at the fork point (made only when the head's
 * copy counted something), so that the comment can say "4 rows written to public.small since the
 * fork". Counts only; the copy is deleted whatever happens, and a copy that cannot be made is a
 * line in the log, never a failed review.
 */
import { firstLine } from '../basics/errors.js';
import type { NeonBranch } from '../neon/index.js';
import { runCounts, tableRows } from '../pg/costs.js';
import type { CostRequest } from '../costs/requests.js';
import { copyAt, type ThrowawayAt } from './branch.js';
import { type RehearsalDeps, removeThrowaway } from './index.js';
import { connectPg } from './pg-session.js';
import type { RehearsalReport } from './types.js';

export interface ForkCounts {
  counts: Map<string, number>;
  rows: Map<string, number>;
}

export async function countAtFork(
  ctx: RehearsalDeps,
  args: ThrowawayAt & {
    costs: readonly CostRequest[];
    tables: readonly string[];
    /** Each count's statement_timeout (rehearsal-timeout). */
    timeoutMs: number;
  },
): Promise<ForkCounts | undefined> {
  let made: NeonBranch | undefined;
  let session: Awaited<ReturnType<typeof connectPg>> | undefined;
  try {
    const created = await copyAt(ctx, args, "at the fork point, to count what the preview's run saw", (b) => {
      made = b;
    });
    ctx.secrets.addUri(created.uri);
    session = await connectPg(created.uri, {
      connectTimeoutMs: Math.max(1_000, Math.min(30_000, ctx.neon.deadline.remaining())),
    });
    await session.query(`SET statement_timeout = ${Math.max(1, Math.round(args.timeoutMs))}`);
    const counts = await runCounts(session, args.costs, 'exact', { signal: ctx.signal });
    const rows = await tableRows(session, args.tables, { signal: ctx.signal });
    return { counts, rows };
  } catch (e) {
    ctx.log.info(
      `Could not count at the fork point (${ctx.secrets.redact(firstLine(e))}): the rehearsal section does not say what changed since`,
    );
    return undefined;
  } finally {
    await session?.close().catch(() => {});
    if (made) await removeThrowaway(ctx, args.projectId, made);
  }
}

/** The tables whose rows differ between the fork point and the head copy: rows written (or removed) since. */
export function sinceFork(report: RehearsalReport, fork: ForkCounts): { table: string; rows: number }[] {
  return (report.tables ?? []).flatMap((t) => {
    const then = fork.rows.get(t.table);
    return then === undefined || then === t.rows ? [] : [{ table: t.table, rows: t.rows - then }];
  });
}
