import { formatDuration } from '../basics/format.js';
import { poll } from '../basics/poll.js';
import type { NeonClient } from './client.js';
import type { NeonOperation } from './schemas.js';

/** Operation statuses that end an operation well or badly; anything else (even unknown) is pending. */
export const SUCCESS_STATUSES: ReadonlySet<string> = new Set(['finished', 'skipped']);
export const FAILURE_STATUSES: ReadonlySet<string> = new Set(['failed', 'error', 'cancelled']);

/** The parts of an operation the wait reads. */
export type OperationRef = Pick<NeonOperation, 'id' | 'action' | 'status'> & { error?: string };

export interface WaitForOperationsOptions {
  /** Wait at most this long (ms); never beyond the client's overall budget. Default: the rest of that budget. */
  budgetMs?: number;
  /** First poll after this long (default 25 ms); each next wait is half the time the operation has run, up to `maxIntervalMs` (500 ms). */
  firstIntervalMs?: number;
  maxIntervalMs?: number;
}

/** The first look at a running operation: soon, since most of a fast Neon's operations are done by then. */
export const FIRST_POLL_MS = 25;
/** The longest wait between two looks: an operation that ends is seen at most this late. */
export const MAX_POLL_MS = 500;

/**
 * How long to wait before the next look at something Neon is doing: half the time it has run so far,
 * at least `minMs` (25 ms) and at most `maxMs` (500 ms): an operation's end is seen at most half its
 * time (and at most 500 ms) late; a short operation costs a few calls, a long one two a second.
 */
export function nextPollInterval(elapsedMs: number, minMs = FIRST_POLL_MS, maxMs = MAX_POLL_MS): number {
  return Math.min(maxMs, Math.max(minMs, Math.round(elapsedMs * 0.5)));
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

/** How long Neon says a running operation has run (`total_duration_ms`); 0 when it does not say. */
function reportedRunMs(op: OperationRef): number {
  const ms = (op as { total_duration_ms?: unknown }).total_duration_ms;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/**
 * Waits until every operation is `finished` or `skipped`. Fails fast on `failed`, `error` or
 * `cancelled`; operations already terminal are not polled (no wait at all when none is running);
 * polls as the operation progresses: first after 25 ms, then half the time it has run, capped at
 * 500 ms. At the end of the budget, fails naming what is still pending. Returns how many polls it made.
 */
export async function waitForOperations(
  client: NeonClient,
  projectId: string,
  operations: readonly OperationRef[],
  options: WaitForOperationsOptions = {},
): Promise<number> {
  const pending = stillPending(operations);
  if (pending.size === 0) return 0;

  const started = client.now();
  const deadline = options.budgetMs === undefined ? client.deadline : client.deadline.within(options.budgetMs);
  const maxInterval = options.maxIntervalMs ?? MAX_POLL_MS;
  const firstInterval = Math.min(options.firstIntervalMs ?? FIRST_POLL_MS, maxInterval);
  // how long the pending work has run: ours to wait, or longer when Neon says it started earlier
  let ranMs = Math.max(0, ...[...pending.values()].map(reportedRunMs));
  let polls = 0;
  client.logger.info(`Waiting for Neon operations: ${describePending(pending.values())}`);

  await poll(
    async () => {
      // A mutation's operations run one after another: poll them in order and stop at the first one
      // still running, so each round costs one call until that one ends.
      for (const op of [...pending.values()]) {
        const { data } = await client.call('getProjectOperation', {
          path: { project_id: projectId, operation_id: op.id },
        });
        polls++;
        const current = data.operation;
        const state = operationState(current.status);
        if (state === 'failed') throw new NeonOperationError(describeFailure(current), 'failed', [current]);
        if (state !== 'succeeded') {
          pending.set(op.id, current);
          ranMs = Math.max(ranMs, reportedRunMs(current));
          return undefined;
        }
        pending.delete(op.id);
      }
      return true;
    },
    {
      deadline,
      sleep: (ms) => client.sleep(ms),
      firstWaitMs: firstInterval,
      nextWaitMs: (elapsedMs) => nextPollInterval(Math.max(elapsedMs, ranMs), firstInterval, maxInterval),
      timeout: (elapsedMs) =>
        new NeonOperationError(
          `Timed out after ${formatDuration(elapsedMs)} waiting for Neon operations still pending: ` +
            `${describePending(pending.values())}. Raise the \`timeout\` input or check the project in the Neon console.`,
          'timeout',
          [...pending.values()],
        ),
    },
  );
  client.logger.info(
    `Neon operations done in ${formatDuration(client.now() - started)} (${polls} poll${polls === 1 ? '' : 's'})`,
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
  let calls = 0;
  client.logger.info(`Waiting for ${pending.size} Neon operations`);
  await poll(
    async () => {
      const unseen = new Set(pending.keys());
      let cursor: string | undefined;
      const cursors = new Set<string>();
      while (unseen.size > 0) {
        const { data } = await client.call('listProjectOperations', {
          path: { project_id: projectId },
          query: { limit: 1000, cursor },
        });
        calls++;
        const page = data;
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
        const { data } = await client.call('getProjectOperation', {
          path: { project_id: projectId, operation_id: id },
        });
        calls++;
        const op = data.operation;
        const state = operationState(op.status);
        if (state === 'failed') throw new NeonOperationError(describeFailure(op), 'failed', [op]);
        if (state === 'succeeded') pending.delete(id);
      }
      return pending.size === 0 ? true : undefined;
    },
    {
      deadline: client.deadline,
      sleep: (ms) => client.sleep(ms),
      firstWaitMs: 200,
      // a sweep's many deletions: fewer, slower looks (each may page through the project's operations)
      nextWaitMs: (elapsedMs) => nextPollInterval(elapsedMs, 200, 1_000),
      timeout: (elapsedMs) =>
        new NeonOperationError(
          `Timed out after ${formatDuration(elapsedMs)} waiting for ${pending.size} Neon operations, e.g. ${describePending([...pending.values()].slice(0, 3))}`,
          'timeout',
          [...pending.values()],
        ),
    },
  );
  client.logger.info(`Neon operations done in ${formatDuration(client.now() - started)} (${calls} calls)`);
  return calls;
}
