/**
 * Every command against every fault of the local Neon: it succeeds, or fails with one clear line,
 * and leaves no duplicate; a run whose own branch's operations failed removes that branch first.
 * Each cell gets a fresh local Neon (metadata-only data plane); the cells run in the background,
 * eight at a time, and each test checks its own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../fixtures.js';
import type { ActionRun } from '../run-action.js';
import { CellPool } from './cell-pool.js';
import { FAULT_CASES, type FaultCase, firstRetryWaitMs, REQUEST_TIMEOUT_MS, SLOW_MS } from './fault-kinds.js';
import { type Scenario, SCENARIOS } from './scenarios.js';
import { expectOneClearLine, expectSuccess } from './verdicts.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Cell {
  world: World;
  run: ActionRun;
  failedBefore: number;
}

const pool = new CellPool(10);
const worlds: World[] = [];

async function runCell(scenario: Scenario, fault: FaultCase): Promise<Cell> {
  const world = await startWorld({ dataPlane: 'none', operationMs: 30 });
  worlds.push(world);
  const prepared = await scenario.prepare(world);
  const failedBefore = failedOperations(world);
  await fault.inject(world, scenario.target);
  const run = await world.run(
    { ...prepared.inputs, timeout: '30s', 'request-timeout': `${REQUEST_TIMEOUT_MS / 1000}s` },
    { event: prepared.event, timeoutMs: 45_000 },
  );
  // a slow request is applied late, after the client gave up on it: let it land before counting
  if (fault.name === 'slow') await sleep(SLOW_MS - REQUEST_TIMEOUT_MS + 300);
  await world.neon.settle();
  return { world, run, failedBefore };
}

function failedOperations(world: World): number {
  return world.neon.state.operations.filter((o) => o.status === 'failed').length;
}

function faultsFor(scenario: Scenario): FaultCase[] {
  return FAULT_CASES.filter(
    (f) => (!f.needsOperations || scenario.startsOperations) && (!f.mutationOnly || scenario.target.method !== 'GET'),
  );
}

const cells = new Map<string, Promise<Cell>>();
for (const scenario of SCENARIOS)
  for (const fault of faultsFor(scenario)) cells.set(`${scenario.name}|${fault.name}`, pool.submit(() => runCell(scenario, fault)));
// a cell that fails is reported by its own test; keep the others from seeing an unhandled rejection
for (const cell of cells.values()) cell.catch(() => undefined);

afterAll(async () => {
  await Promise.allSettled(cells.values());
  for (const world of worlds) await world.close();
});

/** Cells that meet a bug of the action: the test stays, marked as failing (see the comment per entry). */
const KNOWN_BUGS: Record<string, string> = {
  // src/commands/snapshot.ts restore(): when the restore's operations fail, the new branch it made is
  // left behind (createOrAdopt and anonymize delete theirs through deleteOwnBranch; restore does not).
  'snapshot restore|operation fails': 'restore leaves its failed branch',
  // src/preview/delete.ts: a DELETE whose answer was lost, retried, answers 404 and is reported as
  // "already gone": `deleted` is [] and the comment says so, though this run deleted the branch.
  'cleanup pr|drop after handling': 'a retried DELETE that finds 404 is reported as already gone',
};

describe.each(SCENARIOS)('$name', (scenario) => {
  for (const fault of faultsFor(scenario)) {
    const key = `${scenario.name}|${fault.name}`;
    const test = KNOWN_BUGS[key] ? it.fails : it;
    test(`meets ${fault.name}`, async () => {
      const { world, run, failedBefore } = await cells.get(key)!;
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
    });
  }
});
