/** Issue 21: statements that remove data without changing the schema are destructive. */
import { describe, expect, it } from 'vitest';
import { withDataLoss } from '../../src/migrations/data-loss.js';
import { effectsOf } from '../../src/migrations/effects.js';
import { splitMigration } from '../../src/migrations/index.js';
import type { RehearsalReport } from '../../src/rehearsal/types.js';
import type { Change } from '../../src/schema/types.js';
import { parser } from '../schema/helpers.js';

async function lossOf(sql: string, changes: Change[] = [], rehearsal?: RehearsalReport): Promise<Change[]> {
  const p = await parser();
  const { statements } = await splitMigration('db/9.sql', sql, p);
  return withDataLoss(changes, effectsOf(p, statements), 'neondb', rehearsal);
}

const brief = (cs: Change[]) => cs.map((c) => `${c.kind} ${c.object} ${c.risk}`);

describe('withDataLoss', () => {
  it('makes TRUNCATE, DELETE, UPDATE … SET col = NULL and a USING that never reads the column destructive', async () => {
    const changes = await lossOf(
      [
        'TRUNCATE users;',
        'DELETE FROM sessions WHERE expires_at < now();',
        'UPDATE users SET nickname = NULL, age = age + 1;',
        'ALTER TABLE users ALTER COLUMN age TYPE bigint USING NULL;',
        "ALTER TABLE users ALTER COLUMN tier TYPE text USING 'basic';",
      ].join('\n'),
    );
    expect(brief(changes)).toEqual([
      'table public.users destructive',
      'table public.sessions destructive',
      'column public.users.nickname destructive',
      'column public.users.age destructive',
      'column public.users.tier destructive',
    ]);
    expect(changes[0]).toMatchObject({
      action: 'altered',
      destructive: true,
      file: 'db/9.sql',
      line: 1,
      reason: 'TRUNCATE deletes every row (db/9.sql:1)',
    });
    expect(changes[3]!.reason).toContain('USING NULL');
  });

  it('leaves alone what keeps the values: UPDATE SET col = col + 1, USING the column, INSERT', async () => {
    const changes = await lossOf(
      [
        'UPDATE users SET age = age + 1;',
        'ALTER TABLE users ALTER COLUMN age TYPE bigint USING age::bigint;',
        "INSERT INTO users VALUES (1, 'a');",
      ].join('\n'),
    );
    expect(changes).toEqual([]);
  });

  it('turns a change the dumps show into a destructive one, with the rows the rehearsal saw', async () => {
    const typeChange: Change = {
      kind: 'column',
      action: 'altered',
      object: 'public.users.age',
      risk: 'locking',
      reason: 'int4 -> int8: widening, but rewrites the table',
      destructive: false,
      database: 'neondb',
      detail: 'integer -> bigint',
    };
    const rehearsal = {
      outcome: 'completed',
      database: 'neondb',
      statements: [{ file: 'db/9.sql', line: 2, status: 'ok', command: 'DELETE', rowCount: 2000 }],
    } as unknown as RehearsalReport;
    const changes = await lossOf(
      'ALTER TABLE users ALTER COLUMN age TYPE bigint USING 0;\nDELETE FROM users;',
      [typeChange],
      rehearsal,
    );
    expect(changes[0]).toMatchObject({ object: 'public.users.age', risk: 'destructive', destructive: true });
    expect(changes[1]!.reason).toBe('DELETE without WHERE removes every row (db/9.sql:2); in rehearsal: 2,000 row(s)');
  });
});
