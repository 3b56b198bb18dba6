/**
 * The review's changes once the migration files and the branch's table sizes are known: each
 * change gets the file and line of its statement, the size of its table, and the risk that
 * settleRisk gives it. Pure: the evidence and the sizes are read elsewhere.
 */
import { type StatementFacts, settleRisk, type TableSize } from './risk.js';
import { tableOf } from './table-sizes.js';
import type { Change } from './types.js';

/** A statement's place: its file and line. */
interface StatementPlace {
  file: string;
  line: number;
}

/** What the migration statement that made a change says about it (migrations/match reads it from the parse tree). */
export interface StatementEvidence {
  /** The statement that made the change. */
  statement: StatementPlace;
  concurrently?: boolean;
  notValid?: boolean;
  /** The later `VALIDATE CONSTRAINT` of a constraint added NOT VALID. */
  validatedBy?: StatementPlace;
  usingIndex?: string;
  using?: string;
  usingIsPlainCast?: boolean;
  /** The change is a rename the migration spelled out. */
  explicitRename?: boolean;
}

export interface SettleInput {
  evidence?: ReadonlyMap<Change, StatementEvidence>;
  /** Sizes by `schema.table`; undefined when they could not be read. */
  sizes?: ReadonlyMap<string, TableSize>;
  smallTableRows: number;
}

export function settleChanges(changes: readonly Change[], input: SettleInput): Change[] {
  const known = input.sizes ? new Set(input.sizes.keys()) : undefined;
  return changes.map((change) => {
    const evidence = input.evidence?.get(change);
    const table = known ? tableOf(change, known) : undefined;
    const size =
      table !== undefined && !(change.kind === 'table' && change.action === 'dropped')
        ? input.sizes?.get(table)
        : undefined;
    if (!evidence && !size) return change;
    const statement = evidence ? factsOf(evidence) : undefined;
    const settled = settleRisk(
      change,
      { ...(statement ? { statement } : {}), ...(size ? { size } : {}) },
      input.smallTableRows,
    );
    return {
      ...change,
      risk: settled.risk,
      reason: settled.reason,
      destructive: settled.risk === 'destructive',
      ...(evidence ? { file: evidence.statement.file, line: evidence.statement.line } : {}),
      // a statement of the PR names the object: its identity is no longer a guess from the dumps
      ...(evidence && change.identity === 'inferred' ? { identity: 'statement' as const } : {}),
      ...(size ? { rows: size.rows, bytes: size.bytes } : {}),
    };
  });
}

function factsOf(e: StatementEvidence): StatementFacts {
  return {
    at: `${e.statement.file}:${e.statement.line}`,
    ...(e.concurrently ? { concurrently: true } : {}),
    ...(e.notValid ? { notValid: true } : {}),
    ...(e.validatedBy ? { validatedAt: `${e.validatedBy.file}:${e.validatedBy.line}` } : {}),
    ...(e.usingIndex ? { usingIndex: e.usingIndex } : {}),
    ...(e.using !== undefined ? { using: e.using } : {}),
    ...(e.usingIsPlainCast ? { usingIsPlainCast: true } : {}),
    ...(e.explicitRename ? { explicitRename: true } : {}),
  };
}
