import { beforeAll, describe, expect, it } from 'vitest';
import {
  isTransactionControl,
  outsideTransactionReason as reasonWith,
  planRehearsal as planWith,
} from '../../src/rehearsal/plan.js';
import type { RehearsalStatement } from '../../src/rehearsal/types.js';
import { loadParser, type Parser } from '../../src/schema/parser.js';

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
});
const planRehearsal = (statements: RehearsalStatement[], version?: number) => planWith(parser, statements, version);
const outsideTransactionReason = (sql: string, version?: number) => reasonWith(parser, sql, version);

const st = (file: string, line: number, sql: string): RehearsalStatement => ({ file, line, endLine: line, sql });
const shape = (steps: ReturnType<typeof planRehearsal>) =>
  steps.map((s) =>
    s.kind === 'alone'
      ? `alone ${s.statement.file}:${s.statement.line} (${s.why})`
      : `${s.kind} ${s.file}:${s.statements.map((x) => x.line).join(',')}`,
  );

describe('planRehearsal', () => {
  it('runs each file in its own transaction, in the order given', () => {
    expect(
      shape(
        planRehearsal([
          st('a.sql', 1, 'CREATE TABLE t (id int)'),
          st('a.sql', 2, 'ALTER TABLE t ADD c int'),
          st('b.sql', 1, 'DROP TABLE u'),
        ]),
      ),
    ).toEqual(['transaction a.sql:1,2', 'transaction b.sql:1']);
  });

  it('runs what Postgres refuses in a transaction on its own, between the parts around it', () => {
    const steps = planRehearsal([
      st('a.sql', 1, 'ALTER TABLE t ADD c int'),
      st('a.sql', 3, '-- build it without blocking writes\ncreate   unique index\n concurrently t_c ON t (c)'),
      st('a.sql', 5, 'ALTER TABLE t ADD d int'),
      st('a.sql', 6, 'VACUUM (ANALYZE) t'),
    ]);
    expect(shape(steps)).toEqual([
      'transaction a.sql:1',
      'alone a.sql:3 (CREATE INDEX CONCURRENTLY)',
      'transaction a.sql:5',
      'alone a.sql:6 (VACUUM)',
    ]);
  });

  it('runs a file that manages its own transactions as written', () => {
    const steps = planRehearsal([
      st('a.sql', 1, 'BEGIN'),
      st('a.sql', 2, 'ALTER TABLE t ADD c int'),
      st('a.sql', 3, 'COMMIT'),
      st('b.sql', 1, 'SELECT 1'),
    ]);
    expect(shape(steps)).toEqual(['as-written a.sql:1,2,3', 'transaction b.sql:1']);
  });

  it('knows which statements cannot run in a transaction block, ADD VALUE only before PostgreSQL 12', () => {
    expect(outsideTransactionReason('DROP INDEX CONCURRENTLY i')).toBe('DROP INDEX CONCURRENTLY');
    expect(outsideTransactionReason('REINDEX INDEX CONCURRENTLY i')).toBe('REINDEX CONCURRENTLY');
    expect(outsideTransactionReason('ALTER TABLE p DETACH PARTITION c CONCURRENTLY')).toBe(
      'DETACH PARTITION CONCURRENTLY',
    );
    expect(outsideTransactionReason("ALTER TYPE mood ADD VALUE 'meh'", 110_000)).toMatch(/ADD VALUE/);
    expect(outsideTransactionReason("ALTER TYPE mood ADD VALUE 'meh'", 170_000)).toBeUndefined();
    expect(outsideTransactionReason('CREATE INDEX i ON t (c)')).toBeUndefined();
    expect(outsideTransactionReason("COMMENT ON TABLE t IS 'VACUUM'")).toBeUndefined();
  });
});

describe('classification from the parse tree (issue 21)', () => {
  it('is not fooled by keywords inside names, strings or comments', () => {
    expect(outsideTransactionReason('ALTER TABLE t ADD COLUMN "DETACH PARTITION x CONCURRENTLY" int')).toBeUndefined();
    expect(
      outsideTransactionReason("ALTER TABLE t ALTER COLUMN c SET DEFAULT 'DETACH PARTITION p CONCURRENTLY'"),
    ).toBeUndefined();
    expect(outsideTransactionReason('REINDEX TABLE "CONCURRENTLY"')).toBeUndefined();
    expect(outsideTransactionReason('/* CREATE INDEX CONCURRENTLY */ CREATE INDEX i ON t (c)')).toBeUndefined();
    expect(outsideTransactionReason('REINDEX (CONCURRENTLY) TABLE t')).toBe('REINDEX CONCURRENTLY');
    expect(outsideTransactionReason('ANALYZE t')).toBeUndefined();
    expect(outsideTransactionReason('CREATE DATABASE x')).toBe('CREATE DATABASE');
    expect(isTransactionControl(parser, 'END')).toBe(true);
    expect(isTransactionControl(parser, 'SAVEPOINT a')).toBe(false);
    expect(isTransactionControl(parser, 'DO $$ BEGIN PERFORM 1; END $$')).toBe(false);
  });

  it('takes time linear in the statement: 2 MB that a pattern took minutes over are classified at once', () => {
    // `^ALTER TABLE\b.*\bDETACH PARTITION\b.*\bCONCURRENTLY\b` backtracked quadratically: 65 s on 1 MB, 250 s on 2 MB
    const big = `ALTER TABLE t ${'DETACH PARTITION p '.repeat(110_000)}`;
    expect(big.length).toBeGreaterThan(2_000_000);
    const t0 = performance.now();
    expect(outsideTransactionReason(big)).toBeUndefined();
    expect(planRehearsal([st('a.sql', 1, big)]).map((s) => s.kind)).toEqual(['transaction']);
    expect(performance.now() - t0).toBeLessThan(20_000);
  }, 60_000);
});

describe('lock mode names', () => {
  it('are the SQL names, ranked weakest to strongest', async () => {
    const { LOCK_MODES, sqlModeName, sqlModeRank } = await import('../../src/rehearsal/probe.js');
    expect(LOCK_MODES.map(sqlModeName)).toEqual([
      'ACCESS SHARE',
      'ROW SHARE',
      'ROW EXCLUSIVE',
      'SHARE UPDATE EXCLUSIVE',
      'SHARE',
      'SHARE ROW EXCLUSIVE',
      'EXCLUSIVE',
      'ACCESS EXCLUSIVE',
    ]);
    expect(sqlModeRank('SHARE')).toBeGreaterThan(sqlModeRank('SHARE UPDATE EXCLUSIVE'));
    expect(sqlModeRank('NO SUCH')).toBe(-1);
  });
});
