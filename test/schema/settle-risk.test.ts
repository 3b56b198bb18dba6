import { describe, expect, it } from 'vitest';
import { describeSize, formatRows, INDEX_ADDED_RISK, RENAMED_RISK, settleRisk } from '../../src/schema/risk.js';

const index = { kind: 'index', action: 'added', object: 'public.orders.orders_user_idx', ...INDEX_ADDED_RISK };
const BIG = { rows: 2_100_000, bytes: 1.3 * 1024 ** 3 };
const SMALL = { rows: 12, bytes: 16_384 };

describe('settleRisk: size', () => {
  it('makes a locking change on a small table safe, saying why', () => {
    expect(settleRisk(index, { size: SMALL }, 10_000)).toEqual({ risk: 'safe', reason: '12 rows: the lock is brief' });
  });

  it('keeps it locking at or above small-table-rows, with the size, and says to build a plain index CONCURRENTLY', () => {
    const plain = settleRisk(index, { size: BIG, statement: { at: 'm.sql:3' } }, 10_000);
    expect(plain).toEqual({
      risk: 'locking',
      reason: '2.1 M rows, 1.3 GB: a plain CREATE INDEX blocks writes for the whole build; build it CONCURRENTLY',
    });
    expect(settleRisk(index, { size: { rows: 10_000, bytes: 1 } }, 10_000).risk).toBe('locking');
    expect(settleRisk(index, { size: { rows: 9_999, bytes: 1 } }, 10_000).risk).toBe('safe');
  });

  it('never calls a capped count small', () => {
    expect(settleRisk(index, { size: { rows: 5, bytes: 1, atLeast: true } }, 10_000).risk).toBe('locking');
  });

  it('keeps destructive changes destructive and says what is at stake', () => {
    const drop = {
      kind: 'column',
      action: 'dropped',
      object: 'public.users.email',
      risk: 'destructive' as const,
      reason: "drops the column's data",
    };
    expect(settleRisk(drop, { size: { rows: 1_200_000, bytes: 90 * 1024 ** 2 } }, 10_000)).toEqual({
      risk: 'destructive',
      reason: "drops public.users.email: 1.2 M rows, 90 MB; drops the column's data",
    });
    expect(settleRisk(drop, { size: SMALL }, 10_000).risk).toBe('destructive');
  });

  it('leaves a change without size or statement as the dump review said', () => {
    expect(settleRisk(index, {}, 10_000)).toEqual(INDEX_ADDED_RISK);
  });
});

describe('settleRisk: what the statement settles', () => {
  it('an index built CONCURRENTLY is safe, whatever the size', () => {
    expect(settleRisk(index, { size: BIG, statement: { at: 'm.sql:3', concurrently: true } }, 10_000)).toEqual({
      risk: 'safe',
      reason: 'built CONCURRENTLY: reads and writes go on during the build',
    });
  });

  it('a constraint added NOT VALID then validated is safe; a NOT NULL check stays destructive', () => {
    const fk = {
      kind: 'constraint',
      action: 'added',
      object: 'public.o.fk',
      risk: 'locking' as const,
      reason: 'checks every row',
    };
    const facts = { at: 'm.sql:5', notValid: true, validatedAt: 'm.sql:6' };
    expect(settleRisk(fk, { size: BIG, statement: facts }, 10_000)).toEqual({
      risk: 'safe',
      reason: 'added NOT VALID, then validated at m.sql:6: the scan takes a SHARE UPDATE EXCLUSIVE lock; writes go on',
    });
    // NOT VALID without a VALIDATE: the dump already shows it NOT VALID, nothing to settle
    expect(settleRisk(fk, { statement: { at: 'm.sql:5', notValid: true } }, 10_000)).toEqual({
      risk: 'locking',
      reason: 'checks every row',
    });
    const notNull = { ...fk, risk: 'destructive' as const, reason: 'fails on NULLs' };
    expect(settleRisk(notNull, { statement: facts }, 10_000).risk).toBe('destructive');
  });

  it('a unique constraint USING INDEX is safe', () => {
    const unique = {
      kind: 'constraint',
      action: 'added',
      object: 'public.o.u',
      risk: 'locking' as const,
      reason: 'builds an index',
    };
    expect(settleRisk(unique, { size: BIG, statement: { at: 'm.sql:9', usingIndex: 'o_u_idx' } }, 10_000).risk).toBe(
      'safe',
    );
  });

  it('a type change with an explicit USING conversion stays destructive on any table; a plain cast settles nothing', () => {
    const type = {
      kind: 'column',
      action: 'altered',
      object: 'public.invoices.amount',
      risk: 'destructive' as const,
      reason: "values beyond numeric's precision fail",
    };
    expect(settleRisk(type, { size: BIG, statement: { at: 'm.sql:4', using: 'amount / 100.0' } }, 10_000)).toEqual({
      risk: 'destructive',
      reason:
        "2.1 M rows, 1.3 GB: converted by USING amount / 100.0: every value is replaced by the expression's result, so values can change or be lost; every row rewritten under an ACCESS EXCLUSIVE lock",
    });
    expect(
      settleRisk(type, { statement: { at: 'm.sql:4', using: 'amount::numeric', usingIsPlainCast: true } }, 10_000).risk,
    ).toBe('destructive');
  });

  it('issue 21: USING never turns a narrowing into locking, and a small table never makes it safe', () => {
    // ALTER COLUMN email TYPE varchar(5) USING left(email, 5) on 2,000 rows was reported safe ("the lock is brief")
    const narrowing = {
      kind: 'column',
      action: 'altered',
      object: 'public.users.email',
      risk: 'destructive' as const,
      reason: 'text -> varchar(5): values longer than 5 characters make the change fail',
    };
    const small = { rows: 2_000, bytes: 200_000 };
    const settled = settleRisk(
      narrowing,
      { size: small, statement: { at: 'm.sql:1', using: 'left(email, 5)' } },
      10_000,
    );
    expect(settled.risk).toBe('destructive');
    expect(settled.reason).toContain('USING left(email, 5)');
    // a widening the dump calls safe or locking is still destructive once USING computes the values (USING NULL, a constant)
    for (const risk of ['safe', 'locking'] as const) {
      const widening = {
        kind: 'column',
        action: 'altered',
        object: 'public.users.age',
        risk,
        reason: 'int4 -> int8: widening',
      };
      expect(settleRisk(widening, { size: small, statement: { at: 'm.sql:2', using: 'NULL' } }, 10_000).risk).toBe(
        'destructive',
      );
    }
  });

  it('an explicit rename says so and stays destructive', () => {
    const renamed = { kind: 'table', action: 'renamed', object: 'public.customers', ...RENAMED_RISK };
    expect(settleRisk(renamed, { statement: { at: 'm.sql:8', explicitRename: true } }, 10_000)).toEqual({
      risk: 'destructive',
      reason: 'explicit RENAME: code using the old name breaks',
    });
  });
});

describe('size formats', () => {
  it('reads like a person would write it', () => {
    expect([0, 1, 12, 9_500, 48_300, 2_149_000, 3e9].map(formatRows)).toEqual([
      '0 rows',
      '1 row',
      '12 rows',
      '9,500 rows',
      '48.3 k rows',
      '2.1 M rows',
      '3 B rows',
    ]);
    // bytes as basics/format writes them (test/basics/format.test.ts)
    expect(describeSize({ rows: 1_000_000, bytes: 1024, atLeast: true })).toBe('≥ 1 M rows, 1 KB');
    expect(describeSize({ rows: 2_149_000, bytes: 1.3 * 1024 ** 3, atLeast: false })).toBe('2.1 M rows, 1.3 GB');
  });
});
