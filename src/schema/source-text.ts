/**
 * The dump's own text for a statement or a part of one. libpg-query reports positions as byte
 * offsets into the UTF-8 text, so slicing happens on bytes.
 */

export class SourceText {
  private readonly bytes: Buffer;

  constructor(sql: string) {
    this.bytes = Buffer.from(sql, 'utf8');
  }

  /** A statement's text without its leading comment lines and trailing semicolon. */
  statement(location: number | undefined, length: number | undefined): string {
    const start = location ?? 0;
    const end = length ? start + length : this.bytes.length;
    return stripLeadingComments(this.bytes.toString('utf8', start, end));
  }

  slice(start: number, end: number): string {
    return this.bytes.toString('utf8', start, end).trim();
  }

  /**
   * The end (exclusive byte offset) of a list element starting at `start`: the first `,` or `)`
   * outside parentheses and quotes.
   */
  elementEnd(start: number): number {
    const b = this.bytes;
    let depth = 0;
    let i = start;
    while (i < b.length) {
      const c = b[i];
      if (c === 0x27 || c === 0x22) {
        i = this.skipQuoted(i, c);
        continue;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29) {
        if (depth === 0) return i;
        depth--;
      } else if (c === 0x2c && depth === 0) return i;
      else if (c === 0x3b && depth === 0) return i;
      i++;
    }
    return b.length;
  }

  private skipQuoted(open: number, quote: number): number {
    let i = open + 1;
    while (i < this.bytes.length) {
      if (this.bytes[i] === quote) {
        if (this.bytes[i + 1] === quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return i;
  }
}

function stripLeadingComments(text: string): string {
  const lines = text.split('\n');
  let first = 0;
  while (first < lines.length && (lines[first].trim() === '' || lines[first].trim().startsWith('--'))) first++;
  return lines.slice(first).join('\n').trim().replace(/;\s*$/, '');
}

/** Collapses whitespace runs to one space, for one-line details. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Drops a leading `CONSTRAINT name` from a constraint's text. */
export function withoutConstraintName(text: string): string {
  return text.replace(/^CONSTRAINT\s+("(?:[^"]|"")+"|\S+)\s+/i, '');
}
