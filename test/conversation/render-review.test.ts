import { describe, expect, it } from 'vitest';
import { renderComment, renderSummary } from '../../src/conversation/render-review.js';
import {
  REVIEW_COMMENT_MAX_CHARS as COMMENT_MAX_CHARS,
  REVIEW_SUMMARY_MAX_BYTES as SUMMARY_MAX_BYTES,
} from '../../src/github/limits.js';
import { reviewSchemas } from '../../src/schema/review.js';
import type { Change, DatabaseReview } from '../../src/schema/types.js';
import { parser } from '../schema/helpers.js';

function change(overrides: Partial<Change>): Change {
  const risk = overrides.risk ?? 'safe';
  return {
    kind: 'column',
    action: 'added',
    object: 'public.users.email',
    risk,
    reason: 'nullable column: a metadata-only change',
    destructive: risk === 'destructive',
    database: 'neondb',
    detail: 'ADD COLUMN email text',
    ...overrides,
  };
}

const SMALL: DatabaseReview = {
  database: 'neondb',
  changes: [
    change({}),
    change({
      kind: 'table',
      action: 'dropped',
      object: 'public.audit',
      risk: 'destructive',
      reason: 'drops the table and its data',
      detail: 'DROP TABLE public.audit (3 columns)',
    }),
    change({
      kind: 'index',
      object: 'public.users.users_email_idx',
      risk: 'locking',
      reason: 'CREATE INDEX blocks writes to the table unless built CONCURRENTLY',
      detail: 'CREATE INDEX users_email_idx ON public.users USING btree (email)',
    }),
    change({
      kind: 'column',
      action: 'renamed',
      object: 'public.users.full_name',
      from: 'public.users.name',
      risk: 'destructive',
      reason: 'code using the old name breaks',
      detail: 'RENAME COLUMN name TO full_name',
    }),
  ],
  diff: '--- neondb (base)\n+++ neondb (branch)\n@@ -1,3 +1,4 @@\n CREATE TABLE public.users (\n-    name text\n+    full_name text,\n+    email text\n );\n',
  erDiagram: 'erDiagram\n  public_users {\n    text full_name "renamed from name"\n    text email "added"\n  }\n',
};

/** The Markdown outside fenced code blocks. */
function outsideFences(markdown: string): string {
  return markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '');
}

/** Cells of a table row, splitting on pipes that are not escaped. */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1);
}

describe('renderComment', () => {
  it('renders counts, a riskiest-first table, the diagram and the diff', () => {
    expect(renderComment(SMALL, { basePoint: { mode: 'fork', branch: 'main' } })).toMatchSnapshot();
  });

  it('says so when there are no changes', () => {
    const text = renderComment({ database: 'neondb', changes: [], diff: '' });
    expect(text).toContain('No schema changes.');
    expect(text).not.toContain('| Risk');
    expect(text).not.toContain('<details');
  });

  it('notes the base point, including why it fell back to the head', () => {
    const fork = renderComment(SMALL, { basePoint: { mode: 'fork', branch: 'main' } });
    expect(fork).toContain('Compared against the parent main at the fork point.');
    const head = renderComment(SMALL, {
      basePoint: { mode: 'head', branch: 'main', fallbackReason: 'the parent no longer has history at LSN 0/1A2B' },
    });
    expect(head).toContain('at its head: fell back because the parent no longer has history at LSN 0/1A2B.');
  });

  it('escapes names and SQL so they cannot break the table, a code fence or an HTML comment', () => {
    const hostile = change({
      object: 'public.we|ird`name\n--> <!-- x',
      detail: "DEFAULT '|`' --> <details>",
      reason: 'a | b',
    });
    const review: DatabaseReview = {
      database: 'db`<!--',
      changes: [hostile],
      diff: "+ select '``````' as fence;\n+ -- --> <!-- </details>\n",
    };
    const text = renderComment(review);
    const prose = outsideFences(text);
    expect(prose).not.toMatch(/<!--|-->/);
    expect(prose).not.toMatch(/<details>(?!<)/);
    const row = text.split('\n').find((line) => line.startsWith('| 🟢'));
    expect(row).toBeDefined();
    expect(cells(row!)).toHaveLength(6);
    expect(row).not.toContain('`');
    expect(text).toContain('```````diff\n');
    expect(text).toContain("+ select '``````' as fence;");
  });

  it('marks a rename guessed from the dumps as inferred, and one read from the catalogs or a statement not', () => {
    const renamed = (identity: Change['identity']) =>
      change({
        kind: 'table',
        action: 'renamed',
        object: 'public.organisation',
        from: 'public.team',
        risk: 'destructive',
        reason: 'code using the old name breaks',
        identity,
      });
    const text = renderComment({ ...SMALL, changes: [renamed('inferred')], diff: '' });
    expect(text).toContain('public.organisation (from public.team, inferred)');
    for (const identity of ['catalog', 'statement'] as const) {
      const read = renderComment({ ...SMALL, changes: [renamed(identity)], diff: '' });
      expect(read).toContain('public.organisation (from public.team)');
      expect(read).not.toContain('inferred');
    }
  });

  it('stays under the limit with a huge diff by shortening the diff first', () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `+    column_${i} text,`);
    const review = { ...SMALL, diff: `--- a\n+++ b\n@@ -1 +1,50000 @@\n${lines.join('\n')}\n` };
    const text = renderComment(review);
    expect(text.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(text.length).toBeGreaterThan(COMMENT_MAX_CHARS - 2_000);
    expect(text).toMatch(/… \d+ more diff lines not shown/);
    expect(text).toContain('public.users.full\\_name (from public.users.name)');
    expect(text).toContain('```mermaid');
  });

  it('then drops diffs and diagrams and shortens the table with a "… N more" line', () => {
    const many = Array.from({ length: 3_000 }, (_, i) =>
      change({ object: `public.table_${i}.a_rather_long_column_name_${i}`, detail: 'x'.repeat(100) }),
    );
    const review = { ...SMALL, changes: many, diff: 'x\n'.repeat(10_000) };
    const text = renderComment(review, { maxChars: 20_000 });
    expect(text.length).toBeLessThanOrEqual(20_000);
    expect(text).toMatch(/… \d+ more changes not shown here/);
    expect(text).not.toContain('```diff');
    expect(text).toContain('**0 destructive** · **0 locking** · **3000 safe**');
  });

  it('labels each database when several are reviewed', () => {
    const other = {
      ...SMALL,
      database: 'analytics',
      changes: SMALL.changes.map((c) => ({ ...c, database: 'analytics' })),
    };
    const text = renderComment([SMALL, other]);
    expect(text).toContain('| Risk | Database | Kind |');
    expect(text).toContain('Diff of <code>analytics</code>');
    expect(text).toContain('**4 destructive**');
  });
});

describe('renderSummary', () => {
  it('has the same content and stays under 900 KB of UTF-8, even with multibyte text', () => {
    expect(renderSummary(SMALL)).toBe(
      renderComment(SMALL).replace(
        'The whole diff is in the job summary and in the `diff-file` output.',
        'The whole diff is in the `diff-file` output.',
      ),
    );
    const wide = Array.from({ length: 200_000 }, (_, i) => `+ -- ünïcødé ✓ ${i}`).join('\n');
    const text = renderSummary({ ...SMALL, diff: wide });
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(text).toMatch(/more diff lines not shown/);
  });
});

describe('the ER diagram in the comment', () => {
  const tables = (count: number) =>
    Array.from(
      { length: count },
      (_, i) => `CREATE TABLE public."t-${i}" (id integer NOT NULL, "weird name" text);`,
    ).join('\n');

  it.each([
    [30, true],
    [31, false],
  ])('with %i tables touched, a diagram is drawn: %s', async (count, drawn) => {
    const review = reviewSchemas(await parser(), { database: 'neondb', beforeSql: '', afterSql: tables(count) });
    expect(review.changes).toHaveLength(count);
    expect(review.erDiagram !== undefined).toBe(drawn);
    expect(renderComment(review).includes('```mermaid')).toBe(drawn);
    if (drawn) {
      expect(review.erDiagram).toContain('  public_t_0 {\n    integer id "added"\n    text weird_name "added"\n  }');
    }
  });
});

describe('renderComment with sizes and migration files', () => {
  const sized: DatabaseReview = {
    database: 'neondb',
    diff: '',
    changes: [
      change({
        kind: 'index',
        object: 'public.orders.orders_user_idx',
        risk: 'locking',
        reason: '2.1 M rows, 1.3 GB: a plain CREATE INDEX blocks writes for the whole build; build it CONCURRENTLY',
        file: 'db/migrations/002_idx.sql',
        line: 3,
        rows: 2_100_000,
        bytes: 1.3 * 1024 ** 3,
      }),
      change({
        kind: 'index',
        object: 'public.tags.tags_idx',
        risk: 'safe',
        reason: '12 rows: the lock is brief',
        file: 'db/migrations/002_idx.sql',
        line: 5,
        rows: 12,
        bytes: 16_384,
      }),
      change({ kind: 'index', object: 'public.big.big_idx', risk: 'locking', reason: 'r', rows: 5_000_000, bytes: 1 }),
      change({ object: 'public.users.age' }),
    ],
  };

  it('adds a Size and a Migration column, links file:line to the blob, sorts locking by size', () => {
    const text = renderComment(sized, { blobUrl: 'https://github.com/acme/app/blob/abc123' });
    const lines = text.split('\n');
    expect(lines).toContain('| Risk | Kind | Action | Object | Size | Reason | Migration | Detail |');
    const rows = lines.filter((l) => l.startsWith('| 🟠') || l.startsWith('| 🟢'));
    expect(rows[0]).toContain('public.big.big\\_idx');
    expect(cells(rows[1]!)[4]!.trim()).toBe('2.1 M rows, 1.3 GB');
    expect(cells(rows[1]!)[6]!.trim()).toBe(
      '[002\\_idx.sql:3](https://github.com/acme/app/blob/abc123/db/migrations/002_idx.sql#L3)',
    );
    // a change without a size or a file has empty cells, not "undefined"
    expect(cells(rows[0]!)[6]!.trim()).toBe('');
    expect(text).not.toContain('undefined');
  });

  it('has neither column when no change has a size or a file', () => {
    expect(renderComment(SMALL)).not.toMatch(/\| Size \||\| Migration \|/);
  });

  it('escapes file names in the link text and the URL, and notes as one line each', () => {
    const odd = change({ risk: 'locking', file: 'db/m)[x](javascript:alert(1)) "q" <b>.sql', line: 2 });
    const text = renderComment(
      { database: 'neondb', diff: '', changes: [odd] },
      {
        blobUrl: 'https://github.com/o/r/blob/s',
        notes: [
          'Table sizes unavailable (role @team\n::error::x): risks are by statement class only.',
          'second <b>note</b>',
        ],
      },
    );
    const link = cells(text.split('\n').find((l) => l.startsWith('| 🟠'))!)[5]!;
    expect(link).toContain(
      '(https://github.com/o/r/blob/s/db/m%29%5Bx%5D%28javascript%3Aalert%281%29%29%20%22q%22%20%3Cb%3E.sql#L2)',
    );
    // the text's brackets are escaped, so the only link is the blob's; no HTML gets through
    expect(link).not.toMatch(/<b>|(?<!\\)\]\(javascript/);
    expect(outsideFences(text)).toContain(
      'Table sizes unavailable (role @\u2060team ::error::x): risks are by statement class only.<br>\nsecond &lt;b&gt;note&lt;/b&gt;',
    );
    expect(text).not.toMatch(/@team/);
    expect(text).not.toMatch(/^::/m);
  });
});
