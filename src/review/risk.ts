/**
 * compare-schema's one place that decides each change's final risk, from all of its evidence in
 * order: the statement that made it and the size of its table (schema/settle.ts), then what the
 * rehearsal measured of that statement (rehearsal/measure.ts), then the statements that remove data
 * without changing the schema (migrations/data-loss.ts). Pure: the evidence is gathered elsewhere.
 */
import type { Effect } from '../migrations/effects.js';
import { withDataLoss } from '../migrations/data-loss.js';
import { applyMeasurements } from '../rehearsal/measure.js';
import type { RehearsalReport } from '../rehearsal/types.js';
import { settleChanges } from '../schema/settle.js';
import type { DatabaseReview } from '../schema/types.js';
import type { DatabaseEvidence } from './evidence.js';

export interface RiskEvidence {
  /** Per database (by name): its changes matched to statements, and its table sizes. */
  databases: ReadonlyMap<string, DatabaseEvidence>;
  smallTableRows: number;
  rehearsal: RehearsalReport | undefined;
  /** What the PR's statements do: the data-removing ones are destructive changes of `lossDatabase`. */
  effects: readonly Effect[];
  /** The database the migration runs in (rehearsal-database when reviewed, else the first reviewed). */
  lossDatabase: string | undefined;
}

/** The reviews with every change's final risk. */
export function settleReviews(reviews: readonly DatabaseReview[], e: RiskEvidence): DatabaseReview[] {
  return reviews.map((review) => {
    const evidence = e.databases.get(review.database);
    const settled = evidence
      ? settleChanges(evidence.matched.changes, {
          evidence: evidence.matched.evidence,
          ...(evidence.sizes ? { sizes: evidence.sizes } : {}),
          smallTableRows: e.smallTableRows,
        })
      : review.changes;
    const measured = applyMeasurements(settled, e.rehearsal);
    const changes =
      review.database === e.lossDatabase ? withDataLoss(measured, e.effects, review.database, e.rehearsal) : measured;
    return { ...review, changes };
  });
}

/** The database the migration files run in: the rehearsal's when it is reviewed, else the first reviewed. */
export function lossDatabase(databases: readonly string[], rehearsalDatabase: string): string | undefined {
  return databases.includes(rehearsalDatabase) ? rehearsalDatabase : databases[0];
}
