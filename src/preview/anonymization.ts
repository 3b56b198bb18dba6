/** Waiting on Neon's anonymization state machine: created → initialized → anonymizing → anonymized. */
import { formatMs, nextPollInterval, type NeonAnonymizedStatus, type NeonClient } from '../neon/index.js';

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

/** Polls (after 200 ms, then a fifth of the time waited, at most 1 s) until `anonymized`; fails with Neon's message on `error`/`initialization_error`. */
export async function waitForAnonymized(
  neon: NeonClient,
  projectId: string,
  branchId: string,
): Promise<NeonAnonymizedStatus> {
  const started = neon.now();
  let interval = 200;
  let last = '';
  for (;;) {
    const status = await anonymizedStatus(neon, projectId, branchId);
    const line = `${status.state}${status.status_message ? `: ${status.status_message}` : ''}`;
    if (line !== last) neon.logger.info(`Anonymization ${line}`);
    last = line;
    if (status.state === 'anonymized') return status;
    if (FAILED.has(status.state))
      throw new Error(
        `Anonymization of branch ${branchId} ended in "${status.state}": ${status.status_message || 'Neon gave no message'}`,
      );
    if (neon.now() + interval > neon.deadline)
      throw new Error(
        `Timed out after ${formatMs(neon.now() - started)} waiting for anonymization (state "${status.state}")`,
      );
    await neon.sleep(interval);
    interval = nextPollInterval(neon.now() - started, 200, 1_000);
  }
}
