/**
 * Types for libpg-query's Emscripten factory, which the package ships without a declaration. We
 * load this file directly (not the package's index, which starts the wasm at import time from a
 * path next to itself) so that compare-schema decides where the wasm comes from.
 */
declare module 'libpg-query/wasm/libpg-query.js' {
  export interface PgQueryWasmModule {
    _malloc(size: number): number;
    _free(ptr: number): void;
    _wasm_parse_query_raw(queryPtr: number): number;
    _wasm_free_parse_result(resultPtr: number): void;
    /** Tokens as JSON (`{ version, tokens: [{ start, end, text, tokenName, keywordName, … }] }`), or an error message. */
    _wasm_scan(queryPtr: number): number;
    _wasm_free_string(ptr: number): void;
    getValue(ptr: number, type: 'i32'): number;
    UTF8ToString(ptr: number): string;
    stringToUTF8(str: string, ptr: number, maxBytes: number): void;
    lengthBytesUTF8(str: string): number;
    /** The wasm memory as bytes (replaced when memory grows: read it after each call). */
    HEAPU8?: Uint8Array;
  }
  export interface PgQueryModuleOptions {
    locateFile?: (path: string, scriptDirectory: string) => string;
    /** `imports` and the instance are WebAssembly objects (not in this project's type libraries). */
    instantiateWasm?: (imports: object, receiveInstance: (instance: object, module?: object) => unknown) => object;
  }
  const factory: (options?: PgQueryModuleOptions) => Promise<PgQueryWasmModule>;
  export default factory;
}
