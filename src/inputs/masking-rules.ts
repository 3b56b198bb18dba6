/** Masking rules for `anonymize`: parsed from inline YAML/JSON or a workspace file, checked before any request. */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError, shown } from './errors.js';

export interface MaskingRule {
  database_name: string;
  schema_name: string;
  table_name: string;
  column_name: string;
  masking_function?: string;
  masking_value?: string;
}

const KEYS = new Set(['database_name', 'schema_name', 'table_name', 'column_name', 'masking_function', 'masking_value']);

export function parseMaskingRules(source: string, input: string, defaultDatabase: string): MaskingRule[] {
  let doc: unknown;
  try {
    doc = parseYaml(source);
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    throw new InputError(input, `accepts a YAML or JSON list of masking rules; it does not parse: ${why}`);
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc) && 'masking_rules' in doc) doc = (doc as any).masking_rules;
  if (!Array.isArray(doc) || doc.length === 0)
    throw new InputError(input, 'accepts a non-empty list of rules {table_name, column_name, masking_function | masking_value}');
  return doc.map((rule, i) => checkRule(rule, i, input, defaultDatabase));
}

function checkRule(rule: unknown, i: number, input: string, defaultDatabase: string): MaskingRule {
  const where = `rule ${i + 1}`;
  if (!rule || typeof rule !== 'object' || Array.isArray(rule))
    throw new InputError(input, `${where} must be a mapping of Neon's rule keys`);
  const r = rule as Record<string, unknown>;
  for (const key of Object.keys(r))
    if (!KEYS.has(key)) throw new InputError(input, `${where} has an unknown key ${shown(key)}; accepted: ${[...KEYS].join(', ')}`);
  for (const key of Object.keys(r))
    if (typeof r[key] !== 'string' && !(key === 'masking_value' && (typeof r[key] === 'number' || r[key] === null)))
      throw new InputError(input, `${where}: ${key} must be a string`);
  for (const key of ['table_name', 'column_name'])
    if (!r[key]) throw new InputError(input, `${where} needs ${key}`);
  const hasFn = r.masking_function !== undefined;
  const hasValue = r.masking_value !== undefined;
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

/** Reads `masking-rules-file`, which must stay inside the workspace. */
export function readRulesFile(path: string, workspace: string): string {
  const full = resolve(workspace, path);
  const rel = relative(workspace, full);
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new InputError('masking-rules-file', `must be a path inside the workspace; got ${shown(path)}`);
  try {
    return readFileSync(full, 'utf8');
  } catch {
    throw new InputError('masking-rules-file', `names a file that cannot be read: ${shown(path)}`);
  }
}
