/**
 * How a migration runs in a rehearsal, decided from its statements alone: each file in one
 * transaction, as migration tools run them, except the statements Postgres refuses inside a
 * transaction block, which run on their own between the parts of the file around them. A file that
 * opens and ends transactions itself runs as written.
 *
 * Statements are classified from their parse tree (the same libpg-query grammar that split them),
 * never from patterns over their text: a comment or a quoted name cannot change what a statement
 * is, and the time taken grows with the statement's length, not with its square.
 */
import type { Node } from '../schema/ast.js';
import { loadParser, type Parser } from '../schema/parser.js';
import type { RehearsalStatement } from './types.js';

export type Step =
  | { kind: 'transaction'; file: string; statements: RehearsalStatement[] }
  | { kind: 'alone'; file: string; statement: RehearsalStatement; why: string }
  | { kind: 'as-written'; file: string; statements: RehearsalStatement[] };

/** What the plan needs to know of one statement. */
export interface Classified {
  /** BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT. */
  transactionControl: boolean;
  /** Why Postgres refuses it inside a transaction block; `before`: only on servers older than this version. */
  outside?: { why: string; before?: number };
}

const NOTHING: Classified = { transactionControl: false };
const CONTROL = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START', 'TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK']);

let shared: Promise<Parser> | undefined;

/** The parser the rehearsal classifies with (loaded once per process when none is given). */
export function planParser(): Promise<Parser> {
  shared ??= loadParser({ optimize: false });
  return shared;
}

/** The statement's class from its parse tree; a statement the grammar refuses is an ordinary one (Postgres will say why). */
export function classify(parser: Parser, sql: string): Classified {
  let node: Node | undefined;
  try {
    node = parser.parse(sql).stmts[0]?.stmt;
  } catch {
    return NOTHING;
  }
  const [type] = Object.keys(node ?? {}) as (keyof Node)[];
  if (!node || !type || !node[type]) return NOTHING;
  const outside = (why: string, before?: number): Classified => ({
    transactionControl: false,
    outside: { why, ...(before ? { before } : {}) },
  });
  switch (type) {
    case 'TransactionStmt':
      return CONTROL.has(node.TransactionStmt!.kind ?? '') ? { transactionControl: true } : NOTHING;
    case 'IndexStmt':
      return node.IndexStmt!.concurrent ? outside('CREATE INDEX CONCURRENTLY') : NOTHING;
    case 'DropStmt': {
      const drop = node.DropStmt!;
      return drop.concurrent && drop.removeType === 'OBJECT_INDEX' ? outside('DROP INDEX CONCURRENTLY') : NOTHING;
    }
    case 'ReindexStmt':
      return (node.ReindexStmt!.params ?? []).some((p) => p?.DefElem?.defname === 'concurrently')
        ? outside('REINDEX CONCURRENTLY')
        : NOTHING;
    case 'AlterTableStmt':
      return (node.AlterTableStmt!.cmds ?? []).some(
        (c) => c?.AlterTableCmd?.subtype === 'AT_DetachPartition' && c.AlterTableCmd.def?.PartitionCmd?.concurrent,
      )
        ? outside('DETACH PARTITION CONCURRENTLY')
        : NOTHING;
    case 'VacuumStmt':
      return node.VacuumStmt!.is_vacuumcmd ? outside('VACUUM') : NOTHING;
    case 'CreatedbStmt':
      return outside('CREATE DATABASE');
    case 'DropdbStmt':
      return outside('DROP DATABASE');
    case 'CreateTableSpaceStmt':
      return outside('CREATE TABLESPACE');
    case 'DropTableSpaceStmt':
      return outside('DROP TABLESPACE');
    case 'AlterSystemStmt':
      return outside('ALTER SYSTEM');
    case 'AlterEnumStmt':
      return node.AlterEnumStmt!.newVal !== undefined && node.AlterEnumStmt!.oldVal === undefined
        ? outside('ALTER TYPE … ADD VALUE before PostgreSQL 12', 120_000)
        : NOTHING;
    default:
      return NOTHING;
  }
}

/** Why Postgres will not run the classified statement inside a transaction block, or undefined when it will. */
export function outsideReason(c: Classified, serverVersionNum = 170_000): string | undefined {
  if (!c.outside) return undefined;
  return c.outside.before === undefined || serverVersionNum < c.outside.before ? c.outside.why : undefined;
}

/** Why Postgres will not run the statement inside a transaction block, or undefined when it will. */
export function outsideTransactionReason(parser: Parser, sql: string, serverVersionNum = 170_000): string | undefined {
  return outsideReason(classify(parser, sql), serverVersionNum);
}

export function isTransactionControl(parser: Parser, sql: string): boolean {
  return classify(parser, sql).transactionControl;
}

/** The steps, file by file in the order given (the caller sorts the files). */
export function planRehearsal(
  parser: Parser,
  statements: readonly RehearsalStatement[],
  serverVersionNum?: number,
): Step[] {
  const classes = new Map(statements.map((s) => [s, classify(parser, s.sql)]));
  const files: { file: string; statements: RehearsalStatement[] }[] = [];
  for (const s of statements) {
    const last = files.at(-1);
    if (last && last.file === s.file) last.statements.push(s);
    else files.push({ file: s.file, statements: [s] });
  }
  const steps: Step[] = [];
  for (const { file, statements: list } of files) {
    if (list.some((s) => classes.get(s)!.transactionControl)) {
      steps.push({ kind: 'as-written', file, statements: list });
      continue;
    }
    let run: RehearsalStatement[] = [];
    const flush = () => {
      if (run.length > 0) steps.push({ kind: 'transaction', file, statements: run });
      run = [];
    };
    for (const s of list) {
      const why = outsideReason(classes.get(s)!, serverVersionNum);
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
