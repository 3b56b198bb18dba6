/**
 * compare-schema's evidence stage: what the PR's migration files say (read once: statements, what
 * each does, the identity they spell out) and, per database, which statement made each change and
 * how big the tables it touches are. Gathered here, weighed in review/risk.ts.
 */
import { type Effect, effectsOf } from '../migrations/effects.js';
import { identityFromStatements } from '../migrations/identity.js';
import { type Matched, matchChanges } from '../migrations/match.js';
import { type PrMigrationSources, type PrMigrations, readPrMigrations } from '../migrations/pr-migrations.js';
import type { IdentityMap } from '../schema/identity.js';
import type { Parser } from '../schema/parser.js';
import type { TableSize } from '../schema/risk.js';
import { tablesTouched } from '../schema/table-sizes.js';
import type { Change } from '../schema/types.js';
import type { SizeReader } from './sizes.js';

/** The PR's migration files and what their statements do; empty when no `migrations` glob is set. */
export interface MigrationEvidence {
  migrations: PrMigrations | undefined;
  effects: Effect[];
  /** What the statements say of identity (renames, drops, adds), for the comparison itself. */
  identity: IdentityMap | undefined;
}

/** Reads the files once the grammar is loaded (`parser` is asked only when there are globs). */
export async function readMigrationEvidence(
  globs: readonly string[],
  sources: PrMigrationSources,
  parser: () => Promise<Parser>,
): Promise<MigrationEvidence> {
  if (globs.length === 0) return { migrations: undefined, effects: [], identity: undefined };
  const grammar = await parser();
  return fromMigrations(await readPrMigrations(globs, sources, grammar), grammar);
}

/** The pure part: the statements' effects and identity. */
export function fromMigrations(migrations: PrMigrations, parser: Parser): MigrationEvidence {
  const effects = effectsOf(parser, migrations.statements);
  return { migrations, effects, identity: identityFromStatements(effects) };
}

/** A database's evidence: its changes matched to the PR's statements, and the sizes of the tables they touch. */
export interface DatabaseEvidence {
  matched: Matched;
  sizes?: ReadonlyMap<string, TableSize>;
  /** Why the sizes could not be read, when they could not. */
  unavailable?: string;
}

export async function databaseEvidence(
  changes: readonly Change[],
  effects: readonly Effect[],
  readSizes: (tables: string[]) => ReturnType<SizeReader['read']>,
): Promise<DatabaseEvidence> {
  const matched = matchChanges(changes, effects);
  const tables = tablesTouched(matched.changes);
  if (tables.length === 0) return { matched };
  const read = await readSizes(tables);
  return 'unavailable' in read ? { matched, unavailable: read.unavailable } : { matched, sizes: read.sizes };
}

/** One line on where the sizes came from, or why there are none (the first reason of any database). */
export function sizeNotes(evidence: readonly DatabaseEvidence[], branchName: string, smallTableRows: number): string[] {
  const unavailable = evidence.find((e) => e.unavailable !== undefined)?.unavailable;
  if (unavailable) return [`Table sizes unavailable (${unavailable}): risks are by statement class only.`];
  if (evidence.some((e) => e.sizes && e.sizes.size > 0))
    return [
      `Table sizes from branch ${branchName}: a locking change is safe on a table under ${smallTableRows.toLocaleString('en-US')} rows (small-table-rows).`,
    ];
  return [];
}
