/**
 * Risk rules, one function per situation, each returning the risk and a one-line reason.
 *
 * destructive: can lose data or break code running today (drops, renames, failing type changes,
 *   SET NOT NULL, a view losing an output column).
 * locking: may lock or rewrite depending on how the migration ran (a new index unless built
 *   CONCURRENTLY, a new foreign key or check unless added NOT VALID then validated, rewrites).
 * safe: the rest.
 */
import { formatBytes } from '../basics/format.js';
import type { ColumnModel, ConstraintModel } from './model.js';
import type { Risk } from './types.js';

export interface Assessment {
  risk: Risk;
  reason: string;
}

const safe = (reason: string): Assessment => ({ risk: 'safe', reason });
const locking = (reason: string): Assessment => ({ risk: 'locking', reason });
const destructive = (reason: string): Assessment => ({ risk: 'destructive', reason });

export const DROPPED_RISK = {
  table: destructive('drops the table and its data'),
  column: destructive("drops the column's data; code that reads or writes it breaks"),
  view: destructive('code that queries the view breaks'),
  materialized_view: destructive('code that queries the materialized view breaks; its data is gone'),
  function: destructive('code that calls the function breaks'),
  type: destructive('columns and code using the type break'),
  enum_value: destructive('rows holding the value must change first; code writing it breaks'),
  sequence: destructive('code calling nextval on the sequence breaks'),
  extension: destructive("drops the extension's functions, types and operators"),
  schema: destructive('drops the schema; code qualifying names with it breaks'),
  index: safe('drops an index: rules relax, some queries may slow down'),
  constraint: safe('drops a constraint: the rule it enforced is gone'),
  trigger: safe('drops a trigger: its side effects stop'),
} as const;

export const RENAMED_RISK = destructive('code using the old name breaks');

/**
 * A rename's risk by kind. Code names tables, columns, views, functions, types and sequences, so
 * their renames break it; no query names an index or a trigger, and only a few statements name a
 * constraint, so renaming one of those changes neither the data nor what the columns hold.
 */
export function renamedRisk(kind: string): Assessment {
  if (kind === 'index')
    return safe('renames the index: queries never name one; a later statement that does must use the new name');
  if (kind === 'trigger') return safe('renames the trigger: it fires as before');
  if (kind === 'constraint')
    return locking(
      'renames the constraint under a brief ACCESS EXCLUSIVE lock; code that names it (ON CONFLICT ON CONSTRAINT, error handlers matching its name) must follow',
    );
  return RENAMED_RISK;
}

const ADDED = safe('new object; nothing existing depends on it');

export function addedRisk(kind: string): Assessment {
  if (kind === 'enum_value') return safe('ALTER TYPE … ADD VALUE: existing rows are untouched');
  return ADDED;
}

/** Default expressions that Postgres must evaluate per row, forcing a rewrite when a column is added. */
const VOLATILE_DEFAULT =
  /\b(nextval|random|gen_random_uuid|uuid_generate_v[14]|uuidv[47]|clock_timestamp|timeofday|txid_current)\s*\(/i;

export function columnAddedRisk(column: ColumnModel): Assessment {
  const hasDefault = column.defaultKey !== undefined || column.identity !== undefined || !!column.generatedKey;
  if (column.notNull && !hasDefault) {
    return destructive('NOT NULL without a default: fails on a non-empty table, and INSERTs that omit it fail');
  }
  if (column.identity)
    return locking('identity column: fills every row, rewriting the table under an ACCESS EXCLUSIVE lock');
  if (column.generatedKey) return locking('stored generated column: rewrites the table under an ACCESS EXCLUSIVE lock');
  if (column.defaultText && VOLATILE_DEFAULT.test(column.defaultText)) {
    return locking('volatile default: rewrites the table under an ACCESS EXCLUSIVE lock');
  }
  return safe(
    column.defaultKey ? 'constant default: a metadata-only change' : 'nullable column: a metadata-only change',
  );
}

export function setNotNullRisk(): Assessment {
  return destructive('SET NOT NULL: fails if a row holds NULL, and INSERTs that omit the column break');
}

export function newConstraintRisk(constraint: ConstraintModel): Assessment {
  switch (constraint.type) {
    case 'foreign key':
      return constraint.notValid
        ? safe('added NOT VALID: existing rows are not checked')
        : locking('checks every row under a SHARE ROW EXCLUSIVE lock unless added NOT VALID then validated');
    case 'check':
      if (constraint.notValid) return safe('added NOT VALID: existing rows are not checked, new writes are');
      if (isNotNullCheck(constraint)) {
        return destructive('CHECK (… IS NOT NULL) validated on existing rows: fails on NULLs, like SET NOT NULL');
      }
      return locking('checks every row under an ACCESS EXCLUSIVE lock unless added NOT VALID then validated');
    case 'primary key':
    case 'unique':
    case 'exclusion':
      return locking('builds an index under an ACCESS EXCLUSIVE lock unless built CONCURRENTLY and added USING INDEX');
    default:
      return locking('may check every row of the table');
  }
}

export function constraintValidatedRisk(constraint: ConstraintModel): Assessment {
  if (constraint.type === 'check' && isNotNullCheck(constraint)) {
    return destructive('VALIDATE of CHECK (… IS NOT NULL): fails on NULLs, the same risk as SET NOT NULL');
  }
  return safe('VALIDATE CONSTRAINT: scans under a SHARE UPDATE EXCLUSIVE lock; reads and writes go on');
}

function isNotNullCheck(constraint: ConstraintModel): boolean {
  return /^CHECK\s*\(+\s*[\w"]+\s+IS\s+NOT\s+NULL\s*\)+/i.test(constraint.text);
}

export const INDEX_ADDED_RISK = locking('CREATE INDEX blocks writes to the table unless built CONCURRENTLY');
export const INDEX_ALTERED_RISK = locking('index rebuilt: blocks writes to the table unless built CONCURRENTLY');

export function persistenceRisk(after: 'permanent' | 'unlogged'): Assessment {
  return after === 'unlogged'
    ? destructive('SET UNLOGGED: rewrites the table; its data is lost after a crash and not replicated')
    : locking('SET LOGGED: rewrites the table under an ACCESS EXCLUSIVE lock');
}

export { destructive, locking, safe };

/** A table's size as read from the branch: the planner's row estimate (or a count) and its total size. */
export interface TableSize {
  rows: number;
  bytes: number;
  /** The count stopped at its cap: the table holds at least `rows` rows. */
  atLeast?: boolean;
}

/** What the migration statement said about a change (see src/migrations/match.ts), with its place. */
export interface StatementFacts {
  /** `file:line` of the statement that made the change. */
  at: string;
  concurrently?: boolean;
  notValid?: boolean;
  /** `file:line` of the VALIDATE CONSTRAINT that followed a NOT VALID. */
  validatedAt?: string;
  usingIndex?: string;
  using?: string;
  usingIsPlainCast?: boolean;
  explicitRename?: boolean;
}

/**
 * The risk once the statement and the table's size are known. The statement settles what the dump
 * could not (how an index was built, NOT VALID then VALIDATE, an explicit conversion); then a
 * locking change on a table under `smallTableRows` rows is safe (the lock is brief), and above it
 * the reason says how big the table is; a destructive change says what is at stake.
 */
export function settleRisk(
  change: { kind: string; action: string; object: string; risk: Risk; reason: string },
  facts: { statement?: StatementFacts; size?: TableSize },
  smallTableRows: number,
): Assessment {
  const base = facts.statement ? fromStatement(change, facts.statement) : { risk: change.risk, reason: change.reason };
  const size = facts.size;
  if (!size) return base;
  const shown = describeSize(size);
  if (base.risk === 'locking') {
    if (!size.atLeast && size.rows < smallTableRows) return safe(`${formatRows(size.rows)}: the lock is brief`);
    return locking(`${shown}: ${lockingReason(change, facts.statement, base.reason)}`);
  }
  if (base.risk === 'destructive') {
    if (change.kind === 'column' && change.action === 'dropped')
      return destructive(`drops ${change.object}: ${shown}; ${base.reason}`);
    return destructive(`${shown}: ${base.reason}`);
  }
  return base;
}

function fromStatement(
  change: { kind: string; action: string; risk: Risk; reason: string },
  s: StatementFacts,
): Assessment {
  const same = { risk: change.risk, reason: change.reason };
  if (change.kind === 'index' && (change.action === 'added' || change.action === 'altered') && s.concurrently) {
    return safe('built CONCURRENTLY: reads and writes go on during the build');
  }
  if (change.kind === 'constraint' && change.action === 'added') {
    if (s.usingIndex) return safe(`USING INDEX ${s.usingIndex}: takes over an index built beforehand; a brief lock`);
    if (s.notValid && s.validatedAt && change.risk !== 'destructive') {
      return safe(
        `added NOT VALID, then validated at ${s.validatedAt}: the scan takes a SHARE UPDATE EXCLUSIVE lock; writes go on`,
      );
    }
  }
  // USING computes every value anew: whatever it says, the old values may be altered or lost (only
  // a plain cast of the column, settled above by the type change's own class, is provably harmless)
  if (change.kind === 'column' && change.action === 'altered' && s.using !== undefined && !s.usingIsPlainCast) {
    return destructive(
      `converted by USING ${clipSql(s.using)}: every value is replaced by the expression's result, so values can change or be lost; every row rewritten under an ACCESS EXCLUSIVE lock`,
    );
  }
  if (change.action === 'renamed' && s.explicitRename)
    return { risk: renamedRisk(change.kind).risk, reason: `explicit RENAME: ${change.reason}` };
  return same;
}

/** The locking reason for a table big enough to matter; a plain CREATE INDEX says what to do instead. */
function lockingReason(
  change: { kind: string; action: string },
  statement: StatementFacts | undefined,
  reason: string,
): string {
  if (change.kind === 'index' && change.action === 'added' && statement && !statement.concurrently) {
    return 'a plain CREATE INDEX blocks writes for the whole build; build it CONCURRENTLY';
  }
  return reason;
}

function clipSql(sql: string): string {
  return sql.length > 60 ? `${sql.slice(0, 59)}…` : sql;
}

/** `12 rows`, `9,500 rows`, `48.3 k rows`, `2.1 M rows`, with the total size: `2.1 M rows, 1.3 GB`. */
export function describeSize(size: TableSize): string {
  return `${size.atLeast ? '≥ ' : ''}${formatRows(size.rows)}, ${formatBytes(size.bytes)}`;
}

export function formatRows(rows: number): string {
  const n = Math.max(0, Math.round(rows));
  if (n === 1) return '1 row';
  if (n < 10_000) return `${n.toLocaleString('en-US')} rows`;
  if (n < 1_000_000) return `${trim(n / 1_000)} k rows`;
  if (n < 1_000_000_000) return `${trim(n / 1_000_000)} M rows`;
  return `${trim(n / 1_000_000_000)} B rows`;
}

/** One decimal below 100, none above: 2.1, 48.3, 512. */
function trim(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}
