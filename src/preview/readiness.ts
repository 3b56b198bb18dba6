/**
 * "Ready when the step ends": for a branch this run did not create, wait until the branch is
 * `ready` and its read_write endpoint has left `init` (GET /operations cannot filter by branch),
 * giving it a read_write endpoint when it has none.
 */
import type { ComputeSettings } from '../inputs/commands.js';
import { type NeonBranch, type NeonClient, type NeonEndpoint, waitForOperations } from '../neon/index.js';
import { nextPollInterval } from '../neon/index.js';
import { formatDuration } from '../basics/format.js';
import { poll } from '../basics/poll.js';

export function endpointBody(compute: Partial<ComputeSettings>) {
  return {
    type: 'read_write' as const,
    autoscaling_limit_min_cu: compute.cuMin,
    autoscaling_limit_max_cu: compute.cuMax,
    suspend_timeout_seconds: compute.suspendTimeout,
  };
}

export async function readWriteEndpoint(
  neon: NeonClient,
  projectId: string,
  branchId: string,
): Promise<NeonEndpoint | undefined> {
  const { data } = await neon.call('listProjectBranchEndpoints', {
    path: { project_id: projectId, branch_id: branchId },
  });
  return data.endpoints.find((e) => e.type === 'read_write');
}

/** Creates a read_write endpoint for a branch that has none, and waits for it. */
export async function addReadWriteEndpoint(
  neon: NeonClient,
  projectId: string,
  branchId: string,
  compute: Partial<ComputeSettings>,
): Promise<NeonEndpoint> {
  neon.logger.info(`Branch ${branchId} has no read_write endpoint: creating one`);
  const result = await neon.call(
    'createProjectEndpoint',
    { path: { project_id: projectId }, body: { endpoint: { branch_id: branchId, ...endpointBody(compute) } } },
    { reconcile: () => readWriteEndpoint(neon, projectId, branchId) },
  );
  if (result.reconciled) return result.data as NeonEndpoint;
  const data = result.data as { endpoint: NeonEndpoint; operations: { id: string; action: string; status: string }[] };
  await waitForOperations(neon, projectId, data.operations);
  return data.endpoint;
}

/** Polls (at once, then after half the time waited, 200 ms to 1 s) until the branch is ready with a read_write endpoint out of `init`. */
export async function waitUntilReady(
  neon: NeonClient,
  projectId: string,
  branchId: string,
  compute: Partial<ComputeSettings>,
): Promise<{ branch: NeonBranch; endpoint: NeonEndpoint }> {
  let state = '';
  return poll(
    async () => {
      const { data } = await neon.call('getProjectBranch', { path: { project_id: projectId, branch_id: branchId } });
      const branch = data.branch;
      state = `branch state "${branch.current_state}"`;
      if (branch.current_state !== 'ready') return undefined;
      let endpoint = await readWriteEndpoint(neon, projectId, branchId);
      if (!endpoint) endpoint = await addReadWriteEndpoint(neon, projectId, branchId, compute);
      state = 'its endpoint still in "init"';
      return endpoint.current_state !== 'init' ? { branch, endpoint } : undefined;
    },
    {
      deadline: neon.deadline,
      sleep: (ms) => neon.sleep(ms),
      nextWaitMs: (elapsedMs) => nextPollInterval(elapsedMs, 200, 1_000),
      timeout: (elapsedMs) =>
        new Error(`Timed out after ${formatDuration(elapsedMs)} waiting for branch ${branchId} to be ready (${state})`),
    },
  );
}
