/**
 * How a migration runs in a rehearsal, decided from its statements alone: each file in one
 * transaction, as migration tools run them, except the statements Postgres refuses inside a
 * transaction block, which run on their own between the parts of the file around them. A file that
 * opens and ends transactions itself runs as written.
 */
import type { RehearsalStatement } from './types.js';

export type Step =
  | { kind: 'transaction'; file: string; statements: RehearsalStatement[] }
  | { kind: 'alone'; file: string; statement: RehearsalStatement; why: string }
  | { kind: 'as-written'; file: string; statements: RehearsalStatement[] };

/** Leading comments and blank space, which say nothing about what a statement is. */
const LEADING_NOISE = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)+/;

function head(sql: string): string {
  return sql.replace(LEADING_NOISE, '').replace(/\s+/g, ' ').toUpperCase();
}

const TRANSACTION_CONTROL = /^(?:BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|ABORT)\b(?!\s*\()/;

/** Why Postgres will not run the statement inside a transaction block, or undefined when it will. */
export function outsideTransactionReason(sql: string, serverVersionNum = 170_000): string | undefined {
  const h = head(sql);
  if (/^CREATE (?:UNIQUE )?INDEX CONCURRENTLY\b/.test(h)) return 'CREATE INDEX CONCURRENTLY';
  if (/^DROP INDEX CONCURRENTLY\b/.test(h)) return 'DROP INDEX CONCURRENTLY';
  if (/^REINDEX\b.*\bCONCURRENTLY\b/.test(h) || /^REINDEX \(.*\bCONCURRENTLY\b/.test(h)) return 'REINDEX CONCURRENTLY';
  if (/^ALTER TABLE\b.*\bDETACH PARTITION\b.*\bCONCURRENTLY\b/.test(h)) return 'DETACH PARTITION CONCURRENTLY';
  if (/^VACUUM\b/.test(h)) return 'VACUUM';
  if (/^(?:CREATE|DROP) (?:DATABASE|TABLESPACE)\b/.test(h)) return h.split(' ').slice(0, 2).join(' ');
  if (/^ALTER SYSTEM\b/.test(h)) return 'ALTER SYSTEM';
  if (serverVersionNum < 120_000 && /^ALTER TYPE\b.*\bADD VALUE\b/.test(h)) return 'ALTER TYPE … ADD VALUE before PostgreSQL 12';
  return undefined;
}

export function isTransactionControl(sql: string): boolean {
  return TRANSACTION_CONTROL.test(head(sql));
}

/** The steps, file by file in the order given (the caller sorts the files). */
export function planRehearsal(statements: readonly RehearsalStatement[], serverVersionNum?: number): Step[] {
  const files: { file: string; statements: RehearsalStatement[] }[] = [];
  for (const s of statements) {
    const last = files.at(-1);
    if (last && last.file === s.file) last.statements.push(s);
    else files.push({ file: s.file, statements: [s] });
  }
  const steps: Step[] = [];
  for (const { file, statements: list } of files) {
    if (list.some((s) => isTransactionControl(s.sql))) {
      steps.push({ kind: 'as-written', file, statements: list });
      continue;
    }
    let run: RehearsalStatement[] = [];
    const flush = () => {
      if (run.length > 0) steps.push({ kind: 'transaction', file, statements: run });
      run = [];
    };
    for (const s of list) {
      const why = outsideTransactionReason(s.sql, serverVersionNum);
      if (why === undefined) {
        run.push(s);
        continue;
      }
      flush();
      steps.push({ kind: 'alone', file, statement: s, why });
    }
    flush();
  }
  return steps;
}
