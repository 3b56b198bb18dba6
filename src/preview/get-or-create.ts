/**
 * Get-or-create, race-safe: look the exact name up; create with the annotations in the request (so
 * even a cancelled run leaves a branch a rerun adopts or a sweep finds); on any 409 re-list by exact
 * name and adopt. A branch this run created whose operations then fail is deleted before failing.
 */
import { firstLine } from '../basics/errors.js';
import type { BranchSettings } from '../inputs/commands.js';
import {
  findBranchByExactName,
  NeonApiError,
  type NeonBranch,
  type NeonClient,
  type NeonConnectionUri,
  type NeonEndpoint,
  NeonOperationError,
  waitForOperations,
} from '../neon/index.js';
import { freeDeletedName, startDeleteBranch } from './delete.js';
import { endpointBody } from './readiness.js';

export type CreateOptions = Pick<
  BranchSettings,
  'parentLsn' | 'parentTimestamp' | 'schemaOnly' | 'expiresAt' | 'cuMin' | 'cuMax' | 'suspendTimeout'
> & {
  /** Resolved only when a branch is really created (a rerun that adopts spends no call on it). */
  parentId: () => Promise<string | undefined>;
  /**
   * Finds the branch to adopt (before creating, and after a 409): by default the exact name; the
   * commands pass `findPreviewBranch`, which refuses another repository's branch and finds this PR's
   * branch under an earlier default name.
   */
  find?: () => Promise<NeonBranch | undefined>;
  /**
   * After a 409 with no live branch of the name: whether a deleted but recoverable branch with
   * these annotations may be deleted for good to free the name (Branch Recovery); none by default.
   */
  ownsDeleted?: (annotations: Record<string, string>) => boolean;
};

export type GetOrCreate =
  | {
      created: true;
      branch: NeonBranch;
      endpoint: NeonEndpoint | undefined;
      connectionUris: NeonConnectionUri[] | undefined;
    }
  | { created: false; branch: NeonBranch };

export function createBody(
  name: string,
  opts: Omit<CreateOptions, 'parentId' | 'find'>,
  parentId: string | undefined,
  annotations: Record<string, string>,
) {
  return {
    branch: {
      name,
      parent_id: parentId,
      parent_lsn: opts.parentLsn,
      parent_timestamp: opts.parentTimestamp,
      init_source: opts.schemaOnly ? 'schema-only' : undefined,
      expires_at: opts.expiresAt,
    },
    endpoints: [endpointBody(opts)],
    annotation_value: annotations,
  };
}

/** Told about the branch as soon as Neon answers, before any wait: outputs and masks go out at once. */
export type OnBranch = (branch: NeonBranch, created: boolean, connectionUris?: readonly NeonConnectionUri[]) => void;

/** How far Neon's clock may trail ours when telling a branch this run made from one made before it. */
const CLOCK_SKEW_MS = 2_000;

/** Creates the branch, or finds the one another run (or an earlier try of this one) made. */
export async function createOrAdopt(
  neon: NeonClient,
  projectId: string,
  name: string,
  opts: CreateOptions,
  annotations: Record<string, string>,
  signal?: AbortSignal,
  onBranch: OnBranch = () => {},
): Promise<GetOrCreate> {
  const find = opts.find ?? (() => findBranchByExactName(neon, projectId, name));
  const existing = await find();
  if (existing) {
    onBranch(existing, false);
    return { created: false, branch: existing };
  }
  const parentId = await opts.parentId();
  if (signal?.aborted) throw new Error('Cancelled before creating the branch');
  let result: Awaited<ReturnType<typeof neon.call<'createProjectBranch', NeonBranch>>>;
  const sentAt = Date.now();
  const create = () =>
    neon.call<'createProjectBranch', NeonBranch>(
      'createProjectBranch',
      { path: { project_id: projectId }, body: createBody(name, opts, parentId, annotations) as never },
      { reconcile: () => findBranchByExactName(neon, projectId, name) },
    );
  try {
    result = await create();
  } catch (e) {
    if (!(e instanceof NeonApiError && e.status === 409)) throw explainLimit(e);
    const raced = await find();
    if (raced) {
      neon.logger.info(`Branch "${name}" was created by another run meanwhile: adopting it`);
      onBranch(raced, false);
      return { created: false, branch: raced };
    }
    // a reopened PR's name may still be held by its deleted, recoverable preview
    if (!opts.ownsDeleted || !(await freeDeletedName(neon, projectId, name, opts.ownsDeleted)))
      throw new Error(`Neon refused to create branch "${name}": ${e.apiMessage || e.message}`);
    try {
      result = await create();
    } catch (again) {
      throw explainLimit(again);
    }
  }
  if (result.reconciled) {
    // Neon's answer was lost but the branch is there: made after this run's request, it is this run's
    const ours = Date.parse(result.data.created_at) >= sentAt - CLOCK_SKEW_MS;
    onBranch(result.data, ours);
    return ours
      ? { created: true, branch: result.data, endpoint: undefined, connectionUris: undefined }
      : { created: false, branch: result.data };
  }
  const created = result.data;
  onBranch(created.branch, true, created.connection_uris);
  try {
    await waitForOperations(neon, projectId, created.operations);
  } catch (e) {
    if (e instanceof NeonOperationError && e.reason === 'failed')
      await deleteOwnBranch(neon, projectId, created.branch);
    throw e;
  }
  return {
    created: true,
    branch: created.branch,
    endpoint: created.endpoints.find((ep) => ep.type === 'read_write'),
    connectionUris: created.connection_uris,
  };
}

function explainLimit(e: unknown): unknown {
  if (!(e instanceof NeonApiError) || e.status !== 422) return e;
  const text = `${e.code} ${e.apiMessage}`;
  if (!/LIMIT/i.test(text)) return e;
  const root = /ROOT_BRANCHES/i.test(text) ? ' (schema-only branches count against the root-branch limit)' : '';
  return new Error(
    `Neon refused a new branch: the project's branch limit is reached${root} (${e.apiMessage}). ` +
      'Delete stale preview branches: run this action with command: cleanup and cleanup-mode: sweep (try dry-run: true first).',
  );
}

/** Best effort: a run removes only what it made itself before it fails. */
export async function deleteOwnBranch(neon: NeonClient, projectId: string, branch: NeonBranch): Promise<void> {
  try {
    neon.logger.warning(
      `Deleting branch ${branch.name} (${branch.id}), which this run created, because its creation failed`,
    );
    // for good, like every delete of the action's: a recoverable leftover could hold the name from the rerun
    await startDeleteBranch(neon, projectId, branch.id);
  } catch (e) {
    neon.logger.warning(`Could not delete branch ${branch.id}: ${firstLine(e)}`);
  }
}
