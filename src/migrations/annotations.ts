/**
 * Annotations on the migration lines that made risky changes: destructive ones as errors, locking
 * ones as warnings, riskiest and biggest first, at most 10 (GitHub shows no more for a step), after
 * one warning per migration file that did not parse.
 */
import type { Change } from '../schema/types.js';

export const MAX_ANNOTATIONS = 10;

export interface Annotation {
  level: 'error' | 'warning';
  file: string;
  line: number;
  title: string;
  /** One line. */
  message: string;
}

export interface PlannedAnnotations {
  annotations: Annotation[];
  /** Risky changes on a migration line that did not get an annotation. */
  leftOut: number;
}

export function planAnnotations(
  changes: readonly Change[],
  parseErrors: readonly { file: string; line: number; message: string }[] = [],
  max = MAX_ANNOTATIONS,
): PlannedAnnotations {
  const failed: Annotation[] = parseErrors.map((e) => ({
    level: 'warning',
    file: e.file,
    line: e.line,
    title: 'Migration not parsed',
    message: `${oneLine(e.message)}: this statement is left unmatched; the review goes on from the dumps`,
  }));
  const risky = changes
    .filter((c) => c.file !== undefined && c.line !== undefined && c.risk !== 'safe')
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (b.rows ?? -1) - (a.rows ?? -1) ||
        (a.file! < b.file! ? -1 : a.file! > b.file! ? 1 : a.line! - b.line!),
    );
  const forChanges = risky.map(
    (c): Annotation => ({
      level: c.risk === 'destructive' ? 'error' : 'warning',
      file: c.file!,
      line: c.line!,
      title: c.risk === 'destructive' ? 'Destructive schema change' : 'Locking schema change',
      message: oneLine(`${c.kind} ${c.object} ${c.action}: ${c.reason}`),
    }),
  );
  const annotations = [...failed, ...forChanges].slice(0, max);
  return { annotations, leftOut: risky.length - annotations.filter((a) => a.title !== 'Migration not parsed').length };
}

function rank(c: Change): number {
  return c.risk === 'destructive' ? 0 : 1;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
