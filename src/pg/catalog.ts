/**
 * Reads the identity part of a database's catalog (oids, attnums, names; no table is scanned) over
 * a Postgres connection, for src/schema/catalog-identity.ts. Every name comes through the
 * pg_catalog-qualified catalogs, in one read-only REPEATABLE READ transaction (one snapshot), with
 * an empty search_path so that format_type qualifies every type outside pg_catalog as pg_dump does.
 * Objects of extensions and of the system schemas are left out, as pg_dump leaves them out.
 */
import type { CatalogSnapshot } from '../schema/catalog-identity.js';

export interface CatalogQueryable {
  query(text: string): Promise<{ rows: Record<string, unknown>[] }>;
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
 WHERE c.relkind IN ('r', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped AND ${USER_NAMESPACE}`;

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

export async function readCatalog(client: CatalogQueryable): Promise<CatalogSnapshot> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await client.query(`SELECT pg_catalog.set_config('search_path', '', true)`);
    const rows = async (sql: string) => (await client.query(sql)).rows;
    const relations = await rows(RELATIONS);
    const columns = await rows(COLUMNS);
    const constraints = await rows(CONSTRAINTS);
    const triggers = await rows(TRIGGERS);
    const types = await rows(TYPES);
    const enumValues = await rows(ENUM_VALUES);
    const functions = await rows(FUNCTIONS);
    return {
      relations: relations.map((r) => ({
        oid: String(r.oid),
        schema: String(r.schema),
        name: String(r.name),
        kind: String(r.kind),
        ...(r.table !== null && r.table !== undefined ? { table: String(r.table) } : {}),
      })),
      columns: columns.map((r) => ({ table: String(r.table), attnum: Number(r.attnum), name: String(r.name) })),
      constraints: constraints.map((r) => ({ oid: String(r.oid), table: String(r.table), name: String(r.name) })),
      triggers: triggers.map((r) => ({ oid: String(r.oid), table: String(r.table), name: String(r.name) })),
      types: types.map((r) => ({ oid: String(r.oid), schema: String(r.schema), name: String(r.name) })),
      enumValues: enumValues.map((r) => ({ oid: String(r.oid), type: String(r.type), label: String(r.label) })),
      functions: functions.map((r) => ({ oid: String(r.oid), path: String(r.path) })),
    };
  } finally {
    await client.query('COMMIT').catch(() => {});
  }
}
