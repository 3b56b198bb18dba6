/**
 * Removes what differs between two dumps of the same schema but is not schema: psql meta-commands
 * (`\restrict <random key>`, `\unrestrict`, `\connect`), the version comments, pg_dump's `SET` and
 * `set_config` preamble (and the `SET default_tablespace` lines between objects) and `setval` calls.
 *
 * Only lines that start a top-level statement are dropped: a line inside a dollar-quoted function
 * body or a string literal is kept whatever it looks like. Line endings become `\n`, trailing
 * blank lines are trimmed to one newline and runs of blank lines left behind collapse to two.
 */

const VERSION_COMMENT = /^-- (Dumped from database version|Dumped by pg_dump version|Started on|Completed on)\b/;
const TOC_COMMENT = /^-- TOC entry \d+ \(class \d+ OID \d+\)$/;
const PREAMBLE_STATEMENT = /^(SET\s+[A-Za-z_.]+\s*(=|TO)\s*.*;|SELECT pg_catalog\.(set_config|setval)\(.*\);)\s*$/i;

export function normalizeDump(sql: string): string {
  const lines = sql.replace(/\r\n?/g, '\n').split('\n');
  const scanner = new StatementScanner();
  const kept: string[] = [];
  for (const line of lines) {
    const atTopLevel = scanner.atStatementStart();
    if (atTopLevel && isNoise(line)) continue;
    scanner.feed(line);
    kept.push(line);
  }
  return collapseBlankLines(kept).join('\n');
}

function isNoise(line: string): boolean {
  if (line.startsWith('\\')) return true;
  if (VERSION_COMMENT.test(line) || TOC_COMMENT.test(line)) return true;
  return PREAMBLE_STATEMENT.test(line);
}

function collapseBlankLines(lines: string[]): string[] {
  const out: string[] = [];
  let blanks = 0;
  for (const line of lines) {
    if (line.trim() === '') {
      blanks++;
      if (blanks > 2) continue;
    } else {
      blanks = 0;
    }
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1].trim() === '') out.pop();
  while (out.length > 0 && out[0].trim() === '') out.shift();
  return out.length === 0 ? [] : [...out, ''];
}

/** Characters that can open a quoted string, a dollar-quoted body or a comment. */
const SPECIAL = /['"$/-]/;

type ScanState = 'code' | 'single' | 'double' | 'dollar' | 'block';

/** Tracks, line by line, whether the next line begins outside any statement, string or body. */
export class StatementScanner {
  private state: ScanState = 'code';
  private dollarTag = '';
  private blockDepth = 0;
  private inStatement = false;

  atStatementStart(): boolean {
    return this.state === 'code' && !this.inStatement;
  }

  feed(line: string): void {
    if (this.state === 'code' && !SPECIAL.test(line)) {
      // Nothing that opens a string, body or comment: only semicolons matter.
      const semicolon = line.lastIndexOf(';');
      if (semicolon >= 0) this.inStatement = line.slice(semicolon + 1).trim() !== '';
      else if (line.trim() !== '') this.inStatement = true;
      return;
    }
    let i = 0;
    while (i < line.length) {
      const ch = line[i];
      switch (this.state) {
        case 'code':
          if (ch === '-' && line[i + 1] === '-') {
            i = line.length;
            continue;
          }
          if (ch === '/' && line[i + 1] === '*') {
            this.state = 'block';
            this.blockDepth = 1;
            i += 2;
            continue;
          }
          if (ch === "'") this.state = 'single';
          else if (ch === '"') this.state = 'double';
          else if (ch === '$') {
            const tag = /^\$[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*\$|^\$\$/.exec(line.slice(i));
            if (tag && !/[A-Za-z0-9_]/.test(line[i - 1] ?? '')) {
              this.state = 'dollar';
              this.dollarTag = tag[0];
              this.inStatement = true;
              i += tag[0].length;
              continue;
            }
          }
          if (ch === ';') this.inStatement = false;
          else if (!/\s/.test(ch)) this.inStatement = true;
          i++;
          break;
        case 'single':
          if (ch === "'") this.state = 'code';
          i++;
          break;
        case 'double':
          if (ch === '"') this.state = 'code';
          i++;
          break;
        case 'dollar':
          if (ch === '$' && line.startsWith(this.dollarTag, i)) {
            this.state = 'code';
            i += this.dollarTag.length;
          } else {
            i++;
          }
          break;
        case 'block':
          if (ch === '*' && line[i + 1] === '/') {
            this.blockDepth--;
            if (this.blockDepth === 0) this.state = 'code';
            i += 2;
          } else if (ch === '/' && line[i + 1] === '*') {
            this.blockDepth++;
            i += 2;
          } else {
            i++;
          }
          break;
      }
    }
  }
}
