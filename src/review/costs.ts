/**
 * compare-schema's cost stage (issue 24): which counts to ask for, and where they come from. The
 * rehearsal counts exactly on its throwaway copy before the migration runs (src/rehearsal); where
 * no copy counted (`rehearse: false`, a rehearsal that could not run, another database), the base
 * branch's statistics give estimates, read over one connection to the base and marked so. Only
 * numbers come back from either.
 */
import { type CostCounts, withCosts } from '../costs/apply.js';
import { type CostRequest, costRequests } from '../costs/requests.js';
import { BranchSchemaResponseSchema, type NeonBranch, type NeonClient, parse } from '../neon/index.js';
import { normalizeDump } from '../schema/normalize-dump.js';
import type { RehearsalReport } from '../rehearsal/types.js';
import type { DatabaseReview } from '../schema/types.js';
import { type SizeReaderDeps, startSizeReader } from './sizes.js';

/** The questions the rehearsal answers on its copy: the changes of its own database. */
export function rehearsalCosts(reviews: readonly DatabaseReview[], database: string): CostRequest[] {
  return costRequests(reviews.filter((r) => r.database === database).flatMap((r) => r.changes));
}

/** The reviews with `loses` and `violations` on the changes that could be counted or estimated. */
export async function withChangeCosts(
  deps: SizeReaderDeps,
  args: { projectId: string; base: NeonBranch; role: string; reviews: readonly DatabaseReview[] },
  rehearsal: RehearsalReport | undefined,
): Promise<DatabaseReview[]> {
  const exact: CostCounts | undefined = rehearsal?.costs
    ? {
        counts: new Map(rehearsal.costs.map((c) => [c.key, c.n])),
        estimated: false,
        where:
          rehearsal.base.lsn || rehearsal.base.timestamp ? `${rehearsal.base.branch} at the fork point` : 'production',
      }
    : undefined;
  const needed = args.reviews.map((r) => {
    const requests = costRequests(r.changes);
    const counted = exact && r.database === rehearsal?.database;
    return { review: r, requests, counted };
  });
  const toEstimate = needed.filter((n) => !n.counted && n.requests.some((q) => q.estimate));
  let estimates = new Map<string, Map<string, number>>();
  if (toEstimate.length > 0) {
    const reader = startSizeReader(deps, { projectId: args.projectId, branch: args.base, role: args.role });
    try {
      estimates = new Map(
        await Promise.all(
          toEstimate.map(
            async (n) => [n.review.database, await reader.estimates(n.review.database, n.requests)] as const,
          ),
        ),
      );
    } finally {
      await reader.close();
    }
  }
  return needed.map(({ review, requests, counted }) => {
    const source: CostCounts | undefined = counted
      ? exact
      : estimates.has(review.database)
        ? { counts: estimates.get(review.database)!, estimated: true, where: 'production' }
        : undefined;
    return { ...review, changes: withCosts(review.changes, requests, source) };
  });
}

/**
 * Whether the base's schema at its head differs from its schema at the review's point (another
 * migration merged since the fork): two schema reads, made only when a statement failed on the head.
 */
export async function baseMovedSince(
  neon: NeonClient,
  args: { projectId: string; base: NeonBranch; database: string; point: { lsn?: string; timestamp?: string } },
): Promise<boolean | undefined> {
  const schema = async (lsn?: string, timestamp?: string) => {
    const { data } = await neon.call('getProjectBranchSchema', {
      path: { project_id: args.projectId, branch_id: args.base.id },
      query: { db_name: args.database, lsn, timestamp },
    });
    return normalizeDump(parse(BranchSchemaResponseSchema, data, 'getProjectBranchSchema').sql ?? '');
  };
  try {
    const [then, now] = await Promise.all([schema(args.point.lsn, args.point.timestamp), schema()]);
    return then !== now;
  } catch {
    return undefined;
  }
}
