/**
 * The columns of the fault table: every fault the local Neon can inject. Nothing here guesses how
 * fast the machine is: the request timeout is far above any loaded machine's latency (the fault
 * itself is what a run meets), the slow answer is held until the client gives up on it, and the
 * locked project stays locked until the command met the lock (or the run ended).
 */
import type { FaultSpec } from '../../local-neon/faults.js';
import { apiClient } from '../../local-neon/test-client.js';
import type { World } from '../fixtures.js';

/** `request-timeout` of every run: only the slow cell waits it out, once. */
export const REQUEST_TIMEOUT_MS = 20_000;
/** `timeout` of every run: the whole step's budget, never reached by a healthy run. */
export const RUN_TIMEOUT = '240s';
/** The run is killed after this (a hang), and the test that reports the cell gives up after CELL_TEST_MS. */
export const RUN_KILL_MS = 300_000;
export const CELL_TEST_MS = 360_000;
/** How long the locking branch's operation would run unreleased: longer than any cell. */
const LOCK_HELD_MS = 600_000;

export interface FaultCase {
  name: string;
  /** Injects the fault into the world, aimed at one request of the command; may return what ends it once the run ended. */
  inject(
    world: World,
    target: { method: string; operationId: string },
  ): Release | undefined | Promise<Release | undefined>;
  /** Only for commands whose target request is a mutation (GETs are never locked). */
  mutationOnly?: boolean;
  /** Only for commands that start Neon operations. */
  needsOperations?: boolean;
  /** What the log must show when the run went through the fault (the retry really happened). */
  logShows?: RegExp;
  /** The shortest wait before the retry, in ms, read from the fault's own retry line (`answered 429; retry 1 in 1.2 s`). */
  minWaitMs?: number;
}

export type Release = () => void;

function request(
  spec: Omit<FaultSpec, 'method' | 'operationId'>,
  name: string,
  log: Partial<FaultCase> = {},
): FaultCase {
  return {
    name,
    inject: (world, target) => {
      world.neon.faults.add({ ...target, ...spec });
    },
    ...log,
  };
}

/** The wait announced by the first retry after an answer with `status`, in ms (`answered 429; retry 1 in 850 ms` / `in 1.5 s`). */
export function firstRetryWaitMs(stdout: string, status: number): number | undefined {
  const m = new RegExp(`answered ${status}; retry 1 in (\\d+(?:\\.\\d+)?) (ms|s)\\b`).exec(stdout);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

export const FAULT_CASES: FaultCase[] = [
  request({ kind: '429', times: 2 }, '429', { logShows: /answered 429; retry 2 in/ }),
  request({ kind: '429', times: 1, retryAfter: 1 }, '429 Retry-After', {
    logShows: /answered 429; retry 1 in/,
    minWaitMs: 1_000,
  }),
  request({ kind: '423', times: 2 }, '423', { logShows: /answered 423; retry 2 in/ }),
  request({ kind: '503', times: 2 }, '503', { logShows: /answered 503; retry 2 in/ }),
  request({ kind: 'drop', times: 1 }, 'drop'),
  request({ kind: 'drop', times: 1, afterHandling: true }, 'drop after handling'),
  request({ kind: 'slow', times: 1, untilClientGone: true }, 'slow'),
  {
    name: '423 while operations run',
    mutationOnly: true,
    logShows: /answered 423; retry 1 in/,
    // a branch creation elsewhere in the project keeps it locked until the command's mutation met a 423
    inject: async (world, target) => {
      world.neon.setOperationMs(LOCK_HELD_MS);
      const answer = await apiClient(world.neon).createBranch({ name: 'locker' });
      if (answer.status !== 201) throw new Error(`setup: the locking branch answered ${answer.status}`);
      const unlock = () => {
        clearInterval(poll);
        world.neon.setOperationMs(30);
      };
      const poll = setInterval(() => {
        if (world.neon.requests.some((r) => r.operationId === target.operationId && r.status === 423)) unlock();
      }, 50);
      return unlock;
    },
  },
  {
    name: 'operation fails',
    needsOperations: true,
    inject: (world) => {
      world.neon.failNextOperation(undefined, 'injected failure');
    },
  },
];
