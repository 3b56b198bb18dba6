import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitMigration } from '../../src/migrations/index.js';
import { parser } from '../schema/helpers.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/migrations');

async function split(path: string) {
  return splitMigration(path, readFileSync(join(FIXTURES, path), 'utf8'), await parser());
}

/** `line-endLine first-words` per statement. */
function outline(statements: { line: number; endLine: number; sql: string }[]): string[] {
  return statements.map((s) => `${s.line}-${s.endLine} ${s.sql.split(/\s+/).slice(0, 3).join(' ')}`);
}

describe('splitMigration on three tools’ layouts', () => {
  it('Prisma: statements start after the `-- CreateIndex` headers and the warnings block', async () => {
    const { statements, error } = await split('prisma/prisma/migrations/20240301120000_post_status/migration.sql');
    expect(error).toBeUndefined();
    expect(outline(statements)).toEqual([
      '8-8 CREATE TYPE "PostStatus"',
      '11-13 ALTER TABLE "Post"',
      '16-16 ALTER TABLE "User"',
      '19-19 CREATE INDEX "Post_status_idx"',
    ]);
    expect(statements[1].sql).toBe(
      'ALTER TABLE "Post" DROP COLUMN "legacySlug",\nADD COLUMN     "publishedAt" TIMESTAMP(3),\nADD COLUMN     "status" "PostStatus" NOT NULL DEFAULT \'DRAFT\'',
    );
  });

  it('Drizzle: `;--> statement-breakpoint` on the same line is neither part of a statement nor a statement', async () => {
    const { statements } = await split('drizzle/drizzle/0001_orders_by_user.sql');
    expect(outline(statements)).toEqual([
      '1-1 ALTER TABLE "orders"',
      '2-2 ALTER TABLE "orders"',
      '3-3 CREATE INDEX CONCURRENTLY',
      '4-4 CREATE INDEX IF',
      '5-5 ALTER TABLE "orders"',
      '6-6 ALTER TABLE "orders"',
    ]);
    for (const s of statements) expect(s.sql).not.toMatch(/breakpoint|;$/);
    expect(statements[0]).toEqual({
      file: 'drizzle/drizzle/0001_orders_by_user.sql',
      line: 1,
      endLine: 1,
      sql: 'ALTER TABLE "orders" ADD COLUMN "shipped_at" timestamp',
    });
  });

  it('Drizzle: a DO $$ … $$ block with semicolons inside is one statement', async () => {
    const { statements } = await split('drizzle/drizzle/0000_brave_wolverine.sql');
    expect(outline(statements)).toEqual(['1-4 CREATE TABLE IF', '6-10 CREATE TABLE IF', '12-16 DO $$ BEGIN']);
    expect(statements[2].sql.endsWith('END $$')).toBe(true);
  });

  it('plain numbered SQL: block comments, trailing comments and a dollar-quoted body with a ;', async () => {
    const reshape = await split('numbered/db/migrations/010_reshape_billing.sql');
    expect(outline(reshape.statements)).toEqual([
      '4-6 ALTER TABLE invoices',
      '8-8 ALTER TABLE accounts',
      '10-10 ALTER TABLE invoices',
      '12-12 ALTER TABLE invoices',
      '13-13 ALTER TABLE invoices',
      '17-18 CREATE UNIQUE INDEX',
    ]);
    expect(reshape.statements[1].sql).toBe('ALTER TABLE accounts RENAME TO customers');
    const accounts = await split('numbered/db/migrations/001_accounts.sql');
    expect(outline(accounts.statements)).toEqual([
      '2-5 CREATE TABLE accounts',
      '7-13 CREATE TABLE invoices',
      '15-20 CREATE FUNCTION invoice_label(inv',
    ]);
  });
});

describe('splitMigration edge cases', () => {
  it('counts lines, not bytes, past multi-byte text', async () => {
    const sql = 'COMMENT ON TABLE t IS \'café ☕ ünïcödé\';\n\n  CREATE INDEX "índice" ON t (a);\n';
    const { statements } = await splitMigration('m.sql', sql, await parser());
    expect(statements.map((s) => [s.line, s.endLine, s.sql])).toEqual([
      [1, 1, "COMMENT ON TABLE t IS 'café ☕ ünïcödé'"],
      [3, 3, 'CREATE INDEX "índice" ON t (a)'],
    ]);
  });

  it('handles CRLF files and a last statement without a semicolon followed by a comment', async () => {
    const { statements } = await splitMigration(
      'm.sql',
      'SELECT 1;\r\n-- x\r\nCREATE TABLE t (\r\n  a int\r\n) -- trailing\r\n',
      await parser(),
    );
    expect(statements.map((s) => [s.line, s.endLine, s.sql])).toEqual([
      [1, 1, 'SELECT 1'],
      [3, 5, 'CREATE TABLE t (\r\n  a int\r\n)'],
    ]);
  });

  it('keeps a SQL-standard function body (BEGIN ATOMIC … ; END) as one statement', async () => {
    const sql = 'CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;\nSELECT 3;';
    const { statements } = await splitMigration('m.sql', sql, await parser());
    expect(statements.map((s) => [s.line, s.endLine])).toEqual([
      [1, 5],
      [6, 6],
    ]);
  });

  it('reports the first bad statement with its line and keeps the statements around it', async () => {
    const sql =
      'CREATE TABLE a (id int);\n\nALTER TABLE a\n  ADD COLUM b int;\nCREATE INDEX a_id ON a (id);\nSELEC 1;\nDROP TABLE a;\n';
    const { statements, error } = await splitMigration('m.sql', sql, await parser());
    expect(error).toEqual({ line: 4, message: 'syntax error at or near "int"' });
    expect(statements.map((s) => `${s.line} ${s.sql}`)).toEqual([
      '1 CREATE TABLE a (id int)',
      '5 CREATE INDEX a_id ON a (id)',
      '7 DROP TABLE a',
    ]);
  });

  it('reports an unterminated string at its line, with no statements', async () => {
    const { statements, error } = await splitMigration('m.sql', "SELECT 1;\nSELECT 'open\n", await parser());
    expect(statements).toEqual([]);
    expect(error?.line).toBe(2);
    expect(error?.message).toMatch(/unterminated quoted string/);
  });

  it('yields nothing for an empty or comment-only file', async () => {
    expect(await splitMigration('m.sql', '', await parser())).toEqual({ statements: [] });
    expect(await splitMigration('m.sql', '-- nothing yet\n/* really */\n', await parser())).toEqual({ statements: [] });
  });

  it('loads a parser itself when none is given', async () => {
    const { statements } = await splitMigration('m.sql', 'SELECT 1');
    expect(statements).toEqual([{ file: 'm.sql', line: 1, endLine: 1, sql: 'SELECT 1' }]);
  });
});

describe('splitMigration reads only the up part of a file that holds both', () => {
  it('dbmate: the down section (its DROP INDEX on line 11) is no statement; lines stay those of the file', async () => {
    const { statements, error, upOnly } = await split('dbmate/db/migrations/20240201000000_index_orders.sql');
    expect(error).toBeUndefined();
    expect(upOnly).toBe('dbmate');
    expect(outline(statements)).toEqual([
      '2-2 ALTER TABLE orders',
      '4-4 CREATE INDEX CONCURRENTLY',
      '6-6 ALTER TABLE orders',
    ]);
    expect(statements.map((s) => s.sql).join('\n')).not.toMatch(/DROP INDEX|ADD COLUMN note/);
  });

  it('goose: Up to Down, StatementBegin/End a comment, a $$ body with semicolons one statement', async () => {
    const { statements, upOnly } = await split('goose/migrations/00002_order_state.sql');
    expect(upOnly).toBe('goose');
    expect(outline(statements)).toEqual([
      '2-2 ALTER TABLE orders',
      '4-9 CREATE FUNCTION order_state_label(s',
      '11-11 CREATE INDEX orders_state_idx',
    ]);
  });

  it('sql-migrate, shmig and tern (no up marker: all above the separator)', async () => {
    expect(outline((await split('sql-migrate/migrations/2_order_total.sql')).statements)).toEqual([
      '2-2 ALTER TABLE orders',
      '3-3 CREATE INDEX orders_customer_idx',
    ]);
    expect(outline((await split('shmig/migrations/1700000100-order_total.sql')).statements)).toEqual([
      '2-2 ALTER TABLE orders',
      '3-3 CREATE INDEX orders_customer_idx',
    ]);
    const tern = await split('tern/migrations/002_order_total.sql');
    expect(tern.upOnly).toBe('tern');
    expect(outline(tern.statements)).toEqual(['1-1 ALTER TABLE orders', '3-3 CREATE INDEX orders_customer_idx']);
  });

  it('a second Up after a Down is read again; text before the first marker is not; a marker inside a string is text', async () => {
    const sql = [
      'DROP TABLE before_marker;', // 1: goose ignores what precedes -- +goose Up
      '-- +goose Up',
      'CREATE TABLE a (id int);',
      '-- +goose Down',
      'DROP TABLE a;',
      '-- +goose Up',
      "CREATE TABLE b (note text DEFAULT '",
      "-- +goose Down');", // 8: inside a string, and not a whole line starting with --: not a marker
      'CREATE TABLE c (id int);',
    ].join('\n');
    const { statements } = await splitMigration('m.sql', sql, await parser());
    expect(statements.map((s) => [s.line, s.sql.split('(')[0].trim()])).toEqual([
      [3, 'CREATE TABLE a'],
      [7, 'CREATE TABLE b'],
      [9, 'CREATE TABLE c'],
    ]);
  });

  it('multi-byte text in the down part keeps the up lines where they are', async () => {
    const sql = '-- migrate:down\nCOMMENT ON TABLE t IS \'café ☕\';\n-- migrate:up\nCREATE INDEX "índice" ON t (a);\n';
    const { statements } = await splitMigration('m.sql', sql, await parser());
    expect(statements.map((s) => [s.line, s.sql])).toEqual([[4, 'CREATE INDEX "índice" ON t (a)']]);
  });
});
