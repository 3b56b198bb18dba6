import { describe, expect, it } from 'vitest';
import { COMMENT_MAX_CHARS, renderComment, renderSummary, SUMMARY_MAX_BYTES } from '../../src/conversation/render-review.js';
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
    change({ kind: 'table', action: 'dropped', object: 'public.audit', risk: 'destructive', reason: 'drops the table and its data', detail: 'DROP TABLE public.audit (3 columns)' }),
    change({ kind: 'index', object: 'public.users.users_email_idx', risk: 'locking', reason: 'CREATE INDEX blocks writes to the table unless built CONCURRENTLY', detail: 'CREATE INDEX users_email_idx ON public.users USING btree (email)' }),
    change({ kind: 'column', action: 'renamed', object: 'public.users.full_name', from: 'public.users.name', risk: 'destructive', reason: 'code using the old name breaks', detail: 'RENAME COLUMN name TO full_name' }),
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
      detail: 'DEFAULT \'|`\' --> <details>',
      reason: 'a | b',
    });
    const review: DatabaseReview = {
      database: 'db`<!--',
      changes: [hostile],
      diff: '+ select \'``````\' as fence;\n+ -- --> <!-- </details>\n',
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
    const other = { ...SMALL, database: 'analytics', changes: SMALL.changes.map((c) => ({ ...c, database: 'analytics' })) };
    const text = renderComment([SMALL, other]);
    expect(text).toContain('| Risk | Database | Kind |');
    expect(text).toContain('Diff of <code>analytics</code>');
    expect(text).toContain('**4 destructive**');
  });
});

describe('renderSummary', () => {
  it('has the same content and stays under 900 KB of UTF-8, even with multibyte text', () => {
    expect(renderSummary(SMALL)).toBe(renderComment(SMALL).replace(
      'The whole diff is in the job summary and in the `diff-file` output.',
      'The whole diff is in the `diff-file` output.',
    ));
    const wide = Array.from({ length: 200_000 }, (_, i) => `+ -- ünïcødé ✓ ${i}`).join('\n');
    const text = renderSummary({ ...SMALL, diff: wide });
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(text).toMatch(/more diff lines not shown/);
  });
});

describe('the ER diagram in the comment', () => {
  const tables = (count: number) =>
    Array.from({ length: count }, (_, i) => `CREATE TABLE public."t-${i}" (id integer NOT NULL, "weird name" text);`).join('\n');

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
