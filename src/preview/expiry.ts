import { NeonApiError, type NeonBranch, type NeonClient, waitForOperations } from '../neon/index.js';

/**
 * A rerun moves the expiry only when the input is set; Neon refusing it (a branch with children, a
 * protected or default branch) is a warning, not a failure.
 */
export async function updateExpiry(
  neon: NeonClient,
  projectId: string,
  branch: NeonBranch,
  expiresAt: string,
): Promise<NeonBranch> {
  try {
    const { data } = await neon.call('updateProjectBranch', {
      path: { project_id: projectId, branch_id: branch.id },
      body: { branch: { expires_at: expiresAt } },
    });
    const updated = data;
    await waitForOperations(neon, projectId, updated.operations);
    neon.logger.info(`Expiry of ${branch.name} set to ${expiresAt}`);
    return updated.branch;
  } catch (e) {
    if (e instanceof NeonApiError && e.status >= 400 && e.status < 500) {
      neon.logger.warning(`Neon kept the expiry of ${branch.name} as it was: ${e.apiMessage || e.message}`);
      return branch;
    }
    throw e;
  }
}
