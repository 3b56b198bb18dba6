/** Issue 22: one place decides a change's final risk from its evidence, in order. */
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../src/migrations/effects.js';
import type { RehearsalReport } from '../../src/rehearsal/types.js';
import { lossDatabase, settleReviews } from '../../src/review/risk.js';
import type { Change, DatabaseReview } from '../../src/schema/types.js';

const index: Change = {
  kind: 'index',
  action: 'added',
  object: 'public.users.users_email_idx',
  risk: 'locking',
  reason: 'CREATE INDEX blocks writes while it builds',
  destructive: false,
  database: 'neondb',
  detail: '',
};
const review = (database: string, changes: Change[]): DatabaseReview => ({ database, changes, diff: '-a\n+b' });
const statement = { file: 'db/1.sql', line: 2, endLine: 2, sql: 'CREATE INDEX users_email_idx ON users (email)' };
const truncate: Effect = {
  kind: 'table',
  action: 'data',
  object: 'public.sessions',
  removesData: 'TRUNCATE deletes every row',
  statement: { file: 'db/1.sql', line: 5, endLine: 5, sql: 'TRUNCATE sessions' },
};

describe('settleReviews', () => {
  it('settles by the table size first: a locking change on a small table is safe', () => {
    const [settled] = settleReviews([review('neondb', [index])], {
      databases: new Map([
        [
          'neondb',
          {
            matched: { changes: [index], evidence: new Map([[index, { statement }]]) },
            sizes: new Map([['public.users', { rows: 12, bytes: 8192 }]]),
          },
        ],
      ]),
      smallTableRows: 10_000,
      rehearsal: undefined,
      effects: [],
      lossDatabase: 'neondb',
    });
    expect(settled!.changes[0]).toMatchObject({ risk: 'safe', file: 'db/1.sql', line: 2, rows: 12 });
  });

  it('then applies what the rehearsal measured of the change’s statement', () => {
    const rehearsal: RehearsalReport = {
      outcome: 'completed',
      database: 'neondb',
      branch: { id: 'br-r', name: 'r' },
      base: { branch: 'main' },
      timeoutMs: 60_000,
      statementsMs: 5_000,
      statements: [
        {
          ...statement,
          status: 'ok',
          ms: 5_000,
          transaction: true,
          locks: [
            { relation: 'public.users', mode: 'SHARE', heldMs: 5_000, kind: 'table', created: false, rows: 2_000_000 },
          ],
          rewrite: false,
          rewritten: [],
        },
      ],
    };
    const evidence = {
      databases: new Map([['neondb', { matched: { changes: [index], evidence: new Map([[index, { statement }]]) } }]]),
      smallTableRows: 10_000,
      effects: [],
      lossDatabase: 'neondb',
    };
    const [without] = settleReviews([review('neondb', [index])], { ...evidence, rehearsal: undefined });
    const [measured] = settleReviews([review('neondb', [index])], { ...evidence, rehearsal });
    expect(without!.changes[0]!.reason).not.toContain('measured');
    expect(measured!.changes[0]!.reason).toContain('measured');
  });

  it('adds data-removing statements as destructive changes of the database the migration runs in only', () => {
    const reviews = [review('neondb', []), review('analytics', [])];
    const settled = settleReviews(reviews, {
      databases: new Map(),
      smallTableRows: 10_000,
      rehearsal: undefined,
      effects: [truncate],
      lossDatabase: lossDatabase(['neondb', 'analytics'], 'analytics'),
    });
    expect(settled.map((r) => r.changes.map((c) => `${c.database} ${c.object} ${c.risk}`))).toEqual([
      [],
      ['analytics public.sessions destructive'],
    ]);
  });

  it('takes the first reviewed database when the rehearsal’s is not reviewed', () => {
    expect(lossDatabase(['app', 'neondb'], 'neondb')).toBe('neondb');
    expect(lossDatabase(['app', 'other'], 'neondb')).toBe('app');
  });
});
