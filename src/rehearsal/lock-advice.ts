/**
 * lock_timeout advice: a statement that takes a lock blocking writes (ACCESS EXCLUSIVE, EXCLUSIVE,
 * SHARE ROW EXCLUSIVE, SHARE) on a table that holds rows, in a migration that set no lock_timeout
 * before it, waits behind any long query on that table in production, and every read and write
 * queues behind it meanwhile. The advice gives the value to set, from the measured hold: the
 * statement itself blocks writes that long, so letting it wait about as long again (rounded up to
 * a round figure, from 100 ms to 5 s) at most doubles the stall, and a lock it cannot get fails the
 * migration cleanly, to be retried, instead of stopping the table. Pure: reads the rehearsal's report.
 */
import type { MeasuredLock, RehearsalReport, StatementResult } from './types.js';

export interface LockAdvice {
  file: string;
  line: number;
  relation: string;
  mode: string;
  rows: number;
  heldMs: number;
  /** What to set before the statement, as Postgres reads it: `'500ms'`, `'2s'`. */
  lockTimeout: string;
}

/** Lock modes that block writes (SHARE and stronger). */
const BLOCKS_WRITES = new Set(['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']);
const RANK = ['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'];
const STEPS_MS = [100, 200, 500, 1_000, 2_000, 5_000];

/** `SET lock_timeout`, `SET LOCAL lock_timeout`, `set_config('lock_timeout', …)`, outside comments. */
export function setsLockTimeout(sql: string): boolean {
  const code = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  return /\bSET\s+(?:LOCAL\s+|SESSION\s+)?lock_timeout\b/i.test(code) || /set_config\s*\(\s*'lock_timeout'/i.test(code);
}

/**
 * The value to set for a measured hold: the next round figure at or above it, at least 100 ms and
 * at most 5 s (a longer hold is the statement's own work, a rewrite: waiting longer for the lock
 * only lengthens the queue in front of it).
 */
export function lockTimeoutFor(heldMs: number): string {
  const ms = STEPS_MS.find((s) => s >= heldMs) ?? 5_000;
  return ms < 1_000 ? `'${ms}ms'` : `'${ms / 1_000}s'`;
}

function blockingLock(s: StatementResult, rows: ReadonlyMap<string, number>): MeasuredLock | undefined {
  return s.locks
    .map((l) => (l.rows === undefined && rows.has(l.relation) ? { ...l, rows: rows.get(l.relation)! } : l))
    .filter((l) => !l.created && BLOCKS_WRITES.has(l.mode) && (l.rows ?? 0) > 0)
    .sort((a, b) => RANK.indexOf(b.mode) - RANK.indexOf(a.mode) || b.heldMs - a.heldMs)[0];
}

/** One advice per statement that needs it, in the migration's order. */
export function lockAdvice(report: RehearsalReport | undefined): LockAdvice[] {
  if (!report) return [];
  const out: LockAdvice[] = [];
  let set = false;
  // a table the migration dropped has no rows to read afterwards: the copy's count before it ran says
  const rows = new Map((report.tables ?? []).map((t) => [t.table, t.rows]));
  for (const s of report.statements) {
    if (s.status === 'not-run') break;
    if (setsLockTimeout(s.sql)) set = true;
    if (set || s.status !== 'ok') continue;
    const lock = blockingLock(s, rows);
    if (!lock) continue;
    out.push({
      file: s.file,
      line: s.line,
      relation: lock.relation,
      mode: lock.mode,
      rows: lock.rows ?? 0,
      heldMs: lock.heldMs,
      lockTimeout: lockTimeoutFor(lock.heldMs),
    });
  }
  return out;
}
