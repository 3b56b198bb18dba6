/**
 * Both sides of a review, parsed once for what they share. A PR's dump repeats its base's almost
 * statement for statement, and parsing (the grammar's wasm, then the tree's JSON) is most of a
 * review's time; so the base is parsed whole, and of the branch only the statements whose chunk of
 * text (see `statementChunks`) the base does not hold word for word. A statement the branch shares is
 * read from the base's tree, against the base's text. Reading stays per side: the models are
 * exactly what parsing each dump alone gives.
 *
 * Where the sharing cannot be trusted, the branch is parsed whole as before: a base with a statement
 * too deeply nested to parse, a statement of either side that crosses a chunk's edge (the line-based
 * cut was wrong), or a syntax error or too-deep statement in the branch's own text (so the error names
 * a line of the branch's dump, and too-deep statements are left out one by one).
 */
import { runSteps, type Steps } from '../basics/steps.js';
import type { SchemaModel } from './model.js';
import { parseNormalizedSchema, readStatementsInSteps, type SourcedStatement, sourced } from './parse-schema.js';
import { lineOfByte, type Parser, parseTolerant, type RawStatement } from './parser.js';
import { SourceText } from './source-text.js';
import { type Chunk, statementChunks } from './statement-chunks.js';

export interface ParsedPair {
  before: SchemaModel;
  after: SchemaModel;
  /** Lines of each dump's statements nested too deeply to parse or read. */
  unread: { base: number[]; branch: number[] };
}

/** Parses two dumps that `normalizeDump` has already cleaned. */
export function parseNormalizedPair(parser: Parser, beforeSql: string, afterSql: string): ParsedPair {
  return runSteps(pairSteps(parser, beforeSql, afterSql));
}

/** `parseNormalizedPair` in steps (basics/steps.ts): the base's one parse, then a few hundred statements a step. */
export function* pairSteps(parser: Parser, beforeSql: string, afterSql: string): Steps<ParsedPair> {
  const unread = { base: [] as number[], branch: [] as number[] };
  yield; // before the longest step, a parse of the whole base in one call
  const tree = parseTolerant(parser, beforeSql);
  unread.base.push(...tree.unread);
  yield;
  const beforeSource = new SourceText(beforeSql);
  const before = yield* readStatementsInSteps(sourced(tree.stmts, beforeSql, beforeSource), unread.base);
  const shared =
    tree.unread.length === 0
      ? branchStatements(parser, { sql: beforeSql, stmts: tree.stmts, source: beforeSource }, afterSql)
      : undefined;
  yield;
  const after = shared
    ? yield* readStatementsInSteps(shared, unread.branch)
    : parseNormalizedSchema(parser, afterSql, unread.branch);
  return { before, after, unread };
}

interface ParsedText {
  sql: string;
  stmts: RawStatement[];
  source: SourceText;
}

/** The branch's statements in its order, shared ones from the base's tree; undefined where sharing is not sound. */
function branchStatements(parser: Parser, base: ParsedText, afterSql: string): SourcedStatement[] | undefined {
  const baseChunks = statementChunks(base.sql);
  const basePlaced = placeInChunks(base.stmts, baseChunks);
  if (!basePlaced) return undefined;
  const known = new Map<string, { chunk: Chunk; stmts: RawStatement[] }>();
  baseChunks.forEach((chunk, i) => {
    if (!known.has(chunk.text)) known.set(chunk.text, { chunk, stmts: basePlaced[i]! });
  });
  const chunks = statementChunks(afterSql);
  // the branch's own chunks, back to back (whole lines each), parsed in one call
  const own: Chunk[] = [];
  let offset = 0;
  for (const chunk of chunks) {
    if (known.has(chunk.text)) continue;
    const length = chunk.end - chunk.start;
    own.push({ ...chunk, start: offset, end: offset + length });
    offset += length;
  }
  const ownSql = own.map((c) => c.text).join('');
  let ownStmts: RawStatement[];
  try {
    ownStmts = ownSql.trim() === '' ? [] : parser.parse(ownSql).stmts;
  } catch {
    return undefined;
  }
  const ownPlaced = placeInChunks(ownStmts, own);
  if (!ownPlaced) return undefined;
  const ownSource = new SourceText(ownSql);
  const out: SourcedStatement[] = [];
  let next = 0;
  for (const chunk of chunks) {
    const shared = known.get(chunk.text);
    const [stmts, source, start] = shared
      ? [shared.stmts, base.source, shared.chunk.start]
      : [ownPlaced[next]!, ownSource, own[next++]!.start];
    for (const raw of stmts) {
      const line = () => chunk.line - 1 + lineOfByte(chunk.text, (raw.stmt_location ?? 0) - start);
      out.push({ raw, source, line });
    }
  }
  return out;
}

/**
 * The statements of each chunk, or undefined when a statement is not wholly inside one chunk.
 * Statements come in text order; a statement's length 0 means "to the end of the text".
 */
function placeInChunks(stmts: RawStatement[], chunks: Chunk[]): RawStatement[][] | undefined {
  const placed: RawStatement[][] = chunks.map(() => []);
  const textEnd = chunks.at(-1)?.end ?? 0;
  let i = 0;
  for (const raw of stmts) {
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len ? start + raw.stmt_len : textEnd;
    while (i < chunks.length && chunks[i]!.end <= start) i++;
    if (i === chunks.length || start < chunks[i]!.start || end > chunks[i]!.end) return undefined;
    placed[i]!.push(raw);
  }
  return placed;
}
