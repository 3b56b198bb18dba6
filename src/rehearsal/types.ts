/**
 * The vocabulary of a rehearsal: the PR's migration run statement by statement on a throwaway copy
 * of the parent, with what was measured for each statement. `RehearsalReport` is the `rehearsal`
 * output (JSON) and what the comment section is drawn from.
 */

/** One statement of a migration file, as the migrations module splits it. */
export interface RehearsalStatement {
  /** Repository path of the migration file. */
  file: string;
  /** 1-based line of the statement's first character. */
  line: number;
  endLine: number;
  sql: string;
}

/** A lock the statement took (or made stronger), as pg_locks shows it for the rehearsal's own backend. */
export interface MeasuredLock {
  /** `schema.name` of the relation. */
  relation: string;
  /** Postgres's name of the mode, upper case with spaces: `ACCESS EXCLUSIVE`, `SHARE`, `ROW EXCLUSIVE`. */
  mode: string;
  /** From the start of the statement that took it until it was let go (its transaction's end). */
  heldMs: number;
  /** `table`, `index`, `materialized view`, `partitioned table`, `partitioned index`. */
  kind: string;
  /** Made by the migration itself (nobody else can be waiting on it). */
  created: boolean;
  /** Rows of the table (`reltuples`, or an exact count where Postgres has no estimate yet). */
  rows?: number;
  /** `estimate` (reltuples) or `count` (count(*) after the rehearsal). */
  rowsFrom?: 'estimate' | 'count';
}

export interface CountedCost {
  /** The change and measure counted (costKey of src/costs/requests.ts). */
  key: string;
  measure: 'loses' | 'violations';
  unit: 'rows' | 'values';
  table: string;
  n: number;
}

export type StatementStatus = 'ok' | 'failed' | 'timeout' | 'cancelled' | 'not-run';

export interface StatementResult {
  file: string;
  line: number;
  endLine: number;
  /** The statement, cut to 500 characters. */
  sql: string;
  status: StatementStatus;
  /** Wall time of the statement alone (probes excluded); 0 when not run. */
  ms: number;
  /** Ran inside a transaction (the file's, or the one the rehearsal opened for the file). */
  transaction: boolean;
  /** Locks this statement took or made stronger and held after it (released ones are not visible). */
  locks: MeasuredLock[];
  /** It rewrote at least one existing table (its relfilenode changed). */
  rewrite: boolean;
  /** The tables rewritten, `schema.name`. */
  rewritten: string[];
  /**
   * For a failed statement: its SQLSTATE and the error's class (Postgres's message only with
   * rehearsal-error-details, never on an anonymized preview); for a timeout, what ran out.
   */
  error?: string;
  /** SQLSTATE of the error. */
  sqlstate?: string;
  /** The command tag Postgres answered (`DELETE`, `UPDATE`, `TRUNCATE TABLE`), for a statement that ran. */
  command?: string;
  /** The rows its command tag counts (rows deleted, updated, inserted), where Postgres gives one. */
  rowCount?: number;
  /** For a failed statement: the line Postgres's error position points at, else the statement's first line. */
  errorLine?: number;
}

/** `error`: the rehearsal could not run at all (no branch, no connection); `error` says why. */
export type RehearsalOutcome = 'completed' | 'failed' | 'timeout' | 'cancelled' | 'error';

export interface RehearsalReport {
  outcome: RehearsalOutcome;
  database: string;
  /** The throwaway branch (deleted at the end). */
  branch: { id: string; name: string };
  /** What the copy was taken from: the base branch and its point (`fork` LSN or head). */
  base: { branch: string; lsn?: string; timestamp?: string; fork?: boolean; takenAt?: string };
  /**
   * What the changes cost on the copy, counted before the migration ran: rows a dropped table
   * loses, values a dropped column loses, rows that break a rule the PR adds. Counts only.
   */
  costs?: CountedCost[];
  /** Rows of the tables the counts read, on the copy before the migration ran. */
  tables?: { table: string; rows: number }[];
  /** The base's schema at its head differs from the fork point's (another migration merged since). */
  baseMoved?: boolean;
  /** Where head and fork point differ in the tables the migration touches: rows the preview's run never saw. */
  sinceFork?: { table: string; rows: number }[];
  /** `rehearsal-timeout` in milliseconds. */
  timeoutMs: number;
  /** Sum of the statements' own times. */
  statementsMs: number;
  /** Everything else the rehearsal cost: branch, compute, connection, probes, deletion (when measured). */
  overheadMs?: number;
  statements: StatementResult[];
  /** Why the rehearsal could not run (outcome `error`). */
  error?: string;
  /** Whether the throwaway branch was deleted (false: it expires on its own, and cleanup's sweep removes it). */
  deleted?: boolean;
}
