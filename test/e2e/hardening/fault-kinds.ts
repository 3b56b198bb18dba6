/**
 * The columns of the fault table: every fault the local Neon can inject, sized so a run with
 * `request-timeout: 1s` and `timeout: 30s` meets it and stays short.
 */
import type { FaultSpec } from '../../local-neon/faults.js';
import { apiClient } from '../../local-neon/test-client.js';
import type { World } from '../fixtures.js';

export const REQUEST_TIMEOUT_MS = 1_000;
export const SLOW_MS = 2_500;
/** The longest the project stays locked when the command never reaches its mutation. */
export const LOCK_MAX_MS = 20_000;

export interface FaultCase {
  name: string;
  /** Injects the fault into the world, aimed at one request of the command. */
  inject(world: World, target: { method: string; operationId: string }): void | Promise<void>;
  /** Only for commands whose target request is a mutation (GETs are never locked). */
  mutationOnly?: boolean;
  /** Only for commands that start Neon operations. */
  needsOperations?: boolean;
  /** What the log must show when the run went through the fault (the retry really happened). */
  logShows?: RegExp;
  /** The shortest wait before the retry, in ms, read from the retry line (`retry 1 in 1.2 s`). */
  minWaitMs?: number;
}

function request(spec: Omit<FaultSpec, 'method' | 'operationId'>, name: string, log: Partial<FaultCase> = {}): FaultCase {
  return { name, inject: (world, target) => world.neon.faults.add({ ...target, ...spec }), ...log };
}

/** The wait announced by the first retry line of a run, in ms (`retry 1 in 850 ms` / `in 1.5 s`). */
export function firstRetryWaitMs(stdout: string): number | undefined {
  const m = /retry 1 in (\d+(?:\.\d+)?) (ms|s)\b/.exec(stdout);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

export const FAULT_CASES: FaultCase[] = [
  request({ kind: '429', times: 2 }, '429', { logShows: /answered 429; retry 2 in/ }),
  request({ kind: '429', times: 1, retryAfter: 1 }, '429 Retry-After', { logShows: /answered 429; retry 1 in/, minWaitMs: 1_000 }),
  request({ kind: '423', times: 2 }, '423', { logShows: /answered 423; retry 2 in/ }),
  request({ kind: '503', times: 2 }, '503', { logShows: /answered 503; retry 2 in/ }),
  request({ kind: 'drop', times: 1 }, 'drop'),
  request({ kind: 'drop', times: 1, afterHandling: true }, 'drop after handling'),
  request({ kind: 'slow', times: 1, delayMs: SLOW_MS }, 'slow'),
  {
    name: '423 while operations run',
    mutationOnly: true,
    logShows: /answered 423; retry 1 in/,
    // a branch creation elsewhere in the project keeps it locked until the command's mutation met a 423
    inject: async (world, target) => {
      world.neon.setOperationMs(LOCK_MAX_MS);
      const answer = await apiClient(world.neon).createBranch({ name: 'locker' });
      if (answer.status !== 201) throw new Error(`setup: the locking branch answered ${answer.status}`);
      const started = Date.now();
      const poll = setInterval(() => {
        const met = world.neon.requests.some((r) => r.operationId === target.operationId && r.status === 423);
        if (!met && Date.now() - started < LOCK_MAX_MS) return;
        clearInterval(poll);
        world.neon.setOperationMs(30);
      }, 50);
    },
  },
  { name: 'operation fails', needsOperations: true, inject: (world) => world.neon.failNextOperation(undefined, 'injected failure') },
];
