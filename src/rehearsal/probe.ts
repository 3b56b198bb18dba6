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

const USER_RELATIONS = `SELECT c.oid::pg_catalog.int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind::pg_catalog.text AS relkind,
  c.relfilenode::pg_catalog.int8 AS filenode, c.reltuples::pg_catalog.float8 AS tuples
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname !~ '^pg_(toast_)?temp_'`;

const OWN_LOCKS = `SELECT l.relation::pg_catalog.int8 AS oid, l.mode FROM pg_catalog.pg_locks l
WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted
  AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())`;

/**
 * The probe runs in the migration's own session (only there are its uncommitted catalog rows and
 * locks visible), which the migration may have reconfigured: `SET search_path = public, pg_catalog`
 * and a `public.pg_locks` look-alike would otherwise decide what the probe reads. So every name is
 * qualified with `pg_catalog.`, and for the probe alone the search path is `pg_catalog, pg_temp`
 * (operators and casts resolve there first), then put back as the migration left it. Both settings
 * are transaction-local: outside a transaction block the probe's one message is its own implicit
 * transaction, so nothing outlives it.
 */
const SAVED_PATH = 'neon_preview_action.search_path';
const PROBE_PREAMBLE = [
  `SELECT pg_catalog.set_config('${SAVED_PATH}', pg_catalog.current_setting('search_path'), true)`,
  "SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true)",
];
const PROBE_RESTORE = `SELECT pg_catalog.set_config('search_path', pg_catalog.current_setting('${SAVED_PATH}'), true)`;

export const PROBE_SQL = [...PROBE_PREAMBLE, USER_RELATIONS, OWN_LOCKS, PROBE_RESTORE].join(';\n');
/** Where the probe's two result sets are among the results of PROBE_SQL. */
export const PROBE_RESULTS = { relations: PROBE_PREAMBLE.length, locks: PROBE_PREAMBLE.length + 1 } as const;

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
  return probeOf(await session.query(PROBE_SQL));
}

/** The probe's reading from the results of PROBE_SQL. */
export function probeOf(results: readonly Record<string, unknown>[][]): Probe {
  return parseProbe(results[PROBE_RESULTS.relations] ?? [], results[PROBE_RESULTS.locks] ?? []);
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
