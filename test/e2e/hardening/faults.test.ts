/**
 * Every command against every fault of the local Neon: it succeeds, or fails with one clear line,
 * and leaves no duplicate; a run whose own branch's operations failed removes that branch first.
 * One test per cell (`<command> meets <fault>`, so `-t 'cleanup meets drop'` runs one cell), each
 * with a fresh local Neon (metadata-only data plane); the cells run concurrently (test.concurrent,
 * `maxConcurrency` of the full tier in vitest.config.ts), each checked and closed when its run ends.
 */
import { describe, expect, it } from 'vitest';
import { startWorld, type World } from '../fixtures.js';
import type { ActionRun } from '../run-action.js';
import {
  CELL_TEST_MS,
  FAULT_CASES,
  type FaultCase,
  firstRetryWaitMs,
  REQUEST_TIMEOUT_MS,
  RUN_KILL_MS,
  RUN_TIMEOUT,
} from './fault-kinds.js';
import { type Scenario, SCENARIOS } from './scenarios.js';
import { expectOneClearLine, expectSuccess } from './verdicts.js';

/** One cell: a fresh local Neon, the fault, the run, the checks; the world is closed (its contract check included) either way. */
async function runCell(scenario: Scenario, fault: FaultCase): Promise<void> {
  const world = await startWorld({ dataPlane: 'none', operationMs: 30 });
  let failure: unknown;
  try {
    const prepared = await scenario.prepare(world);
    const failedBefore = failedOperations(world);
    const release = await fault.inject(world, scenario.target);
    let run: ActionRun;
    try {
      run = await world.run(
        { ...prepared.inputs, timeout: RUN_TIMEOUT, 'request-timeout': `${REQUEST_TIMEOUT_MS / 1000}s` },
        { event: prepared.event, timeoutMs: RUN_KILL_MS },
      );
    } finally {
      release?.();
    }
    // every request answered (a slow one the client gave up on included) and every operation ended
    await world.neon.settle();
    checkCell(scenario, fault, world, run, failedBefore);
  } catch (error) {
    failure = error;
  }
  try {
    await world.close();
  } catch (error) {
    failure ??= error;
  }
  if (failure !== undefined) throw failure;
}

function checkCell(scenario: Scenario, fault: FaultCase, world: World, run: ActionRun, failedBefore: number): void {
  if (fault.name === 'operation fails') {
    expect(failedOperations(world), 'the injected failure fired').toBe(failedBefore + 1);
    expect(expectOneClearLine(run)).toContain('injected failure');
    scenario.checkNothingLeft?.(world);
  } else {
    expect(world.neon.faults.pending(), 'the fault met a request').toEqual([]);
    if (fault.logShows) expect(run.stdout).toMatch(fault.logShows);
    if (fault.minWaitMs) expect(firstRetryWaitMs(run.stdout, 429)).toBeGreaterThanOrEqual(fault.minWaitMs);
    if (scenario.fails?.includes(fault.name)) expectOneClearLine(run);
    else {
      expectSuccess(run);
      scenario.checkDone(world, run);
    }
  }
  scenario.checkNoDuplicate(world);
}

function failedOperations(world: World): number {
  return world.neon.state.operations.filter((o) => o.status === 'failed').length;
}

function faultsFor(scenario: Scenario): FaultCase[] {
  return FAULT_CASES.filter(
    (f) => (!f.needsOperations || scenario.startsOperations) && (!f.mutationOnly || scenario.target.method !== 'GET'),
  );
}

for (const scenario of SCENARIOS) {
  describe.concurrent(scenario.name, () => {
    for (const fault of faultsFor(scenario)) it(`meets ${fault.name}`, () => runCell(scenario, fault), CELL_TEST_MS);
  });
}
