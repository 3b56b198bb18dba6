/**
 * Neon operations: a mutation returns them `running`/`scheduling`; they finish once the data-plane
 * work of the mutation is done AND `operationMs` has passed, or fail when the work throws or a
 * test asked for a failure (`failNext`). While any operation is pending the project is locked.
 */
import { newOperationId } from './ids.js';
import { isoSeconds, type LocalNeonState, type OperationRecord } from './state.js';

export interface OperationSpec {
  action: string;
  branchId?: string;
  endpointId?: string;
}

export interface OperationOutcome {
  ok: boolean;
  error?: string;
}

interface FailureRequest {
  action?: string;
  message: string;
}

const PENDING = new Set(['scheduling', 'running', 'cancelling']);

export class OperationRunner {
  private readonly failures: FailureRequest[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private wake: () => void = () => undefined;
  private changed = new Promise<void>((resolve) => (this.wake = resolve));

  constructor(
    private readonly state: LocalNeonState,
    private readonly operationMs: () => number,
  ) {}

  /** The next operation (of `action`, or any) ends `failed` with `message`. */
  failNext(action?: string, message = 'operation failed (injected by the local Neon)'): void {
    this.failures.push({ action, message });
  }

  /** `operationMs` changed: waits re-check it (so setting 0 finishes running operations now). */
  nudge(): void {
    const wake = this.wake;
    this.changed = new Promise<void>((resolve) => (this.wake = resolve));
    wake();
  }

  /** Resolves once `operationMs` (as it is now or later set) has passed since `startedMs`. */
  async waitMinimum(startedMs: number): Promise<void> {
    for (;;) {
      const remaining = this.operationMs() - (Date.now() - startedMs);
      if (remaining <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, remaining))), this.changed]);
      clearTimeout(timer);
    }
  }

  hasPending(): boolean {
    return this.state.operations.some((op) => PENDING.has(op.status));
  }

  /**
   * Record `specs` as new operations and run `work` while they are pending. `onSettled` runs once
   * every operation is terminal (on success and on failure) so handlers can move states along.
   */
  start(
    specs: OperationSpec[],
    work: () => Promise<void>,
    onSettled?: (outcome: OperationOutcome) => void,
  ): OperationRecord[] {
    const now = isoSeconds();
    const startedMs = Date.now();
    const ops: OperationRecord[] = specs.map((spec, i) => ({
      id: newOperationId(),
      ...spec,
      status: i === 0 ? 'running' : 'scheduling',
      failuresCount: 0,
      createdAt: now,
      updatedAt: now,
      startedMs,
      totalDurationMs: 0,
    }));
    this.state.operations.push(...ops);
    const injected = this.takeFailure(ops);
    const minDuration = this.waitMinimum(startedMs);
    const run = (async () => {
      let outcome: OperationOutcome = { ok: true };
      try {
        await work();
      } catch (err) {
        outcome = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      await minDuration;
      if (outcome.ok && injected) outcome = { ok: false, error: injected.message };
      this.settle(ops, outcome, injected?.op);
      onSettled?.(outcome);
    })();
    this.track(run);
    // Snapshot the records so the response shows the initial states even if they settle first.
    return ops.map((op) => ({ ...op }));
  }

  /** Keep `promise` alive until `idle()`; errors are swallowed (they are reported via operations). */
  track(promise: Promise<unknown>): void {
    const guarded = promise.catch(() => undefined);
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
  }

  /** Resolves when every operation and background task has settled. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private takeFailure(ops: OperationRecord[]): { op: OperationRecord; message: string } | undefined {
    for (let i = 0; i < this.failures.length; i++) {
      const wanted = this.failures[i];
      const op = wanted.action ? ops.find((o) => o.action === wanted.action) : ops[0];
      if (op) {
        this.failures.splice(i, 1);
        return { op, message: wanted.message };
      }
    }
    return undefined;
  }

  private settle(ops: OperationRecord[], outcome: OperationOutcome, failedOp?: OperationRecord): void {
    const now = isoSeconds();
    const duration = Date.now() - ops[0].startedMs;
    const culprit = failedOp ?? ops[0];
    for (const op of ops) {
      op.updatedAt = now;
      op.totalDurationMs = duration;
      if (outcome.ok) {
        op.status = 'finished';
      } else if (op === culprit) {
        op.status = 'failed';
        op.error = outcome.error;
        op.failuresCount = 1;
      } else {
        op.status = 'cancelled';
      }
    }
  }
}
