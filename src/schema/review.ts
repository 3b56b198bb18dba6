/**
 * The structured review: `diffSchemas` turns two SchemaModels into Changes; `reviewSchemas` goes
 * from two dumps to a DatabaseReview (changes, unified diff, ER diagram when small enough).
 */
import { ChangeList } from './change-list.js';
import { diffTableChildren } from './diff-children.js';
import { diffFunctions, diffSchemasAndExtensions, diffSequences, diffTypes, diffViews } from './diff-objects.js';
import { diffTables } from './diff-tables.js';
import { renderErDiagram } from './er-diagram.js';
import type { IdentityMap } from './identity.js';
import type { SchemaModel } from './model.js';
import { normalizeDump } from './normalize-dump.js';
import { runStepsInTurns } from '../basics/steps.js';
import { pairSteps, parseNormalizedPair } from './parse-pair.js';
import { unifiedDiff as diffText } from './unified-diff.js';
import type { Parser } from './parser.js';
import { CHANGE_KINDS, type Change, type DatabaseReview } from './types.js';

const KIND_ORDER = new Map<string, number>(CHANGE_KINDS.map((kind, i) => [kind, i]));

/**
 * The changes from `before` to `after`. `identity` is what is known of which object became which
 * (from the catalogs, from the PR's statements); what it leaves open is inferred from the dumps.
 */
export function diffSchemas(
  before: SchemaModel,
  after: SchemaModel,
  database: string,
  identity?: IdentityMap,
): Change[] {
  const list = new ChangeList(database, identity);
  diffSchemasAndExtensions(before, after, list);
  const types = diffTypes(before, after, list);
  const tables = diffTables(before, after, list, types);
  diffTableChildren(before, after, list, tables);
  diffSequences(before, after, list, tables);
  diffViews(before, after, list, tables);
  diffFunctions(before, after, list, types);
  return list.changes.sort(
    (a, b) =>
      compareText(a.object, b.object) ||
      (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
      compareText(a.action, b.action),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface ReviewInput {
  database: string;
  beforeSql: string;
  afterSql: string;
  /** A unified diff computed elsewhere; computed here from the normalised dumps when absent. */
  diff?: string;
  /** Tables touched above which no ER diagram is drawn (default 30). */
  maxDiagramTables?: number;
  /** Identity known before the comparison (catalogs, statements), or a function of the parsed sides that builds it. */
  identity?: IdentityMap | ((before: SchemaModel, after: SchemaModel) => IdentityMap | undefined);
}

export function reviewSchemas(parser: Parser, input: ReviewInput): DatabaseReview {
  return finishReview(parseSides(parser, input), input);
}

/** Both dumps normalised and parsed: the first half of a review, for a caller with I/O to overlap it with. */
export interface ParsedSides {
  beforeSql: string;
  afterSql: string;
  before: SchemaModel;
  after: SchemaModel;
  /** Lines of each dump's statements nested too deeply to parse: left out of the review, said in a note. */
  unread: { base: number[]; branch: number[] };
}

export function parseSides(parser: Parser, input: Pick<ReviewInput, 'beforeSql' | 'afterSql'>): ParsedSides {
  return parseNormalizedSides(parser, normalizeDump(input.beforeSql), normalizeDump(input.afterSql));
}

/** `parseSides` of dumps that `normalizeDump` has already cleaned (a caller that compared them first). */
export function parseNormalizedSides(parser: Parser, beforeSql: string, afterSql: string): ParsedSides {
  return { beforeSql, afterSql, ...parseNormalizedPair(parser, beforeSql, afterSql) };
}

/**
 * `parseNormalizedSides` that lets the event loop turn every few hundred statements, for a caller
 * with connections under way: their handshakes and queries move on while the dumps are parsed.
 */
export async function parseNormalizedSidesInTurns(
  parser: Parser,
  beforeSql: string,
  afterSql: string,
): Promise<ParsedSides> {
  return { beforeSql, afterSql, ...(await runStepsInTurns(pairSteps(parser, beforeSql, afterSql))) };
}

/** The second half: changes (with the identity known), unified diff, ER diagram. */
export function finishReview(sides: ParsedSides, input: ReviewInput): DatabaseReview {
  const { before, after, beforeSql, afterSql, unread } = sides;
  const identity = typeof input.identity === 'function' ? input.identity(before, after) : input.identity;
  const changes = diffSchemas(before, after, input.database, identity);
  const diff = input.diff ?? unifiedDiff(input.database, beforeSql, afterSql);
  const erDiagram = renderErDiagram(before, after, changes, input.maxDiagramTables);
  const notes = (['base', 'branch'] as const)
    .filter((side) => unread[side].length > 0)
    .map((side) => {
      const lines = unread[side];
      const shown = lines.slice(0, 5).join(', ') + (lines.length > 5 ? ` and ${lines.length - 5} more` : '');
      return `${input.database}: ${lines.length} statement(s) of the ${side} dump are nested too deeply to read (line ${shown}): the review leaves them out; the diff shows them.`;
    });
  return {
    database: input.database,
    changes,
    diff,
    ...(erDiagram ? { erDiagram } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** Unified diff of two normalised dumps; empty when equal. */
export function unifiedDiff(database: string, beforeSql: string, afterSql: string): string {
  return diffText(`${database} (base)`, `${database} (branch)`, beforeSql, afterSql);
}
