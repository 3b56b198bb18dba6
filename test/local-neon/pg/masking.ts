/**
 * Static masking as Neon's anonymized branches do it, with SQL: each rule becomes
 * `UPDATE schema.table SET column = CAST((<masking_function or masking_value>) AS <column type>)`,
 * run with SQL versions of the PostgreSQL Anonymizer functions installed for the run. The whole run
 * is one transaction: a failing rule leaves the data untouched and the error names the rule.
 */
import { readFileSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import type { MaskingRule } from '../data-plane.js';
import { quoteIdent } from './sql-text.js';

const ANON_FUNCTIONS_SQL = readFileSync(new URL('./anon-functions.sql', import.meta.url), 'utf8');

/** `database.schema.table.column`, the way errors and statuses name a rule. */
export function ruleLabel(rule: MaskingRule): string {
  return `${rule.database_name}.${rule.schema_name}.${rule.table_name}.${rule.column_name}`;
}

/** The `anon.*` functions an expression calls, in order of appearance. */
export function anonCalls(expression: string): string[] {
  return [...expression.matchAll(/\banon\s*\.\s*"?([A-Za-z_][A-Za-z0-9_]*)"?\s*\(/g)].map((m) => m[1].toLowerCase());
}

/** The SQL expression a rule assigns: its masking_function, else its masking_value literal. */
export function maskingExpression(rule: MaskingRule): string {
  const expression = rule.masking_function ?? rule.masking_value;
  if (expression === undefined || expression.trim() === '') {
    throw new Error(`masking rule ${ruleLabel(rule)} has neither masking_function nor masking_value`);
  }
  return expression;
}

/** The UPDATE for one rule, given the column's type as `format_type` prints it. */
export function maskingStatement(rule: MaskingRule, columnType: string): string {
  const table = `${quoteIdent(rule.schema_name)}.${quoteIdent(rule.table_name)}`;
  return `UPDATE ${table} SET ${quoteIdent(rule.column_name)} = CAST((${maskingExpression(rule)}) AS ${columnType})`;
}

/** Mask the session's database by `rules` (all of them for this database). Needs the superuser session. */
export async function applyMasking(db: PGlite, rules: MaskingRule[]): Promise<number> {
  await db.exec('BEGIN');
  try {
    const hadAnonSchema = (await db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'anon'")).rows.length > 0;
    await db.exec(ANON_FUNCTIONS_SQL);
    const known = new Set(
      (
        await db.query<{ proname: string }>("SELECT proname FROM pg_proc WHERE pronamespace = 'anon'::regnamespace")
      ).rows.map((r) => r.proname),
    );
    for (const rule of rules) {
      const unknown = anonCalls(maskingExpression(rule)).find((name) => !known.has(name));
      if (unknown) throw new Error(`unknown masking function anon.${unknown}() in rule ${ruleLabel(rule)}`);
      const type = await columnType(db, rule);
      try {
        await db.exec(maskingStatement(rule, type));
      } catch (err) {
        throw new Error(`masking rule ${ruleLabel(rule)} failed: ${(err as Error).message}`);
      }
    }
    if (!hadAnonSchema) await db.exec('DROP SCHEMA anon CASCADE');
    await db.exec('COMMIT');
    return new Set(rules.map(ruleLabel)).size;
  } catch (err) {
    if (db.isInTransaction()) await db.exec('ROLLBACK');
    throw err;
  }
}

async function columnType(db: PGlite, rule: MaskingRule): Promise<string> {
  const found = await db.query<{ type: string }>(
    `SELECT format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = $3 AND a.attnum > 0 AND NOT a.attisdropped`,
    [rule.schema_name, rule.table_name, rule.column_name],
  );
  if (found.rows.length === 0) {
    throw new Error(
      `column ${rule.schema_name}.${rule.table_name}.${rule.column_name} does not exist (rule ${ruleLabel(rule)})`,
    );
  }
  return found.rows[0].type;
}
