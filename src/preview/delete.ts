/**
 * Deleting branches, and Branch Recovery (Neon API 2.7.3, in preview for some accounts): a plain
 * DELETE keeps the branch recoverable for 7 days, holding its data (and perhaps its name). The
 * action deletes what it made for good (`hard_delete=true`): a closed PR's copy of the data is gone
 * with it. Neon answers that parameter with a 400 where it does not know it: the delete is sent again
 * without it, and the result says the branch may be recoverable.
 */
import { NeonApiError, type NeonClient, type OperationRef, operationState, waitForOperations } from '../neon/index.js';

export interface DeleteStarted {
  /** `false` when Neon said the branch was already gone (204 or 404). */
  existed: boolean;
  operations: OperationRef[];
  /** Neon refused `hard_delete`: a deletion it may keep recoverable for 7 days. */
  recoverable?: true;
}

/** Sends the DELETE (for good where Neon knows how); `existed: false` when the branch was already gone. */
export async function startDeleteBranch(neon: NeonClient, projectId: string, branchId: string): Promise<DeleteStarted> {
  const path = { project_id: projectId, branch_id: branchId };
  const send = async (hard: boolean): Promise<DeleteStarted> => {
    const { status, data } = await neon.call(
      'deleteProjectBranch',
      hard ? { path, query: { hard_delete: true } } : { path },
    );
    if (status === 204) return { existed: false, operations: [] };
    const ops = data.operations;
    return { existed: true, operations: ops.filter((op) => operationState(op.status) !== 'succeeded') };
  };
  try {
    try {
      return await send(true);
    } catch (e) {
      if (!refusedHardDelete(e)) throw e;
      neon.logger.info(
        `Neon does not take hard_delete here (${e.apiMessage}): deleting ${branchId} as Neon deletes by default, which may keep it recoverable for 7 days`,
      );
      return { ...(await send(false)), recoverable: true };
    }
  } catch (e) {
    if (e instanceof NeonApiError && e.status === 404) return { existed: false, operations: [] };
    throw e;
  }
}

/** A 400/422 about the `hard_delete` parameter itself (an account without Branch Recovery). */
function refusedHardDelete(e: unknown): e is NeonApiError {
  return (
    e instanceof NeonApiError &&
    (e.status === 400 || e.status === 422) &&
    /hard[_ ]delete|recovery/i.test(`${e.code} ${e.apiMessage}`)
  );
}

/** Deletes one branch and waits for it; `false` when it was already gone. */
export async function deleteBranch(neon: NeonClient, projectId: string, branchId: string): Promise<boolean> {
  const { existed, operations } = await startDeleteBranch(neon, projectId, branchId);
  await waitForOperations(neon, projectId, operations);
  return existed;
}

/**
 * Frees `name` from a deleted but recoverable branch of this repository's (a preview deleted by an
 * older version, in Neon's console, or by its own expiry, which Neon keeps 7 days and which may
 * hold its name): recovers it, then deletes it for good. `true` when one was freed. A branch that
 * another repository's annotations claim, or none at all when the account has no Branch Recovery
 * (Neon refuses `include_deleted`), is left alone.
 */
export async function freeDeletedName(
  neon: NeonClient,
  projectId: string,
  name: string,
  ours: (annotations: Record<string, string>) => boolean,
): Promise<boolean> {
  let data: unknown;
  try {
    ({ data } = await neon.call('listProjectBranches', {
      path: { project_id: projectId },
      query: { search: name, include_deleted: true, limit: 100 },
    }));
  } catch (e) {
    if (e instanceof NeonApiError && e.status >= 400 && e.status < 500) return false;
    throw e;
  }
  const page = data as {
    branches?: { id: string; name: string; recovery?: unknown }[];
    annotations?: Record<string, { value?: Record<string, string> }>;
  };
  const deleted = (page.branches ?? []).find((b) => b.name === name && b.recovery);
  if (!deleted || !ours(page.annotations?.[deleted.id]?.value ?? {})) return false;
  neon.logger.info(
    `Branch name ${name} is held by ${deleted.id}, deleted but recoverable: recovering it to delete it for good`,
  );
  await neon.call('recoverProjectBranch', { path: { project_id: projectId, branch_id: deleted.id } });
  await deleteBranch(neon, projectId, deleted.id);
  return true;
}
