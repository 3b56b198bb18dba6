/**
 * Loads libpg-query (the real PostgreSQL 18 grammar, compiled to wasm) on demand, from a wasm file
 * or bytes that the caller can name. The package's own entry starts the wasm at import time from a
 * path next to itself, which breaks once bundled into an ESM `dist/` (no `__dirname`, no copied
 * `.wasm`); so we call its Emscripten factory ourselves and hand it the bytes.
 *
 * Where the wasm comes from, first match wins: `wasmBinary`; `wasmPath`; `libpg-query.wasm` next to
 * the running module (the bundled action ships `dist/libpg-query.wasm`); the installed package.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { brotliDecompressSync } from 'node:zlib';
import type { Node } from './ast.js';

export interface RawStatement {
  /** One key, the statement node's type (`CreateStmt`, `IndexStmt`, …), holding the node. */
  stmt: Node;
  /** Byte offset of the statement in the UTF-8 text (absent means 0). */
  stmt_location?: number;
  /** Length in bytes (absent or 0 means "to the end"). */
  stmt_len?: number;
}

export interface ParseTree {
  version: number;
  stmts: RawStatement[];
}

/** One token of the SQL scanner (comments included), at UTF-8 byte offsets `[start, end)`. */
export interface ScanToken {
  start: number;
  end: number;
  /** The scanner's token name: `SQL_COMMENT`, `C_COMMENT`, `ASCII_59` (`;`), `IDENT`, `SCONST`, … */
  tokenName: string;
  /** `NO_KEYWORD`, `UNRESERVED_KEYWORD`, `RESERVED_KEYWORD`, … */
  keywordName: string;
}

export interface Parser {
  /** Parses SQL text (many statements). Throws `SqlSyntaxError` naming the line on bad input. */
  parse(sql: string): ParseTree;
  /** Splits SQL text into tokens, comments included. Throws `SqlSyntaxError` on an unterminated string or comment. */
  scan(sql: string): ScanToken[];
}

export interface LoadParserOptions {
  /** Path of `libpg-query.wasm`. */
  wasmPath?: string;
  /** The wasm file's bytes (wins over `wasmPath`). */
  wasmBinary?: Uint8Array;
  /** libpg-query's Emscripten factory, for a bundler that imports it itself; default: imported here. */
  factory?: PgQueryFactory;
  /**
   * Let V8 recompile the parser's hot functions with its optimizing compiler (default true). A
   * one-shot process passes false: the grammar's state machine is one huge function whose optimizing
   * compile runs on a background thread for 0.1 s (Node 20) to 0.4 s (Node 24), and a process cannot
   * exit before that compile ends; the baseline code parses a whole dump about as fast as the cold
   * optimized path. Set through V8 flags, so it holds for every wasm module the process compiles after.
   */
  optimize?: boolean;
}

export type PgQueryFactory = typeof import('libpg-query/wasm/libpg-query.js').default;

export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
    /** The grammar's own message, without the line (`syntax error at or near "selec"`). */
    readonly detail: string = message,
    /** UTF-8 byte offset of the error in the text, where the grammar says. */
    readonly byteOffset?: number,
  ) {
    super(message);
    this.name = 'SqlSyntaxError';
  }
}

/**
 * A statement nested deeper than the parser can hold: the wasm ran out of stack (a 20 KB
 * `SELECT 1+1+…`; the parser is restarted at once, so the next statement parses as usual), or the
 * grammar's own stack is full (5,000 nested `coalesce(`, which it calls "memory exhausted").
 */
export class SqlTooDeepError extends SqlSyntaxError {
  constructor() {
    super('nested too deeply for the parser (its stack ran out)', undefined);
    this.name = 'SqlTooDeepError';
  }
}

export const WASM_FILE_NAME = 'libpg-query.wasm';

/** Finds the wasm when no option names it: next to this module (bundled dist), else in node_modules. */
export function defaultWasmPath(): string {
  // path arithmetic, not `new URL(…, import.meta.url)`, which the bundler would treat as an asset
  for (const name of [WASM_FILE_NAME, `${WASM_FILE_NAME}.br`]) {
    const beside = join(moduleDir(), name);
    if (existsSync(beside)) return beside;
  }
  try {
    return createRequire(import.meta.url).resolve(`libpg-query/wasm/${WASM_FILE_NAME}`);
  } catch {
    throw new Error(
      `cannot find ${WASM_FILE_NAME}: ship it next to the bundled action (dist/${WASM_FILE_NAME}) or pass wasmPath`,
    );
  }
}

function moduleDir(): string {
  return dirname(fileURLToPath(import.meta.url));
}

export async function loadParser(options: LoadParserOptions = {}): Promise<Parser> {
  const path = options.wasmPath ?? defaultWasmPath();
  // dist/ ships the wasm brotli-compressed (1.7 MB → 0.25 MB); it unpacks in a few milliseconds
  const bytes =
    options.wasmBinary ?? (path.endsWith('.br') ? brotliDecompressSync(await readFile(path)) : await readFile(path));
  if (options.optimize === false) setFlagsFromString('--no-wasm-dynamic-tiering --no-wasm-tier-up');
  const compiled = await webAssembly().compile(bytes);
  const factory = options.factory ?? (await import('libpg-query/wasm/libpg-query.js')).default;
  let failInstantiation: (error: unknown) => void = () => {};
  const instantiationFailed = new Promise<never>((_, reject) => {
    failInstantiation = reject;
  });
  const started = withNodeGlobals(() =>
    factory({
      instantiateWasm(imports, receiveInstance) {
        webAssembly()
          .instantiate(compiled, imports)
          .then((instance) => receiveInstance(instance, compiled), failInstantiation);
        return {};
      },
    }),
  );
  let module = await Promise.race([started, instantiationFailed]);
  /**
   * A wasm stack overflow leaves the module's C state unusable: a new instance of the compiled
   * module replaces it, synchronously (Emscripten fills the module object as the instance arrives).
   */
  const restart = (): WasmModule => {
    const arg = {
      instantiateWasm(imports: object, receiveInstance: (instance: object, module: object) => void) {
        const instance = webAssembly().instantiateSync(compiled, imports);
        receiveInstance(instance, compiled);
        return {};
      },
    };
    withNodeGlobals(() => factory(arg as never)).catch(() => {});
    if (typeof (arg as unknown as WasmModule)._wasm_parse_query_raw !== 'function')
      throw new Error('libpg-query: the parser could not be restarted');
    return arg as unknown as WasmModule;
  };
  const guarded = <T>(fn: (m: WasmModule) => T): T => {
    try {
      return fn(module);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      module = restart();
      throw new SqlTooDeepError();
    }
  };
  return { parse: (sql) => guarded((m) => parseWith(m, sql)), scan: (sql) => guarded((m) => scanWith(m, sql)) };
}

/** The two WebAssembly calls used here (the global is not in this project's ES2023 + Node 20 types). */
interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<object>;
  instantiateSync(module: object, imports: object): object;
}

function webAssembly(): WebAssemblyApi {
  const api = (
    globalThis as unknown as {
      WebAssembly: Omit<WebAssemblyApi, 'instantiateSync'> & { Instance: new (m: object, i: object) => object };
    }
  ).WebAssembly;
  return {
    compile: (bytes) => api.compile(bytes),
    instantiate: (m, i) => api.instantiate(m, i),
    instantiateSync: (m, i) => new api.Instance(m, i),
  };
}

type WasmModule = Awaited<ReturnType<PgQueryFactory>>;

/**
 * The factory reads `__dirname` and `require` when it starts (in its Node branch), which an ESM
 * bundle does not define. It only uses them to find the wasm, which we hand over ourselves, so a
 * stand-in for the duration of the synchronous start is enough; globals already present are kept.
 */
async function withNodeGlobals<T>(start: () => Promise<T>): Promise<T> {
  const g = globalThis as Record<string, unknown>;
  const added: string[] = [];
  if (typeof g.__dirname === 'undefined') {
    g.__dirname = moduleDir();
    added.push('__dirname');
  }
  if (typeof g.require === 'undefined') {
    g.require = createRequire(import.meta.url);
    added.push('require');
  }
  let pending: Promise<T>;
  try {
    pending = start();
  } finally {
    for (const name of added) delete g[name];
  }
  return pending;
}

/**
 * Where libpg-query's C structs keep their fields in wasm32 memory (4-byte pointers and ints), as
 * pg_query.h lays them out. The package offers no call that takes an instance we started ourselves,
 * so its own `parseSync` reads these same offsets; they hold for the exact version pinned in
 * package.json, and test/schema/libpg-query-binding.test.ts checks them against the package's own
 * reading. A new libpg-query version is taken only with that test passing.
 */
/** `PgQueryParseResult { char *parse_tree; char *stderr_buffer; PgQueryError *error }` */
const PARSE_RESULT = { parseTree: 0, stderrBuffer: 4, error: 8 } as const;
/** `PgQueryError { char *message; char *funcname; char *filename; int lineno; int cursorpos }` */
const PARSE_ERROR = { message: 0, funcname: 4, filename: 8, lineno: 12, cursorpos: 16 } as const;

function parseWith(module: WasmModule, sql: string): ParseTree {
  if (sql.trim() === '') return { version: 0, stmts: [] };
  return callWithText(
    module,
    sql,
    { run: (ptr) => module._wasm_parse_query_raw(ptr), free: (ptr) => module._wasm_free_parse_result(ptr) },
    'parsing',
    (resultPtr) => {
      const treePtr = module.getValue(resultPtr + PARSE_RESULT.parseTree, 'i32');
      const errorPtr = module.getValue(resultPtr + PARSE_RESULT.error, 'i32');
      if (errorPtr) {
        const messagePtr = module.getValue(errorPtr + PARSE_ERROR.message, 'i32');
        const cursor = module.getValue(errorPtr + PARSE_ERROR.cursorpos, 'i32');
        const message = messagePtr ? module.UTF8ToString(messagePtr) : 'syntax error';
        // the grammar's own stack is full (bison's YYMAXDEPTH): nesting, as deep as the wasm's stack
        // running out, not a mistake in the text
        if (message.startsWith('memory exhausted')) throw new SqlTooDeepError();
        // Postgres counts the cursor in characters (1-based), not bytes
        const at = cursor > 0 ? byteOfCharacter(sql, cursor - 1) : undefined;
        const line = at === undefined ? undefined : lineOfByte(sql, at);
        throw new SqlSyntaxError(line ? `${message} (line ${line} of the dump)` : message, line, message, at);
      }
      if (!treePtr) throw new Error('libpg-query returned no parse tree');
      return JSON.parse(readCString(module, treePtr)) as ParseTree;
    },
  );
}

function scanWith(module: WasmModule, sql: string): ScanToken[] {
  if (sql.trim() === '') return [];
  return callWithText(
    module,
    sql,
    { run: (ptr) => module._wasm_scan(ptr), free: (ptr) => module._wasm_free_string(ptr) },
    'scanning',
    (resultPtr) => {
      const result = readCString(module, resultPtr);
      // the scanner answers JSON, or a plain message ("unterminated quoted string") on bad input
      if (!result.startsWith('{')) throw new SqlSyntaxError(result, undefined);
      return (JSON.parse(result) as { tokens?: ScanToken[] }).tokens ?? [];
    },
  );
}

/** Copies `sql` into wasm memory as a C string, calls `fn.run` on it, reads its result, and frees both. */
function callWithText<T>(
  module: WasmModule,
  sql: string,
  fn: { run: (textPtr: number) => number; free: (resultPtr: number) => void },
  doing: string,
  read: (resultPtr: number) => T,
): T {
  const size = Buffer.byteLength(sql, 'utf8') + 1;
  const queryPtr = module._malloc(size);
  let resultPtr = 0;
  try {
    writeCString(module, sql, queryPtr, size);
    resultPtr = fn.run(queryPtr);
    if (!resultPtr) throw new Error(`libpg-query: out of memory while ${doing}`);
    return read(resultPtr);
  } finally {
    module._free(queryPtr);
    if (resultPtr) fn.free(resultPtr);
  }
}

/**
 * A NUL-terminated UTF-8 string out of wasm memory. The tree's JSON runs to megabytes for a big
 * dump; finding its end with a native `indexOf` and decoding it in one go is far faster than
 * Emscripten's byte-by-byte `UTF8ToString`.
 */
function readCString(module: WasmModule, ptr: number): string {
  const heap = module.HEAPU8;
  if (!heap) return module.UTF8ToString(ptr);
  const end = heap.indexOf(0, ptr);
  return UTF8.decode(heap.subarray(ptr, end < 0 ? heap.length : end));
}

const UTF8 = new TextDecoder('utf-8');

/** Copies `text` into wasm memory as a NUL-terminated UTF-8 string (natively, not byte by byte). */
function writeCString(module: WasmModule, text: string, ptr: number, size: number): void {
  const heap = module.HEAPU8;
  if (!heap) {
    module.stringToUTF8(text, ptr, size);
    return;
  }
  const { written } = new TextEncoder().encodeInto(text, heap.subarray(ptr, ptr + size - 1));
  heap[ptr + written] = 0;
}

/** The UTF-8 byte offset of the `chars`-th character (code point) of `sql`. */
function byteOfCharacter(sql: string, chars: number): number {
  let bytes = 0;
  let seen = 0;
  for (const c of sql) {
    if (seen++ === chars) break;
    bytes += Buffer.byteLength(c, 'utf8');
  }
  return bytes;
}

/** The 1-based line of `sql` holding its UTF-8 byte `byteOffset`. */
export function lineOfByte(sql: string, byteOffset: number): number {
  const before = Buffer.from(sql, 'utf8').subarray(0, byteOffset);
  let line = 1;
  for (let i = before.indexOf(10); i >= 0; i = before.indexOf(10, i + 1)) line++;
  return line;
}

/** A parse that reads what it can: the statements, and the lines of those too deeply nested to read. */
export interface TolerantTree {
  stmts: RawStatement[];
  /** 1-based lines where a statement the parser could not read (nested too deeply) starts. */
  unread: number[];
}

/**
 * Parses the whole text at once; when a statement is nested too deeply for the parser, parses it
 * statement by statement instead (split at the scanner's `;`, a piece that does not parse on its
 * own joined with the next, for bodies holding `;`), leaving out the statements too deep to read.
 * Syntax errors are thrown as from `parse`.
 */
export function parseTolerant(parser: Parser, sql: string): TolerantTree {
  try {
    return { stmts: parser.parse(sql).stmts, unread: [] };
  } catch (e) {
    if (!(e instanceof SqlTooDeepError)) throw e;
  }
  const bytes = Buffer.from(sql, 'utf8');
  const ends = parser
    .scan(sql)
    .filter((t) => t.tokenName === 'ASCII_59')
    .map((t) => t.end);
  if (ends.at(-1) !== bytes.length) ends.push(bytes.length);
  const stmts: RawStatement[] = [];
  const unread: number[] = [];
  let start = 0;
  let i = 0;
  while (i < ends.length) {
    let j = i;
    for (;;) {
      const end = ends[j]!;
      try {
        for (const raw of parser.parse(bytes.subarray(start, end).toString('utf8')).stmts) {
          const at = raw.stmt_location ?? 0;
          stmts.push({ ...raw, stmt_location: start + at, stmt_len: raw.stmt_len || end - start - at });
        }
        break;
      } catch (e) {
        if (e instanceof SqlTooDeepError) {
          unread.push(lineOfByte(sql, firstNonSpace(bytes, start, end)));
          break;
        }
        // a function body with `;` of its own: join the next piece (a bounded number of times)
        if (e instanceof SqlSyntaxError && j + 1 < ends.length && j - i < 200) {
          j++;
          continue;
        }
        throw e;
      }
    }
    start = ends[j]!;
    i = j + 1;
  }
  return { stmts, unread };
}

function firstNonSpace(bytes: Buffer, from: number, to: number): number {
  let i = from;
  while (i < to && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return i;
}
