/**
 * compare-schema's sides stage: the preview branch, the base it is compared with and the point of
 * the base (the fork point by default, so later merges into the parent never show up as this PR's
 * drops), the databases to review, and per database the two dumps and Neon's diff. Neon I/O only,
 * over the run's client; `basePoint` and `fallBackToHead` are the pure rules.
 */
import type { CompareSettings } from '../inputs/commands.js';
import { InputError } from '../inputs/errors.js';
import {
  BranchSchemaResponseSchema,
  CompareSchemaResponseSchema,
  DatabasesResponseSchema,
  type NeonBranch,
  type NeonClient,
  outsideHistory,
  parse,
} from '../neon/index.js';
import type { BasePoint as RenderedBase } from '../conversation/render-review.js';
import { resolveBranch } from '../preview/lookup.js';
import type { Logger } from '../runtime/logger.js';

type SideSettings = Pick<
  CompareSettings,
  'baseBranch' | 'basePoint' | 'lsn' | 'timestamp' | 'baseLsn' | 'baseTimestamp' | 'databases'
>;

/** Where the base side is read: a point on the base branch, and what to say about it in the comment. */
export interface BasePoint {
  lsn?: string;
  timestamp?: string;
  shown: RenderedBase;
}

export interface Sides {
  projectId: string;
  preview: NeonBranch;
  base: NeonBranch;
  databases: string[];
  point: BasePoint;
}

export interface Dumps {
  diff: string;
  beforeSql: string;
  afterSql: string;
}

/** The base branch and the databases of the preview (one round trip for both), checked against the settings. */
export async function readSides(
  neon: NeonClient,
  settings: SideSettings,
  projectId: string,
  preview: NeonBranch,
): Promise<Sides> {
  const [base, existing] = await Promise.all([
    settings.baseBranch
      ? resolveBranch(neon, projectId, settings.baseBranch, 'base-branch')
      : parentOf(neon, projectId, preview),
    databasesOf(neon, projectId, preview.id),
  ]);
  const missing = settings.databases.filter((d) => !existing.includes(d));
  if (missing.length > 0)
    throw new InputError(
      'databases',
      `names no database of branch ${preview.name}: ${missing.map((d) => `"${d}"`).join(', ')} (it has ${existing.join(', ') || 'none'})`,
    );
  const databases = settings.databases.length > 0 ? settings.databases : existing;
  return { projectId, preview, base, databases, point: basePoint(settings, preview, base) };
}

export function basePoint(
  settings: Pick<SideSettings, 'baseLsn' | 'baseTimestamp' | 'basePoint'>,
  branch: NeonBranch,
  base: NeonBranch,
): BasePoint {
  if (settings.baseLsn)
    return { lsn: settings.baseLsn, shown: { mode: 'lsn', branch: base.name, lsn: settings.baseLsn } };
  if (settings.baseTimestamp)
    return {
      timestamp: settings.baseTimestamp,
      shown: { mode: 'timestamp', branch: base.name, timestamp: settings.baseTimestamp },
    };
  if (settings.basePoint === 'fork' && base.id === branch.parent_id && branch.parent_lsn)
    return { lsn: branch.parent_lsn, shown: { mode: 'fork', branch: base.name, lsn: branch.parent_lsn } };
  return { shown: { mode: 'head', branch: base.name } };
}

/**
 * The head of the base instead of `point`, when Neon refused the point because it lies outside its
 * history retention and the point was the default (a point the user named is never replaced).
 */
export function fallBackToHead(
  e: unknown,
  point: BasePoint,
  settings: Pick<SideSettings, 'baseLsn' | 'baseTimestamp'>,
  base: string,
): BasePoint | undefined {
  if (!outsideHistory(e) || (point.lsn === undefined && point.timestamp === undefined)) return undefined;
  if (settings.baseLsn || settings.baseTimestamp) return undefined;
  return { shown: { mode: 'head', branch: base, fallbackReason: `Neon refused the fork point (${e.apiMessage})` } };
}

/** One database's dumps at the point, falling back to the base's head (said in a warning) where Neon refuses it. */
export async function readDumps(
  neon: NeonClient,
  log: Logger,
  settings: SideSettings,
  sides: Sides,
  database: string,
): Promise<{ dumps: Dumps; point: BasePoint }> {
  try {
    return { dumps: await fetchDumps(neon, settings, sides, database, sides.point), point: sides.point };
  } catch (e) {
    const point = fallBackToHead(e, sides.point, settings, sides.base.name);
    if (!point) throw e;
    log.warning(`${point.shown.fallbackReason}; comparing with the head of ${sides.base.name} instead`);
    return { dumps: await fetchDumps(neon, settings, sides, database, point), point };
  }
}

async function parentOf(neon: NeonClient, projectId: string, branch: NeonBranch): Promise<NeonBranch> {
  if (!branch.parent_id)
    throw new InputError(
      'base-branch',
      `is required: branch ${branch.name} has no parent to compare with (a root or schema-only branch)`,
    );
  return resolveBranch(neon, projectId, branch.parent_id, 'base-branch');
}

async function databasesOf(neon: NeonClient, projectId: string, branchId: string): Promise<string[]> {
  const { data } = await neon.call('listProjectBranchDatabases', {
    path: { project_id: projectId, branch_id: branchId },
  });
  return parse(DatabasesResponseSchema, data, 'listProjectBranchDatabases').databases.map((d) => d.name);
}

async function fetchDumps(
  neon: NeonClient,
  settings: SideSettings,
  sides: Sides,
  database: string,
  point: BasePoint,
): Promise<Dumps> {
  const { projectId, preview, base } = sides;
  const compare = async () => {
    const { data } = await neon.call('getProjectBranchSchemaComparison', {
      path: { project_id: projectId, branch_id: preview.id },
      query: {
        db_name: database,
        base_branch_id: base.id,
        lsn: settings.lsn,
        timestamp: settings.timestamp,
        base_lsn: point.lsn,
        base_timestamp: point.timestamp,
      },
    });
    return parse(CompareSchemaResponseSchema, data, 'getProjectBranchSchemaComparison').diff ?? '';
  };
  const schema = async (branchId: string, lsn?: string, timestamp?: string) => {
    const { data } = await neon.call('getProjectBranchSchema', {
      path: { project_id: projectId, branch_id: branchId },
      query: { db_name: database, lsn, timestamp },
    });
    return parse(BranchSchemaResponseSchema, data, 'getProjectBranchSchema').sql ?? '';
  };
  // three reads, side by side
  const [diff, beforeSql, afterSql] = await Promise.all([
    compare(),
    schema(base.id, point.lsn, point.timestamp),
    schema(preview.id, settings.lsn, settings.timestamp),
  ]);
  return { diff, beforeSql, afterSql };
}
