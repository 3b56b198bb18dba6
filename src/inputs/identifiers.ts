/**
 * Names that enter from inputs (branch, snapshot, database, role names; masking-rule identifiers)
 * are checked here, before any request: no control characters (so no line breaks), no Unicode line
 * or paragraph separators and no bidirectional controls, which would reorder the text around them
 * in a log or a comment. Neon takes any other character in a branch name (1 to 256 of them).
 */
import { InputError, shown } from './errors.js';

/** C0/C1 controls (CR and LF among them), U+2028/U+2029, and the bidi embeddings, overrides, isolates and marks. */
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;

/** What is wrong with `value` as a name, or null. */
export function nameProblem(value: string, maxLength?: number): string | null {
  if (value.length === 0) return 'must not be empty';
  if (maxLength !== undefined && value.length > maxLength)
    return `must be at most ${maxLength} characters long, got ${value.length}`;
  const bad = FORBIDDEN.exec(value);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `must not contain control, line-separator or bidirectional characters (found U+${code} at position ${bad.index + 1})`;
  }
  return null;
}

/** Throws an InputError naming `input` when `value` is not an acceptable name; returns it otherwise. */
export function checkName<T extends string | undefined>(input: string, value: T, maxLength?: number): T {
  if (value === undefined) return value;
  const problem = nameProblem(value, maxLength);
  if (problem) throw new InputError(input, `${problem}; got ${shown(value)}`);
  return value;
}

/** Neon's limit on a branch name. */
export const MAX_BRANCH_NAME = 256;
/** PostgreSQL's limit on an identifier, in bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63;
