/**
 * The columns of the fault table: every fault the local Neon can inject, sized so a run with
 * `request-timeout: 1s` and `timeout: 30s` meets it and stays short.
 */
import type { FaultSpec } from '../../local-neon/faults.js';
import type { World } from '../fixtures.js';

export const REQUEST_TIMEOUT_MS = 1_000;
export const SLOW_MS = 2_500;

export interface FaultCase {
  name: string;
  /** Injects the fault into the world, aimed at one request of the command. */
  inject(world: World, target: { method: string; operationId: string }): void;
  /** Only for commands that start Neon operations. */
  needsOperations?: boolean;
}

function request(spec: Omit<FaultSpec, 'method' | 'operationId'>, name: string): FaultCase {
  return { name, inject: (world, target) => world.neon.faults.add({ ...target, ...spec }) };
}

export const FAULT_CASES: FaultCase[] = [
  request({ kind: '429', times: 2 }, '429'),
  request({ kind: '429', times: 1, retryAfter: 1 }, '429 Retry-After'),
  request({ kind: '423', times: 2 }, '423'),
  request({ kind: '503', times: 2 }, '503'),
  request({ kind: 'drop', times: 1 }, 'drop'),
  request({ kind: 'drop', times: 1, afterHandling: true }, 'drop after handling'),
  request({ kind: 'slow', times: 1, delayMs: SLOW_MS }, 'slow'),
  { name: 'operation fails', needsOperations: true, inject: (world) => world.neon.failNextOperation(undefined, 'injected failure') },
];
