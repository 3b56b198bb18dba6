/**
 * What a rehearsal's measurements say about a statement, in the review's terms: the strongest lock
 * it held on a relation others use, for how long, and whether it blocks writes (SHARE and stronger:
 * then the change is `locking` however briefly it held it; the hold is the severity in the reason,
 * so the same migration gets the same class on a fast runner and a slow one). A change the review mapped to a statement takes its risk from this where there is a
 * measurement, and keeps the class-based guess where there is none.
 */
import { formatDuration } from '../basics/format.js';
import { durationInput } from '../inputs/duration.js';
import type { Risk } from '../schema/types.js';
import { sqlModeRank } from './probe.js';
import type { MeasuredLock, RehearsalReport, StatementResult } from './types.js';

/** Over this long a statement or a lock is worth a reviewer's eye. */
export const LONG_MS = 1_000;
const ROW_EXCLUSIVE = sqlModeRank('ROW EXCLUSIVE');
/** SHARE and stronger block writes (SHARE UPDATE EXCLUSIVE does not). */
const SHARE = sqlModeRank('SHARE');

/** The strongest lock on a relation the migration did not make itself (ties: the one held longest). */
export function strongestLock(s: StatementResult): MeasuredLock | undefined {
  return s.locks
    .filter((l) => !l.created)
    .sort((a, b) => sqlModeRank(b.mode) - sqlModeRank(a.mode) || b.heldMs - a.heldMs)[0];
}

/** For the comment's table: a lock stronger than ROW EXCLUSIVE, or over a second. */
export function isNotable(s: StatementResult): boolean {
  if (s.status !== 'ok') return false;
  const lock = strongestLock(s);
  return (lock !== undefined && sqlModeRank(lock.mode) > ROW_EXCLUSIVE) || s.ms >= LONG_MS;
}

/** How long the statement kept others waiting: its strongest lock's hold, else its own time. */
export function heldMs(s: StatementResult): number {
  return strongestLock(s)?.heldMs ?? s.ms;
}

export function formatRows(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')} M`;
  return n.toLocaleString('en-US');
}

function lockPhrase(lock: MeasuredLock): string {
  const rows = lock.rows === undefined ? '' : ` (${formatRows(lock.rows)} rows)`;
  return `${lock.mode} on ${lock.relation}${rows}`;
}

export interface Measured {
  risk: Risk;
  reason: string;
}

/** The measured risk of a change whose statement ran (or failed); undefined when nothing was measured. */
export function measuredRisk(
  s: StatementResult,
  classRisk: Risk,
  classReason: string,
  report: Pick<RehearsalReport, 'timeoutMs'>,
): Measured | undefined {
  const measured = measuredOnly(s, classRisk, classReason, report);
  // a measurement raises a risk, never lowers one below what the change is: a destructive change
  // stays destructive however briefly (or however long) it ran
  if (measured && classRisk === 'destructive' && measured.risk !== 'destructive')
    return { risk: 'destructive', reason: `${classReason}; ${measured.reason}` };
  return measured;
}

function measuredOnly(
  s: StatementResult,
  classRisk: Risk,
  classReason: string,
  report: Pick<RehearsalReport, 'timeoutMs'>,
): Measured | undefined {
  if (s.status === 'failed')
    return {
      risk: 'destructive',
      reason: `measured: fails on the parent's data at line ${s.errorLine ?? s.line}: ${s.error ?? 'error'}`,
    };
  if (s.status === 'timeout')
    return {
      risk: 'locking',
      reason: `measured: ran longer than the rehearsal-timeout (${durationInput(report.timeoutMs)})`,
    };
  if (s.status !== 'ok') return undefined;
  const lock = strongestLock(s);
  const rewrite = s.rewrite ? `, rewrote ${s.rewritten.join(', ')}` : '';
  if (!lock) {
    const what = `measured: ran ${formatDuration(s.ms)}${s.transaction ? '' : ' on its own (its locks end with it, so they are not seen)'}${rewrite}`;
    return { risk: classRisk, reason: classRisk === 'safe' ? classReason : `${classReason}; ${what}` };
  }
  const blocksWrites = sqlModeRank(lock.mode) >= SHARE;
  const held = `measured: held ${lockPhrase(lock)} ${formatDuration(lock.heldMs)}${rewrite}`;
  if (classRisk === 'destructive')
    return {
      risk: 'destructive',
      reason: `${classReason}; ${blocksWrites ? `measured: ${blockedPhrase(lock)}${rewrite}` : held}`,
    };
  // the class follows what the lock blocks, never how fast this machine was: a brief hold is the severity
  if (blocksWrites) return { risk: 'locking', reason: `measured: ${blockedPhrase(lock)}${rewrite}` };
  if (s.rewrite) return { risk: 'locking', reason: held };
  return { risk: 'safe', reason: `${held}: reads and writes go on` };
}

/** `blocked writes to public.big for 24 ms on 60,000 rows (SHARE)`: what others felt, how long, on how much. */
export function blockedPhrase(lock: MeasuredLock): string {
  const what = lock.mode === 'ACCESS EXCLUSIVE' ? 'reads and writes of' : 'writes to';
  const rows = lock.rows === undefined ? '' : ` on ${formatRows(lock.rows)} rows`;
  return `blocked ${what} ${lock.relation} for ${formatDuration(lock.heldMs)}${rows} (${lock.mode})`;
}

/** A change as the review mapped it to a statement of the PR's migration files. */
export interface MappedChange {
  database?: string;
  file?: string;
  line?: number;
  risk: Risk;
  reason: string;
  destructive: boolean;
}

/** The changes with measured risks where their statement was measured; the rest unchanged. */
export function applyMeasurements<C extends MappedChange>(
  changes: readonly C[],
  report: RehearsalReport | undefined,
): C[] {
  if (!report || report.statements.length === 0) return [...changes];
  const byPlace = new Map(report.statements.map((s) => [`${s.file}:${s.line}`, s]));
  return changes.map((c) => {
    const here = c.database === undefined || c.database === report.database;
    const s = here && c.file !== undefined && c.line !== undefined ? byPlace.get(`${c.file}:${c.line}`) : undefined;
    const m = s && measuredRisk(s, c.risk, c.reason, report);
    return m ? { ...c, risk: m.risk, reason: m.reason, destructive: m.risk === 'destructive' } : c;
  });
}

/** The statement the migration failed at, if any. */
export function failedStatement(report: RehearsalReport | undefined): StatementResult | undefined {
  return report?.statements.find((s) => s.status === 'failed');
}
