/** Issue 21: a rehearsal's measurement can raise a change's risk, never lower it below its class. */
import { describe, expect, it } from 'vitest';
import { applyMeasurements, measuredRisk } from '../../src/rehearsal/measure.js';
import type { RehearsalReport, StatementResult } from '../../src/rehearsal/types.js';

const statement = (over: Partial<StatementResult>): StatementResult => ({
  file: 'db/1.sql',
  line: 1,
  endLine: 1,
  sql: 'ALTER TABLE users DROP COLUMN email',
  status: 'ok',
  ms: 3,
  transaction: true,
  locks: [],
  rewrite: false,
  rewritten: [],
  ...over,
});
const report = { timeoutMs: 60_000 };

describe('measuredRisk', () => {
  it('keeps a destructive change destructive when its statement outlasts rehearsal-timeout', () => {
    const m = measuredRisk(
      statement({ status: 'timeout', error: 'ran longer than the rehearsal-timeout' }),
      'destructive',
      'drops the column',
      report,
    );
    expect(m?.risk).toBe('destructive');
    expect(m?.reason).toMatch(/^drops the column; measured: ran longer than the rehearsal-timeout/);
  });

  it('keeps a destructive change destructive when its lock was brief or absent', () => {
    const brief = statement({
      locks: [
        { relation: 'public.users', mode: 'ACCESS EXCLUSIVE', heldMs: 2, kind: 'table', created: false, rows: 12 },
      ],
    });
    expect(measuredRisk(brief, 'destructive', 'drops the column', report)?.risk).toBe('destructive');
    expect(measuredRisk(statement({}), 'destructive', 'drops the column', report)?.risk).toBe('destructive');
  });

  it('raises: a timeout makes a safe change locking, a failure makes any change destructive', () => {
    expect(measuredRisk(statement({ status: 'timeout' }), 'safe', 'new object', report)?.risk).toBe('locking');
    expect(measuredRisk(statement({ status: 'failed', sqlstate: '23502' }), 'safe', 'new object', report)?.risk).toBe(
      'destructive',
    );
  });

  it('applyMeasurements never marks a destructive change non-destructive', () => {
    const full: RehearsalReport = {
      outcome: 'timeout',
      database: 'neondb',
      branch: { id: 'br', name: 'x' },
      base: { branch: 'main' },
      timeoutMs: 1_000,
      statementsMs: 1_000,
      statements: [statement({ status: 'timeout' })],
    };
    const [c] = applyMeasurements(
      [{ database: 'neondb', file: 'db/1.sql', line: 1, risk: 'destructive', reason: 'drops', destructive: true }],
      full,
    );
    expect(c).toMatchObject({ risk: 'destructive', destructive: true });
  });
});
