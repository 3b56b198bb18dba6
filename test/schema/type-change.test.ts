import { describe, expect, it } from 'vitest';
import { type Fields, typeInfo } from '../../src/schema/ast.js';
import { assessTypeChange } from '../../src/schema/type-change.js';
import { parser } from './helpers.js';

/** The TypeInfo of a type as SQL spells it, read by the real grammar. */
async function type(sql: string) {
  const tree = (await parser()).parse(`CREATE TABLE t (c ${sql})`);
  const column: Fields<'ColumnDef'> = tree.stmts[0]!.stmt.CreateStmt!.tableElts![0]!.ColumnDef!;
  return typeInfo(column.typeName);
}

describe('assessTypeChange', () => {
  it.each([
    ['varchar(255)', 'varchar(100)', 'destructive'],
    ['text', 'varchar(80)', 'destructive'],
    ['varchar(50)', 'varchar(80)', 'safe'],
    ['varchar(50)', 'text', 'safe'],
    ['text', 'varchar', 'safe'],
    ['char(10)', 'char(5)', 'destructive'],
    ['char(5)', 'text', 'locking'],
    ['bigint', 'integer', 'destructive'],
    ['smallint', 'integer', 'locking'],
    ['integer', 'bigint', 'locking'],
    ['integer', 'numeric', 'locking'],
    ['bigint', 'numeric(10,2)', 'destructive'],
    ['numeric(12,2)', 'numeric(10,2)', 'destructive'],
    ['numeric(10,2)', 'numeric(12,2)', 'safe'],
    ['numeric(10,2)', 'numeric(12,4)', 'locking'],
    ['numeric(10,4)', 'numeric(10,2)', 'destructive'],
    ['numeric(10,2)', 'numeric', 'safe'],
    ['numeric', 'numeric(10,2)', 'destructive'],
    ['real', 'double precision', 'locking'],
    ['double precision', 'real', 'destructive'],
    ['integer', 'double precision', 'locking'],
    ['bigint', 'double precision', 'destructive'],
    ['timestamp', 'timestamptz', 'locking'],
    ['timestamptz', 'timestamp', 'locking'],
    ['timestamptz(6)', 'timestamptz(3)', 'destructive'],
    ['date', 'timestamp', 'locking'],
    ['timestamp', 'date', 'destructive'],
    ['bytea', 'text', 'destructive'],
    ['uuid', 'text', 'locking'],
    ['text', 'uuid', 'destructive'],
    ['text', 'integer', 'destructive'],
    ['json', 'jsonb', 'locking'],
    ['cidr', 'inet', 'safe'],
    ['inet', 'cidr', 'destructive'],
    ['integer[]', 'integer', 'destructive'],
    ['varchar(10)[]', 'text[]', 'safe'],
    ['boolean', 'integer', 'destructive'],
  ])('%s -> %s is %s', async (from, to, risk) => {
    const assessment = assessTypeChange(await type(from), await type(to));
    expect(assessment.risk).toBe(risk);
    expect(assessment.reason).not.toMatch(/\n/);
  });

  it('names both types as pg_dump writes them', async () => {
    const { reason } = assessTypeChange(await type('varchar(255)'), await type('timestamp(3) with time zone'));
    expect(reason).toMatch(/^character varying\(255\) -> timestamp\(3\) with time zone: /);
  });
});
