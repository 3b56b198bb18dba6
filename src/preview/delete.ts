import {
  BranchOperationsSchema,
  NeonApiError,
  type NeonClient,
  type OperationRef,
  operationState,
  parse,
  waitForOperations,
} from '../neon/index.js';

/** Sends the DELETE; `existed: false` when Neon says the branch was already gone (204 or 404). */
export async function startDeleteBranch(
  neon: NeonClient,
  projectId: string,
  branchId: string,
): Promise<{ existed: boolean; operations: OperationRef[] }> {
  try {
    const { status, data } = await neon.call('deleteProjectBranch', { path: { project_id: projectId, branch_id: branchId } });
    if (status === 204) return { existed: false, operations: [] };
    const ops = parse(BranchOperationsSchema, data, 'deleteProjectBranch').operations;
    return { existed: true, operations: ops.filter((op) => operationState(op.status) !== 'succeeded') };
  } catch (e) {
    if (e instanceof NeonApiError && e.status === 404) return { existed: false, operations: [] };
    throw e;
  }
}

/** Deletes one branch and waits for it; `false` when it was already gone. */
export async function deleteBranch(neon: NeonClient, projectId: string, branchId: string): Promise<boolean> {
  const { existed, operations } = await startDeleteBranch(neon, projectId, branchId);
  await waitForOperations(neon, projectId, operations);
  return existed;
}
