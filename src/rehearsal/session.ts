/**
 * The one connection a rehearsal runs on, as the runner needs it: simple-query text in, rows out
 * (one result per statement of the text), the transaction status Postgres reported last, and a way
 * to drop the connection mid-statement (a timeout or a cancelled run).
 */
import { firstLine } from '../basics/errors.js';

export type TransactionStatus = 'I' | 'T' | 'E';

export interface SqlSession {
  /** Runs simple-query text; resolves with the rows of each statement in it, in order. */
  query(sql: string): Promise<Record<string, unknown>[][]>;
  /**
   * Runs the migration's own text: rows are dropped as they arrive (a `SELECT` of huge values must
   * not fill the heap); resolves with each command's tag and row count (`DELETE 12` → 12).
   */
  execute?(sql: string): Promise<CommandTag[]>;
  /** `I` idle, `T` in a transaction, `E` in a failed transaction, after the last answer. */
  transactionStatus(): TransactionStatus;
  /** Ends the connection politely. */
  close(): Promise<void>;
  /** Drops the connection at once; a running query rejects. */
  destroy(): void;
}

/** What Postgres said a command did: its tag (`DELETE`, `UPDATE`, `TRUNCATE TABLE`) and row count. */
export interface CommandTag {
  command: string;
  rowCount: number | null;
}

/** A Postgres error as the runner reports it. */
export interface SqlFailure {
  message: string;
  sqlstate?: string;
  /** 1-based character position in the statement, when Postgres gave one. */
  position?: number;
}

export function sqlFailure(e: unknown): SqlFailure {
  const err = e as { message?: string; code?: string; position?: string | number };
  const position = err.position === undefined ? undefined : Number(err.position);
  return {
    message: firstLine(err.message ?? e),
    ...(typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code) ? { sqlstate: err.code } : {}),
    ...(position !== undefined && Number.isFinite(position) && position > 0 ? { position } : {}),
  };
}
