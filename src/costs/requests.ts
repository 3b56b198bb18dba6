/**
 * What a change costs, as questions to the database: for each change that deletes data (a dropped
 * table or column) or adds a rule existing rows must meet (SET NOT NULL, a NOT NULL column without
 * a default, UNIQUE, CHECK, FOREIGN KEY, a type the values must cast to), one query that answers a
 * single number. Pure: the SQL is built here from the review's changes, src/pg/costs.ts runs it.
 *
 * Two ways to answer: `exact` counts the rows (run only on a copy the action made, never on the
 * production compute) and `estimate` reads the planner's statistics (pg_class.reltuples,
 * pg_stats.null_frac and n_distinct: numbers only, never a value; operators schema-qualified,
 * since the base's search_path is not ours to trust). Every query answers one row with one column
 * `n` (or no row: nothing known). Only counts ever leave the database.
 */
import type { Change } from '../schema/types.js';

export type CostMeasure = 'loses' | 'violations';

export interface CostRequest {
  /** Which change and which measure: see `costKey`. */
  key: string;
  measure: CostMeasure;
  /** `rows` of a table, or `values` of a column. */
  unit: 'rows' | 'values';
  /** `schema.table` the count reads. */
  table: string;
  /** What the counted rows do, for the sentence: `hold NULL in note`. */
  rule: string;
  /** Counts on a copy: one row, column `n`. */
  exact: string;
  /**
   * When the tables to count are found only in the catalog (the columns of an enum type): `exact`
   * lists them (`schema`, `table`, `column`: names, no data) and `each` counts one of them; the
   * answer is the sum.
   */
  each?: (table: string, column: string) => string;
  /** From the statistics, where they can say: one row, column `n`, or none. */
  estimate?: string;
}

/** The identity of a change's measure, as the counts are keyed. */
export function costKey(c: Pick<Change, 'database' | 'kind' | 'action' | 'object'>, measure: CostMeasure): string {
  return `${measure} of ${c.kind} ${c.action} ${c.object} in ${c.database}`;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."table"` of a `schema.table` path. */
export function qualifiedName(table: string): string {
  const at = table.indexOf('.');
  return at < 0 ? quoteIdent(table) : `${quoteIdent(table.slice(0, at))}.${quoteIdent(table.slice(at + 1))}`;
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `schema.table` (and the rest of the dotted path) of a change's object. */
function splitPath(object: string): { schema: string; table: string; rest: string } | undefined {
  const [schema, table, ...rest] = object.split('.');
  if (!schema || !table) return undefined;
  return { schema, table, rest: rest.join('.') };
}

const IDENT = /^(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)$/;

/** A column list as the dump writes it (`a, "B c"`), when every item is a plain column name. */
function columnList(text: string): string[] | undefined {
  const items = text.split(',').map((s) => s.trim());
  return items.length > 0 && items.every((i) => IDENT.test(i)) ? items : undefined;
}

const EQ = 'OPERATOR(pg_catalog.=)';

/** The statistics of one table (and optionally one of its columns): `c.reltuples`, `st.*`. */
function statsFrom(schema: string, table: string, column?: string): string {
  const stats =
    column === undefined
      ? ''
      : ` JOIN pg_catalog.pg_stats st ON st.schemaname ${EQ} s.nspname AND st.tablename ${EQ} c.relname AND st.attname ${EQ} ${literal(column)} AND NOT st.inherited`;
  return (
    `FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace s ON s.oid ${EQ} c.relnamespace${stats}` +
    ` WHERE s.nspname ${EQ} ${literal(schema)} AND c.relname ${EQ} ${literal(table)} AND c.reltuples OPERATOR(pg_catalog.>=) 0`
  );
}

const int8 = (expr: string) => `pg_catalog.round(${expr})::pg_catalog.int8 AS n`;

/** The questions the changes raise; changes that cost nothing countable raise none. */
export function costRequests(changes: readonly Change[]): CostRequest[] {
  const out: CostRequest[] = [];
  for (const c of changes) {
    const path = splitPath(c.object);
    if (!path) continue;
    const { schema, table, rest } = path;
    const from = `${quoteIdent(schema)}.${quoteIdent(table)}`;
    const base = { table: `${schema}.${table}` };
    const push = (r: Omit<CostRequest, 'key' | 'table'>) => out.push({ ...r, ...base, key: costKey(c, r.measure) });

    if (c.kind === 'table' && c.action === 'dropped' && !rest) {
      push({
        measure: 'loses',
        unit: 'rows',
        rule: 'are dropped',
        exact: `SELECT pg_catalog.count(*)::pg_catalog.int8 AS n FROM ${from}`,
        estimate: `SELECT ${int8('c.reltuples')} ${statsFrom(schema, table)}`,
      });
      continue;
    }
    if (c.kind === 'enum_value' && c.action === 'dropped' && rest) {
      // rows holding the value the PR removes: in every column of the type, found in the copy's catalog
      out.push({
        key: costKey(c, 'violations'),
        measure: 'violations',
        unit: 'rows',
        table: `${schema}.${table}`,
        rule: `hold the removed value ${rest}`,
        exact: `SELECT s.nspname AS schema, r.relname AS table, a.attname AS column FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class r ON r.oid ${EQ} a.attrelid JOIN pg_catalog.pg_namespace s ON s.oid ${EQ} r.relnamespace WHERE a.atttypid ${EQ} ${literal(`${quoteIdent(schema)}.${quoteIdent(table)}`)}::pg_catalog.regtype AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped AND r.relkind IN ('r', 'p')`,
        each: (t, column) =>
          `SELECT pg_catalog.count(*)::pg_catalog.int8 AS n FROM ${qualifiedName(t)} WHERE ${quoteIdent(column)}::pg_catalog.text = ${literal(rest)}`,
      });
      continue;
    }
    if (c.kind !== 'column' && c.kind !== 'constraint' && c.kind !== 'index') continue;
    if (!rest) continue;

    if (c.kind === 'column') {
      const col = quoteIdent(rest);
      if (c.action === 'dropped') {
        push({
          measure: 'loses',
          unit: 'values',
          rule: `are dropped with ${rest}`,
          exact: `SELECT pg_catalog.count(${col})::pg_catalog.int8 AS n FROM ${from}`,
          estimate: `SELECT ${int8('c.reltuples * (1 - st.null_frac)')} ${statsFrom(schema, table, rest)}`,
        });
      } else if (c.action === 'added') {
        // a NOT NULL column with nothing to fill the existing rows with: every row breaks it
        if (/\bNOT NULL\b/i.test(c.detail) && !/\b(DEFAULT|GENERATED)\b/i.test(c.detail))
          push({
            measure: 'violations',
            unit: 'rows',
            rule: `have no value for the new NOT NULL column ${rest}`,
            exact: `SELECT pg_catalog.count(*)::pg_catalog.int8 AS n FROM ${from}`,
            estimate: `SELECT ${int8('c.reltuples')} ${statsFrom(schema, table)}`,
          });
      } else if (c.action === 'altered') {
        const type = /(?:^|; )type .+? -> (.+?)(?:;|$)/.exec(c.detail)?.[1];
        const setNotNull = /(?:^|; )SET NOT NULL(?:;|$)/.test(c.detail);
        // pg_input_is_valid (PostgreSQL 16+) asks the new type's input function, as an assignment cast would
        const badValue =
          type && `${col} IS NOT NULL AND NOT pg_catalog.pg_input_is_valid(${col}::pg_catalog.text, ${literal(type)})`;
        const rule = [
          setNotNull ? `NULL in ${rest}` : '',
          type ? `a value of ${rest} that does not convert to ${type}` : '',
        ]
          .filter(Boolean)
          .join(' or ');
        const where = [setNotNull ? `${col} IS NULL` : '', badValue ? `(${badValue})` : '']
          .filter(Boolean)
          .join(' OR ');
        if (where)
          push({
            measure: 'violations',
            unit: 'rows',
            rule: `hold ${rule}`,
            exact: `SELECT pg_catalog.count(*)::pg_catalog.int8 AS n FROM ${from} WHERE ${where}`,
            ...(setNotNull && !type
              ? { estimate: `SELECT ${int8('c.reltuples * st.null_frac')} ${statsFrom(schema, table, rest)}` }
              : {}),
          });
      }
      continue;
    }

    // constraints and unique indexes: added, or a NOT VALID one validated
    const definition =
      c.action === 'added'
        ? c.detail
        : c.action === 'altered' && c.detail.startsWith('validated: ')
          ? c.detail.slice('validated: '.length)
          : undefined;
    if (definition === undefined || /\bNOT VALID\b/.test(definition)) continue;
    const unique =
      c.kind === 'index'
        ? /^CREATE UNIQUE INDEX (?:CONCURRENTLY )?\S+ ON (?:ONLY )?\S+ USING \w+ \(([^()]*)\)$/.exec(definition)?.[1]
        : /^(?:UNIQUE|PRIMARY KEY) \(([^()]*)\)/.exec(definition)?.[1];
    const columns = unique === undefined ? undefined : columnList(unique);
    if (columns) {
      const notNull = columns.map((k) => `${k} IS NOT NULL`).join(' AND ');
      const single = columns.length === 1 ? /^"?(.*?)"?$/.exec(columns[0]!)![1]!.replace(/""/g, '"') : undefined;
      push({
        measure: 'violations',
        unit: 'rows',
        rule: `repeat an earlier row's ${columns.join(', ')}`,
        exact: `SELECT COALESCE(pg_catalog.sum(d.n - 1), 0)::pg_catalog.int8 AS n FROM (SELECT pg_catalog.count(*) AS n FROM ${from} WHERE ${notNull} GROUP BY ${columns.join(', ')} HAVING pg_catalog.count(*) > 1) d`,
        ...(single === undefined
          ? {}
          : {
              estimate: `SELECT ${int8(
                'GREATEST(0, c.reltuples * (1 - st.null_frac) - CASE WHEN st.n_distinct OPERATOR(pg_catalog.>=) 0 THEN st.n_distinct ELSE -st.n_distinct * c.reltuples END)',
              )} ${statsFrom(schema, table, single)}`,
            }),
      });
      continue;
    }
    if (c.kind !== 'constraint') continue;
    const check = /^CHECK (\(.*\))$/s.exec(definition)?.[1];
    if (check) {
      push({
        measure: 'violations',
        unit: 'rows',
        rule: `fail the check ${rest}`,
        exact: `SELECT pg_catalog.count(*)::pg_catalog.int8 AS n FROM ${from} WHERE NOT ${check}`,
      });
      continue;
    }
    const fk = /^FOREIGN KEY \(([^()]*)\) REFERENCES (\S+?)\(([^()]*)\)/.exec(definition);
    const mine = fk && columnList(fk[1]!);
    const theirs = fk && columnList(fk[3]!);
    if (fk && mine && theirs && mine.length === theirs.length && !/\bMATCH FULL\b/.test(definition)) {
      const pairs = mine.map((k, i) => `p.${theirs[i]} = r.${k}`).join(' AND ');
      push({
        measure: 'violations',
        unit: 'rows',
        rule: `reference no row of ${fk[2]}`,
        exact: `SELECT pg_catalog.count(*)::pg_catalog.int8 AS n FROM ${from} r WHERE ${mine.map((k) => `r.${k} IS NOT NULL`).join(' AND ')} AND NOT EXISTS (SELECT 1 FROM ${fk[2]} p WHERE ${pairs})`,
      });
    }
  }
  return out;
}
