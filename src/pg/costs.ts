/**
 * Runs the cost questions of src/costs/requests.ts on a Postgres connection, one at a time: `exact`
 * on a copy the action made (the rehearsal's throwaway branch, before the migration runs), or
 * `estimate` from the statistics of a branch. Each answer is one number; a question that fails (a
 * table the copy does not have, a PostgreSQL without pg_input_is_valid) is left unanswered and its
 * error is not kept: a message could quote the data. Nothing but the numbers leaves here.
 */
import { type CostRequest, qualifiedName } from '../costs/requests.js';

/** Simple-query text in, the rows of its one statement out (the rehearsal's SqlSession fits, as does node-postgres). */
export interface CountQueryable {
  query(text: string): Promise<unknown>;
}

function firstRows(result: unknown): Record<string, unknown>[] {
  // node-postgres answers { rows }; the rehearsal's session answers one row list per statement
  if (Array.isArray(result)) {
    const first = result[0] as unknown;
    if (Array.isArray(first)) return first as Record<string, unknown>[];
    if (first && typeof first === 'object' && 'rows' in first)
      return (first as { rows: Record<string, unknown>[] }).rows;
    return [];
  }
  return ((result as { rows?: Record<string, unknown>[] })?.rows ?? []) as Record<string, unknown>[];
}

/** The answers by request key; `way` picks the exact count or the estimate. */
export async function runCounts(
  db: CountQueryable,
  requests: readonly CostRequest[],
  way: 'exact' | 'estimate',
  opts: { signal?: AbortSignal } = {},
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const r of requests) {
    if (opts.signal?.aborted) break;
    const sql = way === 'exact' ? r.exact : r.estimate;
    if (!sql) continue;
    try {
      if (way === 'exact' && r.each) {
        // the tables to count come from the catalog (names only); the answer is their sum
        let sum = 0;
        for (const t of firstRows(await db.query(sql))) {
          const row = firstRows(await db.query(r.each(`${t.schema}.${t.table}`, String(t.column))))[0];
          sum += Number(row?.n);
        }
        if (Number.isFinite(sum)) out.set(r.key, sum);
        continue;
      }
      const row = firstRows(await db.query(sql))[0];
      const n = row === undefined ? Number.NaN : Number(row.n);
      if (Number.isFinite(n) && n >= 0) out.set(r.key, n);
    } catch {
      // unanswered: the message is not kept (it could hold a value of the data)
    }
  }
  return out;
}

/** Exact row counts of `schema.table`s (on a copy only); a table that cannot be read is left out. */
export async function tableRows(
  db: CountQueryable,
  tables: readonly string[],
  opts: { signal?: AbortSignal } = {},
): Promise<Map<string, number>> {
  const requests = tables.map((t) => ({
    key: t,
    measure: 'loses' as const,
    unit: 'rows' as const,
    table: t,
    rule: '',
    exact: `SELECT pg_catalog.count(*)::pg_catalog.int8 AS n FROM ${qualifiedName(t)}`,
  }));
  return runCounts(db, requests, 'exact', opts);
}
