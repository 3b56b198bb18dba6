/**
 * Statements that remove data without changing the schema: `TRUNCATE`, `DELETE`, `UPDATE … SET
 * col = NULL`, a type change whose `USING` never reads the column. The dumps before and after are
 * the same (or differ only in the type), so the review would not see the loss; the migration's
 * parse tree does, and the rehearsal (when it ran) says how many rows the statement touched. Each
 * is a destructive change of its table or column, whatever else the review thinks of that object.
 */
import type { Change } from '../schema/types.js';
import type { Effect } from './effects.js';

/** What data-loss reads of a rehearsal's report (rehearsal/types' RehearsalReport): each statement's outcome and rows. */
export interface MeasuredStatements {
  database: string;
  statements: readonly { file: string; line: number; status: string; command?: string; rowCount?: number }[];
}

/** The changes with every data-removing statement's change made destructive (added where the dumps show none). */
export function withDataLoss(
  changes: readonly Change[],
  effects: readonly Effect[],
  database: string,
  rehearsal?: MeasuredStatements,
): Change[] {
  const out = [...changes];
  for (const effect of effects) {
    if (effect.action !== 'data' || !effect.removesData) continue;
    const { file, line } = effect.statement;
    const measured =
      rehearsal &&
      (rehearsal.database === database
        ? rehearsal.statements.find((s) => s.file === file && s.line === line)
        : undefined);
    const rows =
      measured?.status === 'ok' && measured.rowCount !== undefined && measured.command !== 'TRUNCATE'
        ? `; in rehearsal: ${measured.rowCount.toLocaleString('en-US')} row(s)`
        : '';
    const reason = `${effect.removesData} (${file}:${line})${rows}`;
    const at = out.findIndex(
      (c) => c.database === database && c.kind === effect.kind && c.object === effect.object && c.action !== 'added',
    );
    if (at >= 0) {
      const c = out[at]!;
      if (!c.destructive) out[at] = { ...c, risk: 'destructive', destructive: true, reason: `${reason}; ${c.reason}` };
      continue;
    }
    out.push({
      kind: effect.kind,
      action: 'altered',
      object: effect.object,
      risk: 'destructive',
      reason,
      destructive: true,
      database,
      detail: oneLine(effect.statement.sql),
      file,
      line,
    });
  }
  return out;
}

function oneLine(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? `${one.slice(0, 119)}…` : one;
}
