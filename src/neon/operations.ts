import type { NeonClient } from './client.js';
import { formatMs } from './client.js';
import { type NeonOperation, OperationResponseSchema, parse } from './schemas.js';

/** Operation statuses that end an operation well or badly; anything else (even unknown) is pending. */
export const SUCCESS_STATUSES: ReadonlySet<string> = new Set(['finished', 'skipped']);
export const FAILURE_STATUSES: ReadonlySet<string> = new Set(['failed', 'error', 'cancelled']);

/** The parts of an operation the wait reads. */
export type OperationRef = Pick<NeonOperation, 'id' | 'action' | 'status'> & { error?: string };

export interface WaitForOperationsOptions {
  /** Wait at most this long (ms); never beyond the client's overall budget. Default: the rest of that budget. */
  budgetMs?: number;
  /** First poll after this long (default 200 ms); each next wait grows ×1.5 up to `maxIntervalMs` (1 s). */
  firstIntervalMs?: number;
  maxIntervalMs?: number;
}

/** An operation ended badly, or the budget ran out with operations still pending. */
export class NeonOperationError extends Error {
  override readonly name = 'NeonOperationError';

  constructor(
    message: string,
    readonly reason: 'failed' | 'timeout',
    readonly operations: readonly OperationRef[],
  ) {
    super(message);
  }
}

export type OperationState = 'succeeded' | 'failed' | 'pending';

export function operationState(status: string): OperationState {
  if (SUCCESS_STATUSES.has(status)) return 'succeeded';
  if (FAILURE_STATUSES.has(status)) return 'failed';
  return 'pending';
}

export function describeFailure(op: OperationRef): string {
  return `Operation ${op.id} (${op.action}) ended with status "${op.status}": ${op.error || 'no error message'}`;
}

function describePending(ops: Iterable<OperationRef>): string {
  return [...ops].map((op) => `${op.id} (${op.action}, ${op.status})`).join(', ');
}

/**
 * Waits until every operation is `finished` or `skipped`. Fails fast on `failed`, `error` or
 * `cancelled`; operations already terminal are not polled; polls adaptively (200 ms, ×1.5, capped at
 * 1 s). At the end of the budget, fails naming what is still pending. Returns how many polls it made.
 */
export async function waitForOperations(
  client: NeonClient,
  projectId: string,
  operations: readonly OperationRef[],
  options: WaitForOperationsOptions = {},
): Promise<number> {
  const pending = new Map<string, OperationRef>();
  for (const op of operations) {
    const state = operationState(op.status);
    if (state === 'failed') throw new NeonOperationError(describeFailure(op), 'failed', [op]);
    if (state === 'pending') pending.set(op.id, op);
  }
  if (pending.size === 0) return 0;

  const started = client.now();
  const deadline =
    options.budgetMs === undefined ? client.deadline : Math.min(client.deadline, started + options.budgetMs);
  const maxInterval = options.maxIntervalMs ?? 1000;
  let interval = Math.min(options.firstIntervalMs ?? 200, maxInterval);
  let polls = 0;
  client.logger.info(`Waiting for Neon operations: ${describePending(pending.values())}`);

  while (pending.size > 0) {
    const remaining = deadline - client.now();
    if (remaining <= 0) {
      throw new NeonOperationError(
        `Timed out after ${formatMs(client.now() - started)} waiting for Neon operations still pending: ` +
          `${describePending(pending.values())}. Raise the \`timeout\` input or check the project in the Neon console.`,
        'timeout',
        [...pending.values()],
      );
    }
    await client.sleep(Math.min(interval, remaining));
    interval = Math.min(interval * 1.5, maxInterval);
    for (const op of [...pending.values()]) {
      const { data } = await client.call('getProjectOperation', {
        path: { project_id: projectId, operation_id: op.id },
      });
      polls++;
      const current = parse(OperationResponseSchema, data, 'getProjectOperation').operation;
      const state = operationState(current.status);
      if (state === 'failed') throw new NeonOperationError(describeFailure(current), 'failed', [current]);
      if (state === 'succeeded') pending.delete(op.id);
      else pending.set(op.id, current);
    }
  }
  client.logger.info(
    `Neon operations done in ${formatMs(client.now() - started)} (${polls} poll${polls === 1 ? '' : 's'})`,
  );
  return polls;
}
