/**
 * A normalised dump cut into chunks at the lines where a top-level statement has just ended: each
 * chunk holds the comments and blank lines before a statement and the statement itself. Two dumps of
 * one schema share nearly all their chunks, so a pair is parsed once for what both hold (see
 * `parseNormalizedPair`). The cut is line-based and may be wrong on odd text (a string with a
 * backslash-escaped quote); the caller checks every parsed statement against it and does not rely on a
 * wrong cut.
 */
import { StatementScanner } from './normalize-dump.js';

export interface Chunk {
  /** The chunk's text: whole lines, each with its `\n`. */
  text: string;
  /** UTF-8 byte offsets of the chunk in the dump, `[start, end)`. */
  start: number;
  end: number;
  /** 1-based line of the dump where the chunk starts. */
  line: number;
}

export function statementChunks(sql: string): Chunk[] {
  const chunks: Chunk[] = [];
  const scanner = new StatementScanner();
  let from = 0;
  let fromLine = 1;
  let byte = 0;
  let line = 1;
  const cut = (end: number) => {
    const text = sql.slice(from, end);
    const length = Buffer.byteLength(text, 'utf8');
    chunks.push({ text, start: byte, end: byte + length, line: fromLine });
    [from, fromLine, byte] = [end, line, byte + length];
  };
  for (let lineStart = 0; lineStart < sql.length; ) {
    const newline = sql.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? sql.length : newline + 1;
    const text = sql.slice(lineStart, newline < 0 ? sql.length : newline);
    const wasIn = !scanner.atStatementStart();
    scanner.feed(text);
    line++;
    lineStart = lineEnd;
    // a statement ended on this line: the chunk ends with it
    if (scanner.atStatementStart() && (wasIn || startsStatement(text))) cut(lineEnd);
  }
  if (from < sql.length) cut(sql.length);
  return chunks;
}

/** A line outside any statement that is neither blank nor only a comment (`-- Name: …`). */
function startsStatement(text: string): boolean {
  return /\S/.test(text) && !/^\s*--/.test(text);
}
