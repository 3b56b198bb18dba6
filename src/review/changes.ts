/**
 * compare-schema's changes stage: per database, the two dumps (review/sides.ts; the grammar and the
 * PR's migration files load while the first are read, their errors failing here), compared with the
 * real grammar and what is known of identity (review/identity.ts: catalogs, then statements), and
 * the evidence of each change (review/evidence.ts: its statement, its table's size). The
 * connections it opens for catalogs and sizes are closed when it ends, whatever happened.
 */
import type { CompareSettings } from '../inputs/commands.js';
import { phase } from '../runtime/logger.js';
import { normalizeDump } from '../schema/normalize-dump.js';
import type { Parser } from '../schema/parser.js';
import type { DatabaseReview } from '../schema/types.js';
import { baseAtPoint } from './base-at-point.js';
import { type DatabaseEvidence, databaseEvidence, type MigrationEvidence } from './evidence.js';
import { identitySides, reviewWithIdentity } from './identity.js';
import type { RehearsalDeps } from '../rehearsal/index.js';
import { type BasePoint, readDumps, type Sides } from './sides.js';
import { type SizeReaderDeps, startSizeReader } from './sizes.js';

export interface ReviewedChanges {
  /** Per database, its changes as the comparison found them (risks by statement class). */
  reviews: DatabaseReview[];
  /** Per database with changes, their evidence. */
  evidence: Map<string, DatabaseEvidence>;
  /** The base point the reviews were read at (the head, when Neon refused the fork point). */
  point: BasePoint;
}

export async function reviewChanges(
  deps: RehearsalDeps & SizeReaderDeps,
  settings: Pick<
    CompareSettings,
    'role' | 'lsn' | 'timestamp' | 'baseBranch' | 'basePoint' | 'baseLsn' | 'baseTimestamp' | 'databases'
  >,
  sides: Sides,
  /** Each loads once, on the first call; the first database's dumps are read while they load. */
  load: { parser: () => Promise<Parser>; migrations: () => Promise<MigrationEvidence> },
): Promise<ReviewedChanges> {
  const { log, neon } = deps;
  const { projectId, preview, base, databases } = sides;
  const sizes = startSizeReader(deps, { projectId, branch: preview, role: settings.role });
  sizes.prefetch(databases); // the connection URIs: API calls only, no compute starts
  const identity = identitySides(
    { branch: preview, reader: sizes, point: { lsn: settings.lsn, timestamp: settings.timestamp } },
    {
      branch: base,
      point: sides.point,
      open: () => startSizeReader(deps, { projectId, branch: base, role: settings.role }),
      atPoint: () =>
        baseAtPoint(deps, {
          projectId,
          preview,
          base,
          point: sides.point,
          role: settings.role,
          database: databases[0]!,
        }),
    },
  );
  const out: ReviewedChanges = { reviews: [], evidence: new Map(), point: sides.point };
  try {
    for (const database of databases) {
      await phase(`Review ${database}: ${preview.name} against ${base.name}`, async () => {
        // a fork point Neon refused stays refused for the next database
        const [{ dumps, point }, parser, migrations] = await Promise.all([
          readDumps(neon, log, settings, { ...sides, point: out.point }, database),
          load.parser(),
          load.migrations(),
        ]);
        out.point = point;
        const [beforeSql, afterSql] = [normalizeDump(dumps.beforeSql), normalizeDump(dumps.afterSql)];
        // equal schemas need no parsing
        if (beforeSql === afterSql) {
          log.info(`${database}: 0 change(s)${dumps.diff ? '' : ', no differences'}`);
          out.reviews.push({ database, changes: [], diff: dumps.diff });
          return;
        }
        sizes.warm(database); // a compute may take seconds to start: while the dumps are parsed
        const input = { database, beforeSql, afterSql, diff: dumps.diff };
        const review = await reviewWithIdentity(parser, input, identity, migrations.identity, (l) => log.info(l));
        const found = await databaseEvidence(review.changes, migrations.effects, (t) => sizes.read(database, t));
        log.info(`${database}: ${found.matched.changes.length} change(s)${review.diff ? '' : ', no differences'}`);
        out.evidence.set(database, found);
        out.reviews.push(review);
      });
    }
  } finally {
    await Promise.all([sizes.close(), identity.base?.close(), identity.atPoint?.close()]);
  }
  return out;
}
