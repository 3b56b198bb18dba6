import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { defaultWasmPath, loadParser, type PgQueryFactory, SqlSyntaxError } from '../../src/schema/parser.js';

const require = createRequire(import.meta.url);
const WASM = require.resolve('libpg-query/wasm/libpg-query.wasm');

describe('loadParser', () => {
  it('finds the installed wasm by default and parses with the Postgres 18 grammar', async () => {
    expect(defaultWasmPath()).toBe(WASM);
    const parser = await loadParser();
    const tree = parser.parse('CREATE TABLE t (id integer); SELECT 1');
    expect(tree.version).toBeGreaterThanOrEqual(180000);
    expect(tree.stmts.map((s) => Object.keys(s.stmt)[0])).toEqual(['CreateStmt', 'SelectStmt']);
  });

  it('loads the wasm from a named path or from bytes', async () => {
    const fromPath = await loadParser({ wasmPath: WASM });
    expect(fromPath.parse('SELECT 1').stmts).toHaveLength(1);
    const fromBytes = await loadParser({ wasmBinary: readFileSync(WASM) });
    expect(fromBytes.parse('SELECT 1').stmts).toHaveLength(1);
  });

  it('fails, and does not hang, on a missing file or bytes that are not wasm', async () => {
    await expect(loadParser({ wasmPath: '/nonexistent/libpg-query.wasm' })).rejects.toThrow(/ENOENT/);
    await expect(loadParser({ wasmBinary: new Uint8Array([1, 2, 3, 4]) })).rejects.toThrow();
  });

  it('starts where a bundle leaves neither __dirname nor require defined', async () => {
    // The factory evaluated as plain script text, the way an ESM bundle inlines it: its free
    // `__dirname` and `require` resolve to globals only.
    const source = readFileSync(require.resolve('libpg-query/wasm/libpg-query.js'), 'utf8');
    const module = { exports: {} as { default?: PgQueryFactory } };
    new Function('module', 'exports', source)(module, module.exports);
    const factory = module.exports.default as PgQueryFactory;
    const g = globalThis as Record<string, unknown>;
    expect(g.__dirname).toBeUndefined();
    const parser = await loadParser({ factory, wasmPath: WASM });
    expect(parser.parse('SELECT 1').stmts).toHaveLength(1);
    expect(g.__dirname).toBeUndefined();
    expect(g.require).toBeUndefined();
  });

  it('reports a syntax error with the line of the dump', async () => {
    const parser = await loadParser();
    const error = (() => {
      try {
        parser.parse('CREATE TABLE a (id integer);\n\nCREATE TABLE b (id integer,, x text);');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SqlSyntaxError);
    expect((error as SqlSyntaxError).line).toBe(3);
    expect((error as Error).message).toMatch(/syntax error at or near "," \(line 3 of the dump\)/);
  });
});
