/**
 * compare-schema's structured review: normalise two pg_dump outputs, parse them with the real
 * PostgreSQL grammar (libpg-query, loaded on demand) and list the changes with a risk each. What the
 * PR shows of them is rendered in src/conversation.
 */
export { renderErDiagram, ER_DIAGRAM_MAX_TABLES } from './er-diagram.js';
export type { SchemaModel } from './model.js';
export { normalizeDump } from './normalize-dump.js';
export { parseSchema } from './parse-schema.js';
export {
  defaultWasmPath,
  type LoadParserOptions,
  loadParser,
  type Parser,
  SqlSyntaxError,
  WASM_FILE_NAME,
} from './parser.js';
export { diffSchemas, type ReviewInput, reviewSchemas, unifiedDiff } from './review.js';
export {
  CHANGE_ACTIONS,
  CHANGE_KINDS,
  type Change,
  type ChangeAction,
  type ChangeKind,
  type DatabaseReview,
  type Risk,
} from './types.js';
