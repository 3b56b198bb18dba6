/**
 * compare-schema's identity stage: what is known of which base object became which preview object,
 * before the dumps are compared. First the catalogs of both branches (oids and attnums survive a
 * rename on a Neon branch, a copy of its parent), then the PR's migration statements; what neither
 * says is inferred from the dumps (src/schema). The catalogs are read over the connections the size
 * reader opens (the preview's, and one to the base branch); anything in the way (no connection
 * within the step's time, a base that changed since the review's point, a schema-only branch, the
 * branch reviewed at a past point) leaves identity to the statements and the dumps, said in one log
 * line per database.
 */
import type { NeonBranch } from '../neon/index.js';
import { catalogDescribes, matchCatalogs } from '../schema/catalog-identity.js';
import type { IdentityMap } from '../schema/identity.js';
import type { Parser } from '../schema/parser.js';
import { finishReview, parseNormalizedSidesInTurns, type ReviewInput } from '../schema/review.js';
import type { DatabaseReview } from '../schema/types.js';
import type { BaseAtPoint } from './base-at-point.js';
import type { SizeReader } from './sizes.js';

export interface IdentitySides {
  preview: SizeReader;
  /** A reader of the base branch's own database (its head); undefined when identity is not read from catalogs. */
  base: SizeReader | undefined;
  /** Why the catalogs are not read at all, when they are not. */
  skipped?: string;
  /** The review's point is the base's head (no LSN or timestamp): its catalog stands for it without a check. */
  atHead: boolean;
  previewName: string;
  baseName: string;
  /** A throwaway branch of the base at the review's point, for when the base changed since. */
  atPoint?: BaseAtPoint;
}

/** Why identity cannot come from the catalogs for this branch and point, or undefined when it can be tried. */
export function catalogSkipReason(
  preview: NeonBranch,
  branchPoint: { lsn?: string; timestamp?: string },
): string | undefined {
  if (preview.init_source === 'schema-only')
    return `${preview.name} is a schema-only branch: its objects are new copies, not its parent's`;
  if (branchPoint.lsn || branchPoint.timestamp)
    return `${preview.name} is reviewed at a past point (lsn or timestamp), its catalog is read at its head`;
  return undefined;
}

type CatalogRead = Awaited<ReturnType<SizeReader['catalog']>>;

/** Sends both catalog reads (one round trip each); undefined when the catalogs are not read. */
function startCatalogs(sides: IdentitySides, database: string): Promise<[CatalogRead, CatalogRead]> | undefined {
  if (!sides.base) return undefined;
  return Promise.all([sides.base.catalog(database), sides.preview.catalog(database)]);
}

/**
 * A database's review with identity: the catalog reads go out first, the dumps are parsed while the
 * computes answer, then the changes are compared with what the catalogs and the statements say.
 * When the base branch changed since the review's point, its catalog is read from a throwaway branch
 * of the base at that point instead (made once per run, when first needed).
 */
export async function reviewWithIdentity(
  parser: Parser,
  /** Its dumps as `normalizeDump` cleaned them. */
  input: ReviewInput,
  sides: IdentitySides,
  said: IdentityMap | undefined,
  log: (line: string) => void,
): Promise<DatabaseReview> {
  const { database } = input;
  const started = startCatalogs(sides, database);
  started?.catch(() => {});
  // the parse lets the loop turn every few hundred statements: the connections and queries go on meanwhile
  const parsed = await parseNormalizedSidesInTurns(parser, input.beforeSql, input.afterSql);
  const fallback = said
    ? 'the migration statements, then the dumps, decide renames'
    : 'renames are inferred from the dumps';
  const without = (why: string) => {
    log(`${database}: identity not read from the catalogs (${why}); ${fallback}`);
    return finishReview(parsed, { ...input, identity: said });
  };
  if (!started) return sides.skipped ? without(sides.skipped) : finishReview(parsed, { ...input, identity: said });
  const t0 = performance.now();
  const [base, preview] = await started;
  if ('unavailable' in preview) return without(preview.unavailable);
  if (!catalogDescribes(preview.catalog, parsed.after))
    return without(`the catalog of ${sides.previewName} no longer matches its dump: it changed while it was read`);
  let baseCatalog = 'unavailable' in base ? undefined : base.catalog;
  let from = sides.baseName;
  if (!baseCatalog || !catalogDescribes(baseCatalog, parsed.before)) {
    if (sides.atHead || !sides.atPoint) {
      if (!baseCatalog) return without((base as { unavailable: string }).unavailable);
      return without(
        sides.atHead
          ? `the catalog of ${sides.baseName} no longer matches its dump: it changed while it was read`
          : `${sides.baseName} changed since the review's point`,
      );
    }
    // the base changed since the review's point: a copy of it at that point
    const reader = await sides.atPoint.reader();
    if ('unavailable' in reader) return without(reader.unavailable);
    const read = await reader.catalog(database);
    if ('unavailable' in read) return without(read.unavailable);
    if (!catalogDescribes(read.catalog, parsed.before))
      return without(`a branch of ${sides.baseName} at the review's point does not match the base's dump`);
    baseCatalog = read.catalog;
    from = `${sides.baseName} at the review's point`;
  }
  log(
    `${database}: identity read from the catalogs of ${from} and ${sides.previewName} in ${Math.round(performance.now() - t0)} ms (oids and attnums)`,
  );
  return finishReview(parsed, { ...input, identity: matchCatalogs(baseCatalog, preview.catalog).merge(said) });
}

/**
 * The readers of both sides: the preview's is the size reader's; the base's opens a connection to
 * the base branch (its read_write endpoint) on first use. The catalogs are read only where they can
 * describe the review's sides: the base must be the preview's parent (an ancestor's oids are the
 * preview's only up to the parent's own changes), the preview not schema-only nor reviewed at a past point.
 */
export function identitySides(
  preview: { branch: NeonBranch; reader: SizeReader; point: { lsn?: string; timestamp?: string } },
  base: {
    branch: NeonBranch;
    point: { lsn?: string; timestamp?: string };
    open: () => SizeReader;
    atPoint?: () => BaseAtPoint;
  },
): IdentitySides {
  const names = {
    previewName: preview.branch.name,
    baseName: base.branch.name,
    atHead: !base.point.lsn && !base.point.timestamp,
  };
  const skipped =
    catalogSkipReason(preview.branch, preview.point) ??
    (preview.branch.parent_id === base.branch.id
      ? undefined
      : `${base.branch.name} is not the parent of ${preview.branch.name}`);
  if (skipped) return { preview: preview.reader, base: undefined, skipped, ...names };
  return {
    preview: preview.reader,
    base: base.open(),
    ...names,
    ...(!names.atHead && base.atPoint ? { atPoint: base.atPoint() } : {}),
  };
}
