import { describe, expect, it } from 'vitest';
import { applyMeasurements, measuredRisk } from '../../src/rehearsal/measure.js';
import { renderRehearsal } from '../../src/rehearsal/render.js';
import type { RehearsalReport, StatementResult } from '../../src/rehearsal/types.js';

const base = (over: Partial<StatementResult>): StatementResult => ({
  file: 'db/002.sql',
  line: 1,
  endLine: 1,
  sql: 'SELECT 1',
  status: 'ok',
  ms: 5,
  transaction: true,
  locks: [],
  rewrite: false,
  rewritten: [],
  ...over,
});

const rewrite = base({
  file: 'db/001.sql',
  sql: 'ALTER TABLE post ADD COLUMN r float DEFAULT random()',
  ms: 14_100,
  locks: [
    {
      relation: 'public.post',
      mode: 'ACCESS EXCLUSIVE',
      heldMs: 14_200,
      kind: 'table',
      created: false,
      rows: 2_100_000,
      rowsFrom: 'estimate',
    },
  ],
  rewrite: true,
  rewritten: ['public.post'],
});
const index = base({
  line: 3,
  sql: 'CREATE INDEX post_v ON post (v)',
  ms: 2_300,
  locks: [
    {
      relation: 'public.post',
      mode: 'SHARE',
      heldMs: 2_310,
      kind: 'table',
      created: false,
      rows: 2_100_000,
      rowsFrom: 'estimate',
    },
    { relation: 'public.post_v', mode: 'ACCESS EXCLUSIVE', heldMs: 2_310, kind: 'index', created: true },
  ],
});
const brief = base({
  line: 5,
  sql: 'ALTER TABLE tag ADD COLUMN c text',
  ms: 3,
  locks: [
    {
      relation: 'public.tag',
      mode: 'ACCESS EXCLUSIVE',
      heldMs: 4,
      kind: 'table',
      created: false,
      rows: 10,
      rowsFrom: 'count',
    },
  ],
});
const concurrent = base({ line: 7, sql: 'CREATE INDEX CONCURRENTLY tag_c ON tag (c)', ms: 2, transaction: false });
const failed = base({
  line: 9,
  endLine: 10,
  sql: 'ALTER TABLE post\n  ALTER COLUMN n SET NOT NULL',
  status: 'failed',
  ms: 40,
  error: 'column "n" of relation "post" contains null values',
  sqlstate: '23502',
  errorLine: 9,
});
const notRun = base({ line: 12, sql: 'DROP TABLE legacy', status: 'not-run', ms: 0 });

const report: RehearsalReport = {
  outcome: 'failed',
  database: 'neondb',
  branch: { id: 'br-x', name: 'preview/pr-1-x-rehearsal-abc123' },
  base: { branch: 'main', lsn: '0/1DE2850', fork: true },
  timeoutMs: 600_000,
  statementsMs: 16_445,
  overheadMs: 1_900,
  statements: [rewrite, index, brief, concurrent, failed, notRun],
  deleted: true,
};

describe('renderRehearsal', () => {
  it('puts the failing statement first, then the statements that held strong locks or ran long, longest hold first', () => {
    const text = renderRehearsal(report);
    expect(text).toMatchSnapshot();
    const order = ['db/001.sql:1', 'db/002.sql:3', 'db/002.sql:5'].map((p) => text.indexOf(`<code>${p}</code>`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    // a lock on the index the migration itself makes is no one's concern; CONCURRENTLY held nothing visible and was quick
    expect(text).not.toContain('public.post_v');
    expect(text).not.toContain('tag_c');
    expect(text.indexOf('fails on the parent')).toBeLessThan(text.indexOf('| Statement |'));
  });

  it('keeps SQL and messages from breaking out of the table or making mentions and links', () => {
    const nasty = base({
      sql: 'SELECT 1 | `x` <img src=x> @admin',
      ms: 2_000,
      status: 'failed',
      error: 'bad | </code> @team',
    });
    const text = renderRehearsal({
      ...report,
      statements: [nasty, base({ sql: "UPDATE t SET a = '|' -- @ops", ms: 1_500 })],
    });
    expect(text).not.toMatch(/<img|<\/code> @team/);
    expect(text).toContain('&#124;');
    expect(
      text
        .split('\n')
        .filter((l) => l.startsWith('| '))
        .every((l) => l.split(' | ').length === 6),
    ).toBe(true);
  });

  it('says which point was copied and when, what was written since the fork, and a schema that moved since (issue 24)', () => {
    const head = renderRehearsal({
      ...report,
      base: { branch: 'main', takenAt: '2026-12-06T07:46:43Z' },
      sinceFork: [{ table: 'public.small', rows: 4 }],
      baseMoved: true,
    });
    expect(head).toContain(
      '#### Rehearsal on a copy of main at its head (as the deploy will meet it), copied 2026-12-06T07:46:43Z',
    );
    expect(head).toContain(
      "Since the fork point: 4 row(s) written to <code>public.small</code>: the preview's own migration run could not have seen them.",
    );
    expect(head).toMatch(
      /The schema of main moved since the fork point .* fails there, on a schema the preview's run never met/,
    );
    expect(head.indexOf('moved since the fork point')).toBeLessThan(head.indexOf('fails on the parent'));
    const fork = renderRehearsal({ ...report, base: { branch: 'main', lsn: '0/16B3748', fork: true } });
    expect(fork).toContain('#### Rehearsal on a copy of main at the fork point (LSN 0/16B3748)\n');
    expect(fork).not.toMatch(/Since the fork point|moved since/);
  });

  it('says why when the rehearsal could not run', () => {
    const text = renderRehearsal({ ...report, outcome: 'error', error: 'could not connect', statements: [] });
    expect(text).toContain('could not run: could not connect');
  });
});

describe('measured risks', () => {
  it('uses the measurement where there is one and the class-based guess where there is not', () => {
    const changes = [
      {
        file: 'db/001.sql',
        line: 1,
        risk: 'locking' as const,
        reason: 'volatile default: rewrites',
        destructive: false,
        object: 'public.post.r',
      },
      {
        file: 'db/002.sql',
        line: 5,
        risk: 'safe' as const,
        reason: 'nullable column',
        destructive: false,
        object: 'public.tag.c',
      },
      {
        file: 'db/002.sql',
        line: 9,
        risk: 'destructive' as const,
        reason: 'SET NOT NULL: fails if a row holds NULL',
        destructive: true,
        object: 'public.post.n',
      },
      {
        file: 'db/002.sql',
        line: 7,
        risk: 'locking' as const,
        reason: 'CREATE INDEX blocks writes unless CONCURRENTLY',
        destructive: false,
        object: 'public.tag.tag_c',
      },
      { risk: 'locking' as const, reason: 'not mapped to a statement', destructive: false, object: 'public.other' },
    ];
    const [add, tag, notNull, conc, other] = applyMeasurements(changes, report);
    expect(add).toMatchObject({
      risk: 'locking',
      reason:
        'measured: blocked reads and writes of public.post for 14.2 s on 2.1 M rows (ACCESS EXCLUSIVE), rewrote public.post',
    });
    // brief, but ACCESS EXCLUSIVE blocks writes: locking, the hold is the severity
    expect(tag).toMatchObject({
      risk: 'locking',
      reason: 'measured: blocked reads and writes of public.tag for 4 ms on 10 rows (ACCESS EXCLUSIVE)',
    });
    expect(notNull).toMatchObject({ risk: 'destructive', destructive: true });
    expect(notNull!.reason).toBe(
      `measured: fails on the parent's data at line 9: column "n" of relation "post" contains null values`,
    );
    expect(conc!.reason).toMatch(/^CREATE INDEX blocks writes unless CONCURRENTLY; measured: ran 2 ms on its own/);
    expect(other).toEqual(changes[4]);
  });

  it('the class follows what the lock blocks, not how long this machine held it: a fast and a slow run agree', () => {
    const slow = measuredRisk(index, 'locking', 'x', report);
    const fast = measuredRisk({ ...index, locks: [{ ...index.locks[0]!, heldMs: 3 }] }, 'locking', 'x', report);
    expect(slow).toMatchObject({ risk: 'locking' });
    expect(fast).toMatchObject({ risk: 'locking' });
    expect(fast!.reason).toMatch(/^measured: blocked writes to public\.post for 3 ms on 2\.1 M rows \(SHARE\)$/);
    // nor does a safe guess stay safe when its statement blocked writes
    expect(measuredRisk({ ...index, locks: [{ ...index.locks[0]!, heldMs: 3 }] }, 'safe', 'x', report)).toMatchObject({
      risk: 'locking',
    });
    // a lock that lets writes go on (SHARE UPDATE EXCLUSIVE) leaves the change safe
    const shareUpdate = { ...index, locks: [{ ...index.locks[0]!, mode: 'SHARE UPDATE EXCLUSIVE', heldMs: 3 }] };
    expect(measuredRisk(shareUpdate, 'locking', 'x', report)).toMatchObject({ risk: 'safe' });
    expect(measuredRisk(notRun, 'locking', 'x', report)).toBeUndefined();
  });
});
