/**
 * The size of every table a change touches, read from the preview branch itself: the parent's
 * real data at the fork point plus what the PR's migration did. Rows are the planner's estimate
 * (`pg_class.reltuples`), or a count (capped) where the table was never analyzed; bytes are
 * `pg_total_relation_size` (table, indexes and TOAST; summed over the leaves of a partitioned table).
 *
 * The queries take a `Queryable` (node-postgres' Client fits); `connectForSizes` opens one, loading
 * `pg` only then, so the other commands never load it. Which tables to read is src/schema/table-sizes.ts.
 */
import type { TableSize } from '../schema/risk.js';

export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Counts stop here: past it, the size reads "≥ 1 M rows". */
export const COUNT_CAP = 1_000_000;

/**
 * Every catalog name, function, type and operator is qualified with `pg_catalog.`: the branch holds
 * the PR's migration, which can set the database's or role's search_path (`public, pg_catalog`) and
 * create `public.pg_class` or an operator of its own. The query changes no session state.
 */
const EQ = 'OPERATOR(pg_catalog.=)';
const SIZES_SQL = `
SELECT t.path,
       CASE WHEN c.relkind ${EQ} 'p'
            THEN (SELECT CASE WHEN pg_catalog.bool_or(l.reltuples OPERATOR(pg_catalog.<) 0) THEN -1 ELSE pg_catalog.sum(l.reltuples) END
                    FROM pg_catalog.pg_partition_tree(c.oid) p JOIN pg_catalog.pg_class l ON l.oid ${EQ} p.relid WHERE p.isleaf)
            ELSE c.reltuples END::pg_catalog.float8 AS reltuples,
       CASE WHEN c.relkind ${EQ} 'p'
            THEN (SELECT coalesce(pg_catalog.sum(pg_catalog.pg_total_relation_size(p.relid)), 0) FROM pg_catalog.pg_partition_tree(c.oid) p)
            ELSE pg_catalog.pg_total_relation_size(c.oid) END::pg_catalog.float8 AS bytes
  FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.text[]), pg_catalog.unnest($2::pg_catalog.text[]), pg_catalog.unnest($3::pg_catalog.text[])) AS t(path, nsp, rel)
  JOIN pg_catalog.pg_namespace n ON n.nspname ${EQ} t.nsp::pg_catalog.name
  JOIN pg_catalog.pg_class c ON c.relnamespace ${EQ} n.oid AND c.relname ${EQ} t.rel::pg_catalog.name
   AND c.relkind ${EQ} ANY ('{r,p,m}'::pg_catalog."char"[])`;

/**
 * Sizes of the tables (dotted `schema.table` paths) that exist; one catalog query, then one capped
 * count per table without an estimate. A count the role may not run leaves that table out.
 */
export async function readTableSizes(
  client: Queryable,
  tables: readonly string[],
  countCap = COUNT_CAP,
): Promise<Map<string, TableSize>> {
  const sizes = new Map<string, TableSize>();
  if (tables.length === 0) return sizes;
  const split = tables.map((path) => {
    const dot = path.indexOf('.');
    return [path, path.slice(0, dot), path.slice(dot + 1)] as const;
  });
  const { rows } = await client.query(SIZES_SQL, [
    split.map((s) => s[0]),
    split.map((s) => s[1]),
    split.map((s) => s[2]),
  ]);
  for (const row of rows) {
    const path = String(row.path);
    const bytes = Number(row.bytes);
    const estimate = Number(row.reltuples);
    if (estimate >= 0) {
      sizes.set(path, { rows: estimate, bytes });
      continue;
    }
    // never vacuumed or analyzed: count, up to the cap
    const [, schema, name] = split.find((s) => s[0] === path)!;
    try {
      const counted = await client.query(
        `SELECT pg_catalog.count(*)::pg_catalog.float8 AS n FROM (SELECT FROM ${quoteIdent(schema)}.${quoteIdent(name)} LIMIT ${countCap + 1}) s`,
      );
      const n = Number(counted.rows[0]?.n ?? 0);
      sizes.set(path, n > countCap ? { rows: countCap, bytes, atLeast: true } : { rows: n, bytes });
    } catch {
      // no SELECT on the table: its size stays unknown
    }
  }
  return sizes;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface SizeConnection extends Queryable {
  end(): Promise<void>;
}

/**
 * Opens a connection with node-postgres (loaded here, on first use). Neon's `sslmode=require` is
 * sent as `verify-full` (what pg does for it today, said explicitly so pg does not warn), and
 * `channel_binding=require` turns on SCRAM channel binding.
 */
export async function connectForSizes(
  uri: string,
  options: {
    connectTimeoutMs: number;
    statementTimeoutMs: number;
    /** Handed the client before it connects, so that ending it can cut a connection attempt short. */
    onClient?: (client: SizeConnection) => void;
  },
): Promise<SizeConnection> {
  const { default: pg } = await import('pg');
  const url = new URL(uri);
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode === 'require' || sslmode === 'prefer' || sslmode === 'verify-ca')
    url.searchParams.set('sslmode', 'verify-full');
  const channelBinding = url.searchParams.get('channel_binding') === 'require';
  url.searchParams.delete('channel_binding');
  const client = new pg.Client({
    connectionString: url.toString(),
    connectionTimeoutMillis: Math.max(1_000, options.connectTimeoutMs),
    statement_timeout: options.statementTimeoutMs,
    query_timeout: options.statementTimeoutMs + 5_000,
    application_name: 'neon-preview-action',
    enableChannelBinding: channelBinding,
  });
  // a connection that drops later is reported by the next query; an unhandled 'error' would end the process
  client.on('error', () => {});
  options.onClient?.(client);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw e;
  }
  return client;
}
