/**
 * A migration file split into its statements, each with the lines it spans, by the same
 * libpg-query grammar that reads the dumps. The parser says where statements start; its scanner
 * (which knows strings, dollar quotes and comments) trims the comments around them, so a Drizzle
 * `--> statement-breakpoint` or a Prisma `-- CreateIndex` header is never part of a statement.
 *
 * A file that does not parse still yields the statements around the bad one: the text is parsed
 * again from the first `;` after the error, and the first error is reported with its line.
 */
import { loadParser, type Parser, type ScanToken, SqlSyntaxError, SqlTooDeepError } from '../schema/parser.js';
import { blank, nonUpRanges } from './conventions.js';

export interface MigrationStatement {
  /** Repository path of the migration file. */
  file: string;
  /** 1-based line of the statement's first character (comments before it excluded). */
  line: number;
  /** 1-based line of its last character (the `;` and comments after it excluded). */
  endLine: number;
  /** The statement as written, without the closing `;`. */
  sql: string;
}

export interface SplitMigration {
  statements: MigrationStatement[];
  /** The first statement that failed to parse: its line and the grammar's message. */
  error?: { line: number; message: string };
  /** The tool whose up/down markers the file holds (dbmate, goose…): only its up part was read. */
  upOnly?: string;
}

let shared: Promise<Parser> | undefined;

/** Splits one migration file; `parser` reuses one already loaded (else one is loaded once per process). */
export async function splitMigration(file: string, text: string, parser?: Parser): Promise<SplitMigration> {
  if (!parser) {
    shared ??= loadParser();
    parser = await shared;
  }
  return splitWith(parser, file, text);
}

const COMMENTS = new Set(['SQL_COMMENT', 'C_COMMENT']);
const SEMICOLON = 'ASCII_59';

function splitWith(parser: Parser, file: string, original: string): SplitMigration {
  // the down part of a file that holds both is blanked, byte for byte, so offsets and lines stay
  const { ranges, tool } = nonUpRanges(Buffer.from(original, 'utf8'));
  const bytes = blank(Buffer.from(original, 'utf8'), ranges);
  const text = ranges.length > 0 ? bytes.toString('utf8') : original;
  const upOnly = tool ? { upOnly: tool } : {};
  const lines = lineStarts(bytes);
  const lineOf = (offset: number) => upperBound(lines, offset);
  let tokens: ScanToken[];
  try {
    tokens = parser.scan(text);
  } catch (e) {
    if (!(e instanceof SqlSyntaxError)) throw e;
    // an unterminated string or comment: the parser names where, the scanner does not
    return { statements: [], error: failure(parser, text, e, lineOf), ...upOnly };
  }
  const code = tokens.filter((t) => !COMMENTS.has(t.tokenName) && t.tokenName !== SEMICOLON);
  const semicolons = tokens.filter((t) => t.tokenName === SEMICOLON);
  const statements: MigrationStatement[] = [];
  let error: SplitMigration['error'];

  /** Adds the statements of a tree parsed from `[from, to)`. */
  const add = (tree: ReturnType<Parser['parse']>, from: number, to: number) => {
    for (const raw of tree.stmts) {
      const start = from + (raw.stmt_location ?? 0);
      const end = raw.stmt_len ? start + raw.stmt_len : to;
      const first = lowerBound(code, start);
      const last = lowerBound(code, end) - 1;
      if (first > last) continue;
      const [a, b] = [code[first].start, code[last].end];
      statements.push({ file, line: lineOf(a), endLine: lineOf(b - 1), sql: bytes.subarray(a, b).toString('utf8') });
    }
  };

  /** Parses `[from, to)` into `statements`; on a syntax error, the error's byte offset. */
  const take = (from: number, to: number): number | undefined => {
    let tree: ReturnType<Parser['parse']>;
    try {
      tree = parser.parse(bytes.subarray(from, to).toString('utf8'));
    } catch (e) {
      if (e instanceof SqlTooDeepError) return takeEach(from, to);
      if (!(e instanceof SqlSyntaxError)) throw e;
      const at = from + (e.byteOffset ?? 0);
      error ??= { line: lineOf(at), message: e.detail };
      return at;
    }
    add(tree, from, to);
    return undefined;
  };

  /**
   * `[from, to)` statement by statement, when one of them is nested too deeply for the parser: that
   * one is reported and left out, the others are read (a piece that does not parse on its own is
   * joined with the next, for bodies holding `;`).
   */
  const takeEach = (from: number, to: number): undefined => {
    const ends = semicolons.filter((t) => t.start >= from && t.end <= to).map((t) => t.end);
    if (ends.at(-1) !== to) ends.push(to);
    let start = from;
    for (let i = 0; i < ends.length; ) {
      let j = i;
      for (;;) {
        try {
          add(parser.parse(bytes.subarray(start, ends[j]!).toString('utf8')), start, ends[j]!);
          break;
        } catch (e) {
          if (!(e instanceof SqlSyntaxError)) throw e;
          if (!(e instanceof SqlTooDeepError) && j + 1 < ends.length && j - i < 200) {
            j++;
            continue;
          }
          const first = code[lowerBound(code, start)];
          error ??= { line: lineOf(first && first.start < ends[j]! ? first.start : start), message: e.detail };
          break;
        }
      }
      start = ends[j]!;
      i = j + 1;
    }
    return undefined;
  };

  let from = 0;
  while (from < bytes.length) {
    const at = take(from, bytes.length);
    if (at === undefined) break;
    // keep what precedes the bad statement, then go on after it
    const end = semicolons.filter((s) => s.start >= from && s.end <= at).at(-1);
    if (end) take(from, end.end);
    const next = semicolons.find((s) => s.start >= at);
    if (!next) break;
    from = next.end;
  }
  return error ? { statements, error, ...upOnly } : { statements, ...upOnly };
}

function failure(parser: Parser, text: string, scanError: SqlSyntaxError, lineOf: (offset: number) => number) {
  try {
    parser.parse(text);
  } catch (e) {
    if (e instanceof SqlSyntaxError && e.byteOffset !== undefined)
      return { line: lineOf(e.byteOffset), message: e.detail };
  }
  return { line: 1, message: scanError.detail };
}

/** Byte offsets at which each line starts: line n (1-based) starts at `starts[n - 1]`. */
function lineStarts(bytes: Buffer): number[] {
  const starts = [0];
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) starts.push(i + 1);
  return starts;
}

/** Number of entries ≤ offset: the 1-based line holding `offset`. */
function upperBound(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first token starting at or after `offset`. */
function lowerBound(tokens: ScanToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
