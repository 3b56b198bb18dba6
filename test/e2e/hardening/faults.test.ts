/**
 * Every command against every fault of the local Neon: it succeeds, or fails with one clear line,
 * and leaves no duplicate; a run whose own branch's operations failed removes that branch first.
 * Each cell gets a fresh local Neon (metadata-only data plane); the cells run in the background,
 * ten at a time, each checked and closed as soon as it ends; each test reports its own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../fixtures.js';
import type { ActionRun } from '../run-action.js';
import { CellPool } from './cell-pool.js';
import { FAULT_CASES, type FaultCase, firstRetryWaitMs, REQUEST_TIMEOUT_MS, SLOW_MS } from './fault-kinds.js';
import { type Scenario, SCENARIOS } from './scenarios.js';
import { expectOneClearLine, expectSuccess } from './verdicts.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const pool = new CellPool(10);

/**
 * One cell: a fresh local Neon, the fault, the run, and the checks, run at once so the world can be
 * closed (its contract check included) before the test that reports the cell even starts. Resolves
 * with the first failed check, if any.
 */
async function runCell(scenario: Scenario, fault: FaultCase): Promise<{ failure?: unknown }> {
  const world = await startWorld({ dataPlane: 'none', operationMs: 30 });
  let failure: unknown;
  try {
    const prepared = await scenario.prepare(world);
    const failedBefore = failedOperations(world);
    await fault.inject(world, scenario.target);
    const run = await world.run(
      { ...prepared.inputs, timeout: '30s', 'request-timeout': `${REQUEST_TIMEOUT_MS / 1000}s` },
      { event: prepared.event, timeoutMs: 45_000 },
    );
    // a slow request is answered after the client gave up on it: let that happen before counting
    if (fault.name === 'slow') await sleep(SLOW_MS - REQUEST_TIMEOUT_MS + 300);
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
  return failure === undefined ? {} : { failure };
}

function checkCell(scenario: Scenario, fault: FaultCase, world: World, run: ActionRun, failedBefore: number): void {
  if (fault.name === 'operation fails') {
    expect(failedOperations(world), 'the injected failure fired').toBe(failedBefore + 1);
    expect(expectOneClearLine(run)).toContain('injected failure');
    scenario.checkNothingLeft?.(world);
  } else {
    expect(world.neon.faults.pending(), 'the fault met a request').toEqual([]);
    if (fault.logShows) expect(run.stdout).toMatch(fault.logShows);
    if (fault.minWaitMs) expect(firstRetryWaitMs(run.stdout)).toBeGreaterThanOrEqual(fault.minWaitMs);
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

const cells = new Map<string, Promise<{ failure?: unknown }>>();
for (const scenario of SCENARIOS)
  for (const fault of faultsFor(scenario)) cells.set(`${scenario.name}|${fault.name}`, pool.submit(() => runCell(scenario, fault)));

afterAll(async () => {
  await Promise.allSettled(cells.values());
});


describe.each(SCENARIOS)('$name', (scenario) => {
  for (const fault of faultsFor(scenario)) {
    const key = `${scenario.name}|${fault.name}`;
    it(`meets ${fault.name}`, async () => {
      const { failure } = await cells.get(key)!;
      if (failure) throw failure;
    });
  }
});
