/**
 * What the rehearsal reads between statements, in one round trip: the user relations with their
 * relfilenode and row estimate (a changed relfilenode is a rewrite), and the relation locks its own
 * backend holds (`pg_locks` for `pg_backend_pid()`). System catalogs and TOAST are left out: every
 * statement touches them, and nobody's queries wait on them.
 */
import type { SqlSession } from './session.js';

export interface Relation {
  oid: number;
  schema: string;
  name: string;
  /** pg_class.relkind */
  relkind: string;
  filenode: number;
  /** reltuples: -1 when Postgres has no estimate yet (never vacuumed or analyzed). */
  tuples: number;
}

export interface Probe {
  relations: Map<number, Relation>;
  /** Relation oid → the strongest mode held on it. */
  locks: Map<number, string>;
}

const USER_RELATIONS = `SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind,
  c.relfilenode::int8 AS filenode, c.reltuples::float8 AS tuples
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname !~ '^pg_(toast_)?temp_'`;

const OWN_LOCKS = `SELECT l.relation::int8 AS oid, l.mode FROM pg_locks l
WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

export const PROBE_SQL = `${USER_RELATIONS};\n${OWN_LOCKS}`;

/** Lock modes from weakest to strongest, as pg_locks names them. */
export const LOCK_MODES = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
] as const;

export function lockRank(mode: string): number {
  return (LOCK_MODES as readonly string[]).indexOf(mode);
}

/** `AccessExclusiveLock` → `ACCESS EXCLUSIVE`, the name SQL's LOCK statement and the docs use. */
export function sqlModeName(mode: string): string {
  return mode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

/** The rank of a mode given by its SQL name (`SHARE ROW EXCLUSIVE`); -1 for an unknown one. */
export function sqlModeRank(sqlName: string): number {
  return LOCK_MODES.findIndex((m) => sqlModeName(m) === sqlName);
}

export async function probe(session: SqlSession): Promise<Probe> {
  const [rels = [], locks = []] = await session.query(PROBE_SQL);
  return parseProbe(rels, locks);
}

export function parseProbe(rels: readonly Record<string, unknown>[], locks: readonly Record<string, unknown>[]): Probe {
  const relations = new Map<number, Relation>();
  for (const r of rels) {
    const oid = Number(r.oid);
    relations.set(oid, {
      oid,
      schema: String(r.schema),
      name: String(r.name),
      relkind: String(r.relkind),
      filenode: Number(r.filenode),
      tuples: Number(r.tuples),
    });
  }
  const held = new Map<number, string>();
  for (const l of locks) {
    const oid = Number(l.oid);
    const mode = String(l.mode);
    const before = held.get(oid);
    if (before === undefined || lockRank(mode) > lockRank(before)) held.set(oid, mode);
  }
  return { relations, locks: held };
}

const KIND: Record<string, string> = {
  r: 'table',
  p: 'partitioned table',
  m: 'materialized view',
  i: 'index',
  I: 'partitioned index',
};

export function relationKind(relkind: string): string {
  return KIND[relkind] ?? relkind;
}

export function isTable(relkind: string): boolean {
  return relkind === 'r' || relkind === 'p' || relkind === 'm';
}

export function qualified(r: Pick<Relation, 'schema' | 'name'>): string {
  return `${r.schema}.${r.name}`;
}

/** `"schema"."name"` for SQL text. */
export function quotedName(r: Pick<Relation, 'schema' | 'name'>): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return `${q(r.schema)}.${q(r.name)}`;
}
