/**
 * The binding to libpg-query: src/schema/parser.ts starts the package's wasm itself and reads its C
 * structs at fixed offsets, so each call we rely on (parse, its error position, scan) is checked here
 * against the package's own JavaScript API on the same text. A libpg-query version whose layout or
 * output differs fails here, not in a review.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import * as libpg from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, type Parser, SqlSyntaxError } from '../../src/schema/parser.js';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;

/** A pg_dump fragment: settings, a type, a table with a default and a check, a function with a body, an index. */
const DUMP = `
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE public.orders (
    id bigint NOT NULL,
    placed_at timestamp with time zone DEFAULT now() NOT NULL,
    note text COLLATE pg_catalog."C",
    mood public.mood,
    CONSTRAINT orders_id_check CHECK ((id > 0))
);
CREATE FUNCTION public.touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN NEW.placed_at := now(); RETURN NEW; END; $$;
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
CREATE INDEX orders_placed_at_idx ON public.orders USING btree (placed_at DESC);
-- a comment, ü and 𝄞 before the last statement (byte offsets differ from character offsets)
COMMENT ON TABLE public.orders IS 'Bestellungen für 𝄞';
`;

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
  await libpg.loadModule();
});

describe('libpg-query binding', () => {
  it('is pinned exactly, and the installed package is that version', () => {
    const pinned = manifest(`${root}package.json`).dependencies['libpg-query'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest(require.resolve('libpg-query/package.json')).version).toBe(pinned);
    // the AST types describe the same Postgres major as the grammar
    const types = manifest(`${root}package.json`).dependencies['@pgsql/types'];
    expect(types.split('.')[0]).toBe(pinned.split('.')[0]);
  });

  it('parses a statement to the same tree as the package', () => {
    const sql = 'ALTER TABLE public.orders ALTER COLUMN note TYPE varchar(20) USING note::varchar(20)';
    const ours = parser.parse(sql);
    expect(ours.version).toBe(180000 + (ours.version % 10000));
    expect(Object.keys(ours.stmts[0]!.stmt)).toEqual(['AlterTableStmt']);
    expect(ours).toEqual(libpg.parseSync(sql));
  });

  it('parses a dump fragment to the same tree as the package, with byte locations', () => {
    const ours = parser.parse(DUMP);
    expect(ours.stmts.map((s) => Object.keys(s.stmt)[0])).toEqual([
      'VariableSetStmt',
      'SelectStmt',
      'CreateEnumStmt',
      'CreateStmt',
      'CreateFunctionStmt',
      'AlterTableStmt',
      'IndexStmt',
      'CommentStmt',
    ]);
    expect(ours).toEqual(libpg.parseSync(DUMP));
    const last = ours.stmts.at(-1)!;
    const bytes = Buffer.from(DUMP, 'utf8');
    const text = bytes.subarray(last.stmt_location!, last.stmt_location! + last.stmt_len!).toString('utf8');
    expect(text.trim()).toBe(`COMMENT ON TABLE public.orders IS 'Bestellungen für 𝄞'`);
  });

  it('reads the error message and position where the package does (the struct offsets)', () => {
    const sql = 'CREATE TABLE a (id integer);\n-- ü\nCREATE TABLE b (id integer,, x text);';
    let theirs: libpg.SqlError | undefined;
    try {
      libpg.parseSync(sql);
    } catch (e) {
      theirs = e as libpg.SqlError;
    }
    let ours: SqlSyntaxError | undefined;
    try {
      parser.parse(sql);
    } catch (e) {
      ours = e as SqlSyntaxError;
    }
    expect(theirs?.sqlDetails?.cursorPosition).toBeGreaterThan(0);
    expect(ours).toBeInstanceOf(SqlSyntaxError);
    expect(ours!.detail).toBe(theirs!.message);
    // the grammar counts characters; the parser reports bytes (ü is two), both at the second comma
    const character = theirs!.sqlDetails!.cursorPosition!;
    expect(Array.from(sql).slice(character).join('')).toMatch(/^, x text\);/);
    expect(ours!.byteOffset).toBe(character + 1);
    expect(Buffer.from(sql, 'utf8').subarray(ours!.byteOffset!).toString('utf8')).toMatch(/^, x text\);/);
    expect(ours!.line).toBe(3);
  });

  it('scans to the same tokens as the package, comments included', () => {
    const ours = parser.scan(DUMP);
    const theirs = libpg.scanSync(DUMP).tokens;
    expect(ours.map((t) => [t.start, t.end, t.tokenName, t.keywordName])).toEqual(
      theirs.map((t) => [t.start, t.end, t.tokenName, t.keywordName]),
    );
    expect(ours.some((t) => t.tokenName === 'SQL_COMMENT')).toBe(true);
    expect(ours.filter((t) => t.tokenName === 'ASCII_59')).toHaveLength(8);
  });

  it('loads the wasm the build ships (dist/libpg-query.wasm.br), which is the pinned package’s', async () => {
    const shipped = `${root}dist/libpg-query.wasm.br`;
    const installed = readFileSync(require.resolve('libpg-query/wasm/libpg-query.wasm'));
    expect(brotliDecompressSync(readFileSync(shipped)).equals(installed)).toBe(true);
    const bundled = await loadParser({ wasmPath: shipped });
    expect(bundled.parse(DUMP)).toEqual(parser.parse(DUMP));
  });
});
