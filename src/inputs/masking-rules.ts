/** Masking rules for `anonymize`: parsed from inline YAML/JSON or a workspace file, checked before any request. */
import { firstLine } from '../basics/errors.js';
import { parse as parseYaml } from 'yaml';
import type { MaskingRule } from '../neon/generated/types.js';
import { readWorkspaceFile } from '../runtime/workspace-file.js';
import { InputError, shown } from './errors.js';
import { MAX_IDENTIFIER_BYTES, nameProblem } from './identifiers.js';

/** A rules file larger than this is refused (Neon's rules are a few lines each). */
export const MAX_RULES_FILE_BYTES = 1024 * 1024;

/** A rule as Neon's API takes it (the generated type of its OpenAPI description). */
export type { MaskingRule };

const KEYS = new Set([
  'database_name',
  'schema_name',
  'table_name',
  'column_name',
  'masking_function',
  'masking_value',
]);

export function parseMaskingRules(source: string, input: string, defaultDatabase: string): MaskingRule[] {
  let doc: unknown;
  try {
    doc = parseYaml(source);
  } catch (e) {
    const why = firstLine(e);
    throw new InputError(input, `accepts a YAML or JSON list of masking rules; it does not parse: ${why}`);
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc) && 'masking_rules' in doc) doc = (doc as any).masking_rules;
  if (!Array.isArray(doc) || doc.length === 0)
    throw new InputError(
      input,
      'accepts a non-empty list of rules {table_name, column_name, masking_function | masking_value}',
    );
  return doc.map((rule, i) => checkRule(rule, i, input, defaultDatabase));
}

function checkRule(rule: unknown, i: number, input: string, defaultDatabase: string): MaskingRule {
  const where = `rule ${i + 1}`;
  if (!rule || typeof rule !== 'object' || Array.isArray(rule))
    throw new InputError(input, `${where} must be a mapping of Neon's rule keys`);
  const r = rule as Record<string, unknown>;
  for (const key of Object.keys(r))
    if (!KEYS.has(key))
      throw new InputError(input, `${where} has an unknown key ${shown(key)}; accepted: ${[...KEYS].join(', ')}`);
  for (const key of Object.keys(r))
    if (typeof r[key] !== 'string' && !(key === 'masking_value' && (typeof r[key] === 'number' || r[key] === null)))
      throw new InputError(input, `${where}: ${key} must be a string`);
  for (const key of ['table_name', 'column_name']) if (!r[key]) throw new InputError(input, `${where} needs ${key}`);
  const hasFn = r.masking_function !== undefined;
  const hasValue = r.masking_value !== undefined;
  for (const key of ['database_name', 'schema_name', 'table_name', 'column_name'] as const) {
    const value = r[key] as string | undefined;
    if (!value) continue;
    const problem =
      nameProblem(value) ??
      (Buffer.byteLength(value) > MAX_IDENTIFIER_BYTES
        ? `must be at most ${MAX_IDENTIFIER_BYTES} bytes (a PostgreSQL identifier)`
        : null);
    if (problem) throw new InputError(input, `${where}: ${key} ${problem}; got ${shown(value)}`);
  }
  if (typeof r.masking_function === 'string') {
    const problem = nameProblem(r.masking_function);
    if (problem) throw new InputError(input, `${where}: masking_function ${problem}`);
  }
  const label = `${r.table_name}.${r.column_name}`;
  if (hasFn === hasValue)
    throw new InputError(input, `${where} (${label}) needs exactly one of masking_function or masking_value`);
  const out: MaskingRule = {
    database_name: (r.database_name as string) || defaultDatabase,
    schema_name: (r.schema_name as string) || 'public',
    table_name: r.table_name as string,
    column_name: r.column_name as string,
  };
  if (hasFn) out.masking_function = r.masking_function as string;
  else out.masking_value = r.masking_value === null ? 'NULL' : String(r.masking_value);
  return out;
}

/**
 * Reads `masking-rules-file`: its real path (symbolic links resolved) must lie inside the real
 * workspace, and it must be a regular file of at most 1 MB, so neither a link to a secret elsewhere
 * nor one to `/dev/zero` or a FIFO is read. The checks hold on the opened descriptor itself.
 */
export function readRulesFile(path: string, workspace: string, maxBytes = MAX_RULES_FILE_BYTES): string {
  const read = readWorkspaceFile(path, workspace, maxBytes);
  if ('text' in read) return read.text;
  switch (read.problem) {
    case 'outside':
      throw new InputError('masking-rules-file', `must be a path inside the workspace; got ${shown(path)}`);
    case 'not-a-file':
      throw new InputError('masking-rules-file', `must name a regular file; got ${shown(path)}`);
    case 'too-big':
      throw new InputError(
        'masking-rules-file',
        `must be at most ${maxBytes} bytes; ${read.size === undefined ? `got more from ${shown(path)}` : `${shown(path)} has ${read.size}`}`,
      );
    default:
      throw new InputError('masking-rules-file', `names a file that cannot be read: ${shown(path)}`);
  }
}
