/**
 * anonymize's settings, apart from the other commands' because only they read YAML (the masking
 * rules): the other commands load no YAML parser.
 */
import {
  type ComputeSettings,
  type ConnectionSettings,
  type ExpirySettings,
  parseComputeSettings,
  parseConnectionSettings,
  parseExpirySettings,
} from './commands.js';
import { InputError } from './errors.js';
import { checkName, MAX_BRANCH_NAME } from './identifiers.js';
import { bool, exclusive, parseFields, type Reader, text } from './fields.js';
import { type MaskingRule, parseMaskingRules, readRulesFile } from './masking-rules.js';

export interface AnonymizeSettings extends ConnectionSettings, ComputeSettings, ExpirySettings {
  parentBranch: string | undefined;
  maskingRules: MaskingRule[];
  recreate: boolean;
}

export function parseAnonymizeSettings(read: Reader, now: number, workspace: string): AnonymizeSettings {
  const f = parseFields(
    { 'parent-branch': text(), 'masking-rules': text(), 'masking-rules-file': text(), recreate: bool() },
    read,
  );
  exclusive(f, 'masking-rules', 'masking-rules-file');
  const conn = parseConnectionSettings(read);
  let rules: MaskingRule[];
  if (f['masking-rules'] !== undefined) rules = parseMaskingRules(f['masking-rules'], 'masking-rules', conn.database);
  else if (f['masking-rules-file'] !== undefined)
    rules = parseMaskingRules(readRulesFile(f['masking-rules-file'], workspace), 'masking-rules-file', conn.database);
  else throw new InputError('masking-rules', 'is required for anonymize (or give masking-rules-file)');
  return {
    parentBranch: checkName('parent-branch', f['parent-branch'], MAX_BRANCH_NAME),
    maskingRules: rules,
    recreate: f.recreate,
    ...conn,
    ...parseComputeSettings(read),
    ...parseExpirySettings(read, now),
  };
}
