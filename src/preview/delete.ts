import { BranchOperationsSchema, NeonApiError, type NeonClient, parse, waitForOperations } from '../neon/index.js';

/** Deletes one branch and waits for it; `false` when Neon says it was already gone (204 or 404). */
export async function deleteBranch(neon: NeonClient, projectId: string, branchId: string): Promise<boolean> {
  try {
    const { status, data } = await neon.call('deleteProjectBranch', { path: { project_id: projectId, branch_id: branchId } });
    if (status === 204) return false;
    await waitForOperations(neon, projectId, parse(BranchOperationsSchema, data, 'deleteProjectBranch').operations);
    return true;
  } catch (e) {
    if (e instanceof NeonApiError && e.status === 404) return false;
    throw e;
  }
}
