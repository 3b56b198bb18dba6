import type { NeonClient } from './client.js';
import { formatMs } from './client.js';
import { type NeonOperation, OperationResponseSchema, OperationsPageSchema, parse } from './schemas.js';

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

/**
 * How long to wait before the next look at something Neon is doing: a fifth of the time waited so
 * far, at least 200 ms and at most 1 s. Short work costs few calls; long work is seen soon after it ends.
 */
export function nextPollInterval(waitedMs: number, minMs = 200, maxMs = 1_000): number {
  return Math.min(maxMs, Math.max(minMs, Math.round(waitedMs * 0.2)));
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
 * `cancelled`; operations already terminal are not polled; polls adaptively (first after 200 ms, then a fifth of
 * the time waited, capped at 1 s). At the end of the budget, fails naming what is still pending. Returns how many polls it made.
 */
/** The operations not yet over, by id; throws at once on one that already failed. */
function stillPending(operations: readonly OperationRef[]): Map<string, OperationRef> {
  const pending = new Map<string, OperationRef>();
  for (const op of operations) {
    const state = operationState(op.status);
    if (state === 'failed') throw new NeonOperationError(describeFailure(op), 'failed', [op]);
    if (state === 'pending') pending.set(op.id, op);
  }
  return pending;
}

export async function waitForOperations(
  client: NeonClient,
  projectId: string,
  operations: readonly OperationRef[],
  options: WaitForOperationsOptions = {},
): Promise<number> {
  const pending = stillPending(operations);
  if (pending.size === 0) return 0;

  const started = client.now();
  const deadline =
    options.budgetMs === undefined ? client.deadline : Math.min(client.deadline, started + options.budgetMs);
  const maxInterval = options.maxIntervalMs ?? 1000;
  const firstInterval = Math.min(options.firstIntervalMs ?? 200, maxInterval);
  let interval = firstInterval;
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
    // A mutation's operations run one after another: poll them in order and stop at the first one
    // still running, so each round costs one call until that one ends.
    for (const op of [...pending.values()]) {
      const { data } = await client.call('getProjectOperation', {
        path: { project_id: projectId, operation_id: op.id },
      });
      polls++;
      const current = parse(OperationResponseSchema, data, 'getProjectOperation').operation;
      const state = operationState(current.status);
      if (state === 'failed') throw new NeonOperationError(describeFailure(current), 'failed', [current]);
      if (state !== 'succeeded') {
        pending.set(op.id, current);
        break;
      }
      pending.delete(op.id);
    }
    interval = nextPollInterval(client.now() - started, firstInterval, maxInterval);
  }
  client.logger.info(
    `Neon operations done in ${formatMs(client.now() - started)} (${polls} poll${polls === 1 ? '' : 's'})`,
  );
  return polls;
}

/**
 * Waits for many operations at once (a sweep's deletions): each round reads the project's recent
 * operations page by page (newest first, up to 1,000 a page) instead of one call per operation, and
 * stops paging once every pending id was seen. Few operations go through `waitForOperations`.
 */
export async function waitForAllOperations(
  client: NeonClient,
  projectId: string,
  operations: readonly OperationRef[],
): Promise<number> {
  const pending = stillPending(operations);
  if (pending.size <= 3) return waitForOperations(client, projectId, [...pending.values()]);
  const started = client.now();
  let interval = 200;
  let calls = 0;
  client.logger.info(`Waiting for ${pending.size} Neon operations`);
  while (pending.size > 0) {
    if (client.now() + interval > client.deadline)
      throw new NeonOperationError(
        `Timed out after ${formatMs(client.now() - started)} waiting for ${pending.size} Neon operations, e.g. ${describePending([...pending.values()].slice(0, 3))}`,
        'timeout',
        [...pending.values()],
      );
    await client.sleep(interval);
    const unseen = new Set(pending.keys());
    let cursor: string | undefined;
    const cursors = new Set<string>();
    while (unseen.size > 0) {
      const { data } = await client.call('listProjectOperations', { path: { project_id: projectId }, query: { limit: 1000, cursor } });
      calls++;
      const page = parse(OperationsPageSchema, data, 'listProjectOperations');
      for (const op of page.operations) {
        if (!unseen.delete(op.id)) continue;
        const state = operationState(op.status);
        if (state === 'failed') throw new NeonOperationError(describeFailure(op), 'failed', [op]);
        if (state === 'succeeded') pending.delete(op.id);
      }
      cursor = page.pagination?.cursor;
      if (page.operations.length === 0 || !cursor || cursors.has(cursor)) break;
      cursors.add(cursor);
    }
    // operations the listing did not show (older than its pages reach) are asked for one by one
    for (const id of unseen) {
      const { data } = await client.call('getProjectOperation', { path: { project_id: projectId, operation_id: id } });
      calls++;
      const op = parse(OperationResponseSchema, data, 'getProjectOperation').operation;
      const state = operationState(op.status);
      if (state === 'failed') throw new NeonOperationError(describeFailure(op), 'failed', [op]);
      if (state === 'succeeded') pending.delete(id);
    }
    interval = nextPollInterval(client.now() - started);
  }
  client.logger.info(`Neon operations done in ${formatMs(client.now() - started)} (${calls} calls)`);
  return calls;
}
