/**
 * Reads the identity part of a database's catalog (oids, attnums, names; no table is scanned) over
 * a Postgres connection, for src/schema/catalog-identity.ts. Every name comes through the
 * pg_catalog-qualified catalogs, in one read-only REPEATABLE READ transaction (one snapshot), with
 * an empty search_path so that format_type qualifies every type outside pg_catalog as pg_dump does.
 * Objects of extensions and of the system schemas are left out, as pg_dump leaves them out.
 */
import type { CatalogSnapshot } from '../schema/catalog-identity.js';

// Columns an INHERITS child only inherits are left out, as pg_dump leaves them out of its CREATE TABLE (a partition's are
// written out in full).

/** node-postgres' Client fits: simple-query text with several statements answers one result per statement. */
export interface CatalogQueryable {
  query(text: string): Promise<{ rows: Record<string, unknown>[] } | Array<{ rows: Record<string, unknown>[] }>>;
}

const USER_NAMESPACE = `n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'`;
const NOT_EXTENSION = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = '${catalog}'::pg_catalog.regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

const RELATIONS = `SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind, i.indrelid::text AS "table"
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
 WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S', 'i', 'I') AND ${USER_NAMESPACE} AND ${NOT_EXTENSION('pg_catalog.pg_class', 'c.oid')}`;

const COLUMNS = `SELECT a.attrelid::text AS "table", a.attnum AS attnum, a.attname AS name
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped AND (a.attislocal OR c.relispartition) AND ${USER_NAMESPACE}`;

const CONSTRAINTS = `SELECT o.oid::text AS oid, o.conrelid::text AS "table", o.conname AS name
  FROM pg_catalog.pg_constraint o
  JOIN pg_catalog.pg_class c ON c.oid = o.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE o.conrelid <> 0 AND o.contype <> 'n' AND ${USER_NAMESPACE}`;

const TRIGGERS = `SELECT t.oid::text AS oid, t.tgrelid::text AS "table", t.tgname AS name
  FROM pg_catalog.pg_trigger t
  JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE NOT t.tgisinternal AND ${USER_NAMESPACE}`;

const TYPES = `SELECT t.oid::text AS oid, n.nspname AS schema, t.typname AS name
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  LEFT JOIN pg_catalog.pg_class c ON c.oid = t.typrelid
 WHERE t.typtype IN ('e', 'c', 'd', 'r') AND (t.typrelid = 0 OR c.relkind = 'c') AND ${USER_NAMESPACE}
   AND ${NOT_EXTENSION('pg_catalog.pg_type', 't.oid')}`;

const ENUM_VALUES = `SELECT e.oid::text AS oid, e.enumtypid::text AS type, e.enumlabel AS label
  FROM pg_catalog.pg_enum e
  JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
 WHERE ${USER_NAMESPACE}`;

const FUNCTIONS = `SELECT p.oid::text AS oid, n.nspname || '.' || p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')' AS path
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE p.prokind IN ('f', 'p') AND ${USER_NAMESPACE} AND ${NOT_EXTENSION('pg_catalog.pg_proc', 'p.oid')}`;

/** One row, one text: the query's rows as a JSON array of arrays (16,000 columns come over as one string, parsed at once). */
function asJson(sql: string, fields: string[]): string {
  return `SELECT coalesce(pg_catalog.json_agg(pg_catalog.json_build_array(${fields.map((f) => `q.${f}`).join(', ')})), '[]')::text AS j FROM (${sql}) q`;
}

/**
 * Reads the snapshot in one round trip: the whole transaction is one simple-query text, so a remote
 * compute works on it while the caller parses the dumps.
 */
export async function readCatalog(client: CatalogQueryable): Promise<CatalogSnapshot> {
  const queries: Array<[string, string[]]> = [
    [RELATIONS, ['oid', 'schema', 'name', 'kind', '"table"']],
    [COLUMNS, ['"table"', 'attnum', 'name']],
    [CONSTRAINTS, ['oid', '"table"', 'name']],
    [TRIGGERS, ['oid', '"table"', 'name']],
    [TYPES, ['oid', 'schema', 'name']],
    [ENUM_VALUES, ['oid', 'type', 'label']],
    [FUNCTIONS, ['oid', 'path']],
  ];
  const text = [
    'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    `SELECT pg_catalog.set_config('search_path', '', true)`,
    ...queries.map(([sql, fields]) => asJson(sql, fields)),
    'COMMIT',
  ].join(';\n');
  let answer: Awaited<ReturnType<CatalogQueryable['query']>>;
  try {
    answer = await client.query(text);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
  const results = Array.isArray(answer) ? answer : [answer];
  if (results.length !== queries.length + 3)
    throw new Error(`the catalog read answered ${results.length} results, not ${queries.length + 3}`);
  const [relations, columns, constraints, triggers, types, enumValues, functions] = results
    .slice(2, 2 + queries.length)
    .map((r) => {
      const json = r.rows[0]?.j;
      return JSON.parse(typeof json === 'string' ? json : '[]') as unknown[][];
    }) as [unknown[][], unknown[][], unknown[][], unknown[][], unknown[][], unknown[][], unknown[][]];
  const str = (v: unknown) => String(v);
  return {
    relations: relations.map(([oid, schema, name, kind, table]) => ({
      oid: str(oid),
      schema: str(schema),
      name: str(name),
      kind: str(kind),
      ...(table !== null && table !== undefined ? { table: str(table) } : {}),
    })),
    columns: columns.map(([table, attnum, name]) => ({ table: str(table), attnum: Number(attnum), name: str(name) })),
    constraints: constraints.map(([oid, table, name]) => ({ oid: str(oid), table: str(table), name: str(name) })),
    triggers: triggers.map(([oid, table, name]) => ({ oid: str(oid), table: str(table), name: str(name) })),
    types: types.map(([oid, schema, name]) => ({ oid: str(oid), schema: str(schema), name: str(name) })),
    enumValues: enumValues.map(([oid, type, label]) => ({ oid: str(oid), type: str(type), label: str(label) })),
    functions: functions.map(([oid, path]) => ({ oid: str(oid), path: str(path) })),
  };
}
