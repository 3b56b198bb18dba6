/**
 * `GET /compare_schema` → `{diff}` (unified diff of the base and target dumps, `--- a/<db>` /
 * `+++ b/<db>`, empty when equal) and `GET /schema` → `{sql}`. Dumps come from the data plane;
 * a point in time is answered only where a checkpoint was kept (see core.resolvePoint).
 */
import { unifiedDiff } from '../../../src/schema/unified-diff.js';
import { getBranch, isPoint, type LocalNeonCore, type PointInTime, readPoint, resolvePoint } from '../core.js';
import { badRequest } from '../errors.js';
import type { Route } from '../router.js';
import { findDatabase } from './branches-read.js';

/** The unified diff Neon returns: file headers `a/<db>` and `b/<db>`, no index line. */
export function schemaDiff(database: string, base: string, target: string): string {
  return unifiedDiff(`a/${database}`, `b/${database}`, base, target);
}

async function dump(core: LocalNeonCore, branchId: string, point: PointInTime, database: string): Promise<string> {
  const branch = getBranch(core, branchId);
  findDatabase(branch, database);
  if (isPoint(point)) {
    return core.dataPlane.dumpSchema({ checkpoint: resolvePoint(core, branch.id, point).key }, database);
  }
  if (branch.metadataOnly) throw badRequest(`branch ${branch.id} is metadata-only (seeded) and has no schema`);
  return core.dataPlane.dumpSchema({ branchId: branch.id }, database);
}

function requireDbName(query: URLSearchParams): string {
  const db = query.get('db_name');
  if (!db) throw badRequest('db_name is required');
  return db;
}

export const schemaRoutes: Route[] = [
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/{branch_id}/compare_schema',
    operationId: 'getProjectBranchSchemaComparison',
    handler: async ({ core, params, query }) => {
      const db = requireDbName(query);
      const branch = getBranch(core, params.branch_id);
      const baseId = query.get('base_branch_id') || branch.parentId;
      if (!baseId) throw badRequest(`branch ${branch.id} has no parent to compare to; provide base_branch_id`);
      const targetPoint = readPoint((k) => query.get(k) ?? undefined, 'lsn', 'timestamp');
      const basePoint = readPoint((k) => query.get(k) ?? undefined, 'base_lsn', 'base_timestamp');
      getBranch(core, baseId);
      const [base, target] = await Promise.all([
        dump(core, baseId, basePoint, db),
        dump(core, branch.id, targetPoint, db),
      ]);
      return { status: 200, body: { diff: schemaDiff(db, base, target) } };
    },
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/{branch_id}/schema',
    operationId: 'getProjectBranchSchema',
    handler: async ({ core, params, query }) => {
      const db = requireDbName(query);
      const format = query.get('format') ?? 'sql';
      if (format !== 'sql') throw badRequest('only format=sql is supported locally');
      const point = readPoint((k) => query.get(k) ?? undefined, 'lsn', 'timestamp');
      return { status: 200, body: { sql: await dump(core, params.branch_id, point, db) } };
    },
  },
];
