/** Waiting on Neon's anonymization state machine: created → initialized → anonymizing → anonymized. */
import { formatDuration } from '../basics/format.js';
import { poll } from '../basics/poll.js';
import { nextPollInterval, type NeonAnonymizedStatus, type NeonClient } from '../neon/index.js';

const FAILED = new Set(['error', 'initialization_error']);

export async function anonymizedStatus(
  neon: NeonClient,
  projectId: string,
  branchId: string,
): Promise<NeonAnonymizedStatus> {
  const { data } = await neon.call('getAnonymizedBranchStatus', {
    path: { project_id: projectId, branch_id: branchId },
  });
  return data;
}

/** Polls (at once, then after half the time waited, 200 ms to 1 s) until `anonymized`; fails with Neon's message on `error`/`initialization_error`. */
export async function waitForAnonymized(
  neon: NeonClient,
  projectId: string,
  branchId: string,
): Promise<NeonAnonymizedStatus> {
  let last = '';
  let state = '';
  return poll(
    async () => {
      const status = await anonymizedStatus(neon, projectId, branchId);
      const line = `${status.state}${status.status_message ? `: ${status.status_message}` : ''}`;
      if (line !== last) neon.logger.info(`Anonymization ${line}`);
      last = line;
      state = status.state;
      if (status.state === 'anonymized') return status;
      if (FAILED.has(status.state))
        throw new Error(
          `Anonymization of branch ${branchId} ended in "${status.state}": ${status.status_message || 'Neon gave no message'}`,
        );
      return undefined;
    },
    {
      deadline: neon.deadline,
      sleep: (ms) => neon.sleep(ms),
      nextWaitMs: (elapsedMs) => nextPollInterval(elapsedMs, 200, 1_000),
      timeout: (elapsedMs) =>
        new Error(`Timed out after ${formatDuration(elapsedMs)} waiting for anonymization (state "${state}")`),
    },
  );
}
