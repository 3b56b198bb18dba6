/** What create-branch and reset-branch may add about a branch: its parent's name, its Auth and Data API URLs. */
import { NeonApiError, type NeonBranch, type NeonClient } from '../neon/index.js';

/** The parent's name (its id when Neon will not say); undefined for a root branch. */
export async function parentNameOf(
  neon: NeonClient,
  projectId: string,
  branch: NeonBranch,
): Promise<string | undefined> {
  if (!branch.parent_id) return undefined;
  try {
    const { data } = await neon.call('getProjectBranch', {
      path: { project_id: projectId, branch_id: branch.parent_id },
    });
    return data.branch.name;
  } catch {
    return branch.parent_id;
  }
}

/** One GET; a 404 (not configured) is an empty output, not a failure. */
async function optionalGet(get: () => Promise<string>): Promise<string> {
  try {
    return await get();
  } catch (e) {
    if (e instanceof NeonApiError && e.status === 404) return '';
    throw e;
  }
}

/** The branch's Neon Auth URL; empty when not configured. */
export function authUrl(neon: NeonClient, projectId: string, branchId: string): Promise<string> {
  return optionalGet(async () => {
    const { data } = await neon.call('getNeonAuth', { path: { project_id: projectId, branch_id: branchId } });
    return String((data as { base_url?: string }).base_url ?? '');
  });
}

/** The Data API URL of the branch's database; empty when not configured. */
export function dataApiUrl(neon: NeonClient, projectId: string, branchId: string, database: string): Promise<string> {
  return optionalGet(async () => {
    const { data } = await neon.call('getProjectBranchDataAPI', {
      path: { project_id: projectId, branch_id: branchId, database_name: database },
    });
    return String((data as { url?: string }).url ?? '');
  });
}
