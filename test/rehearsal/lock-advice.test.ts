/** Issue 24: lock_timeout advice for statements that block writes on tables with rows, read from a rehearsal report. */
import { describe, expect, it } from 'vitest';
import { lockAdvice, lockTimeoutFor, setsLockTimeout } from '../../src/rehearsal/lock-advice.js';
import type { MeasuredLock, RehearsalReport, StatementResult } from '../../src/rehearsal/types.js';

const lock = (over: Partial<MeasuredLock>): MeasuredLock => ({
  relation: 'public.big',
  mode: 'ACCESS EXCLUSIVE',
  heldMs: 24,
  kind: 'table',
  created: false,
  rows: 60_000,
  ...over,
});
const statement = (line: number, sql: string, locks: MeasuredLock[] = []): StatementResult => ({
  file: 'db/1.sql',
  line,
  endLine: line,
  sql,
  status: 'ok',
  ms: 5,
  transaction: true,
  locks,
  rewrite: false,
  rewritten: [],
});
const report = (statements: StatementResult[]): RehearsalReport => ({
  outcome: 'completed',
  database: 'neondb',
  branch: { id: 'br', name: 'x' },
  base: { branch: 'main' },
  timeoutMs: 60_000,
  statementsMs: 10,
  statements,
});

describe('lockAdvice', () => {
  it('advises the value for a blocking lock on a table with rows, with no lock_timeout set before it', () => {
    const advice = lockAdvice(
      report([
        statement(1, 'ALTER TABLE big DROP COLUMN note', [lock({})]),
        statement(2, 'CREATE INDEX big_v ON big (v)', [lock({ mode: 'SHARE', heldMs: 1_700 })]),
      ]),
    );
    expect(advice).toEqual([
      expect.objectContaining({ line: 1, relation: 'public.big', mode: 'ACCESS EXCLUSIVE', lockTimeout: "'100ms'" }),
      expect.objectContaining({ line: 2, mode: 'SHARE', heldMs: 1_700, lockTimeout: "'2s'" }),
    ]);
  });

  it('gives none after a SET lock_timeout, on an empty table, for a table the migration made, or for locks that let writes go on', () => {
    expect(
      lockAdvice(report([statement(1, "SET lock_timeout = '2s'"), statement(2, 'ALTER TABLE big …', [lock({})])])),
    ).toEqual([]);
    expect(
      lockAdvice(
        report([
          statement(1, 'ALTER TABLE e …', [lock({ rows: 0 })]),
          statement(2, 'ALTER TABLE n …', [lock({ created: true })]),
          statement(3, 'VALIDATE …', [lock({ mode: 'SHARE UPDATE EXCLUSIVE' })]),
          statement(4, 'UPDATE …', [lock({ mode: 'ROW EXCLUSIVE' })]),
        ]),
      ),
    ).toEqual([]);
  });

  it("takes the rows of a table the migration dropped from the copy's count before it ran", () => {
    const dropped = statement(1, 'DROP TABLE old', [lock({ relation: 'public.old', rows: undefined })]);
    expect(lockAdvice(report([dropped]))).toEqual([]);
    const counted = { ...report([dropped]), tables: [{ table: 'public.old', rows: 500 }] };
    expect(lockAdvice(counted)).toEqual([expect.objectContaining({ relation: 'public.old', rows: 500 })]);
  });

  it('reads SET LOCAL and set_config, not a comment that mentions it', () => {
    expect(setsLockTimeout("SET LOCAL lock_timeout TO '1s'")).toBe(true);
    expect(setsLockTimeout("SELECT set_config('lock_timeout', '1s', false)")).toBe(true);
    expect(setsLockTimeout('-- SET lock_timeout later\nALTER TABLE big ADD c int')).toBe(false);
  });

  it('derives the value from the measured hold: the next round figure, from 100 ms to 5 s', () => {
    expect([3, 150, 400, 999, 1_500, 4_000, 14_200].map(lockTimeoutFor)).toEqual([
      "'100ms'",
      "'200ms'",
      "'500ms'",
      "'1s'",
      "'2s'",
      "'5s'",
      "'5s'",
    ]);
  });
});
