/**
 * A run stopped halfway, as the runner stops it (SIGINT, then SIGTERM 2.5 s later): it starts no new
 * mutation, writes the outputs it has, and leaves only an annotated branch that a rerun adopts or a
 * sweep removes. The signal goes out when the local Neon has answered the command's mutation and is
 * asked about its operations (held running until then), never after a guessed delay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, startWorld, type World } from '../fixtures.js';
import { type ActionRun, pullRequestEvent } from '../run-action.js';
import { branchesNamed, type Scenario, SCENARIOS, snapshotsNamed } from './scenarios.js';
import { errorLines, expectSuccess, STACK_TRACE } from './verdicts.js';

let world: World;
beforeAll(async () => {
  world = await startWorld({ dataPlane: 'none', operationMs: 30 });
});
afterAll(async () => {
  world.neon.setOperationMs(0);
  await world?.close();
});

/** Operations run this long unless released: longer than any run here, so the signal always lands while the command waits. */
const OPERATIONS_HELD_MS = 600_000;
/** `timeout` of the stopped runs, the kill after which runAction gives up, and the test's own: none is reached by a healthy run. */
const RUN_TIMEOUT = '240s';
const RUN_KILL_MS = 300_000;
const STOP_TEST_MS = 400_000;
/**
 * The runner sends SIGTERM seconds after SIGINT; what is checked here is what the run does on SIGINT,
 * so SIGTERM comes only after a loaded machine surely finished with it (each stopped run ends on SIGINT).
 */
const SIGTERM_AFTER_MS = 120_000;
const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
/** Commands that wait on Neon operations after their mutation, so a signal can land mid-way. */
const STOPPABLE = ['reset-branch', 'anonymize', 'snapshot create', 'snapshot restore', 'snapshot delete', 'cleanup pr'];

interface Cancelled {
  run: ActionRun;
  /** Index in `neon.requests` when the signal went out. */
  requestsAtSignal: number;
  /** Index in `neon.requests` of the create request, when it was answered before the signal. */
  createAt: number;
}

/**
 * Resolves once the local Neon answered `mutation` (from request index `from` on) and was then asked
 * about operations: the command waits on them. `at()` is the request count at that moment (-1 before).
 */
function waitingOnOperations(
  w: World,
  mutation: string,
  from: number,
): { signal: Promise<void>; at(): number; stop(): void } {
  let at = -1;
  let poll: NodeJS.Timeout | undefined;
  const signal = new Promise<void>((resolve) => {
    poll = setInterval(() => {
      const requests = w.neon.requests;
      const sent = requests.findIndex(
        (r, i) => i >= from && r.operationId === mutation && r.status >= 200 && r.status < 300,
      );
      if (sent < 0) return;
      const asked = requests.some(
        (r, i) => i > sent && (r.operationId === 'getProjectOperation' || r.operationId === 'listProjectOperations'),
      );
      if (!asked) return;
      at = requests.length;
      clearInterval(poll);
      resolve();
    }, 20);
  });
  return { signal, at: () => at, stop: () => clearInterval(poll) };
}

/** Starts create-branch with operations pinned `running`, and stops it once it waits on them. */
async function cancelledCreate(pr: number, head: string): Promise<Cancelled> {
  world.neon.setOperationMs(OPERATIONS_HELD_MS);
  const start = world.neon.requests.length;
  const waiting = waitingOnOperations(world, 'createProjectBranch', start);
  const run = await world.run(
    { command: 'create-branch', timeout: RUN_TIMEOUT },
    {
      event: pullRequestEvent(pr, head),
      cancelWhen: waiting.signal,
      sigtermAfterMs: SIGTERM_AFTER_MS,
      timeoutMs: RUN_KILL_MS,
    },
  );
  waiting.stop();
  const requestsAtSignal = waiting.at();
  const createAt = world.neon.requests.findIndex((r, i) => i >= start && r.operationId === 'createProjectBranch');
  world.neon.setOperationMs(30);
  await world.neon.settle();
  return { run, requestsAtSignal, createAt };
}

describe('create-branch stopped while it waits for its operations', () => {
  let stopped: Cancelled;
  const name = 'preview/pr-71-stopped';
  beforeAll(async () => {
    stopped = await cancelledCreate(71, 'stopped');
  }, STOP_TEST_MS);

  it('was stopped after it created the branch, and ended with one clear line', () => {
    const { run, requestsAtSignal, createAt } = stopped;
    expect(createAt, 'the create request was answered').toBeGreaterThanOrEqual(0);
    expect(createAt, 'before the signal').toBeLessThan(requestsAtSignal);
    expect(run.code, run.output).toBe(1);
    expect(run.signals, 'it ended on SIGINT alone').toEqual(['SIGINT']);
    expect(run.stdout).toMatch(/Received SIGINT/);
    expect(errorLines(run), run.output).toHaveLength(1);
    expect(run.output).not.toMatch(STACK_TRACE);
  });

  it('started no mutation after the signal (and deleted nothing it made)', () => {
    const after = world.neon.requests.slice(stopped.requestsAtSignal).filter((r) => MUTATING.has(r.method));
    expect(after.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(branchesNamed(world, name)).toHaveLength(1);
  });

  it('left a branch annotated for this repository and PR', () => {
    const [branch] = branchesNamed(world, name);
    expect(branch?.annotation?.value['github-commit-repo']).toBe(REPO);
    expect(branch?.annotation?.value['github-pr-number']).toBe('71');
  });

  it('wrote the outputs it had: branch-id, branch-name, created=true', () => {
    const [branch] = branchesNamed(world, name);
    expect(stopped.run.outputs['branch-id']).toBe(branch?.id);
    expect(stopped.run.outputs['branch-name']).toBe(name);
    expect(stopped.run.outputs.created).toBe('true');
  });

  it('a rerun adopts the branch (created=false, same id) and finishes it', async () => {
    const [branch] = branchesNamed(world, name);
    const rerun = await world.run(
      { command: 'create-branch' },
      { event: pullRequestEvent(71, 'stopped', { action: 'synchronize' }) },
    );
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.outputs.created).toBe('false');
    expect(rerun.outputs['branch-id']).toBe(branch?.id);
    expect(rerun.outputs['db-url']).toMatch(/^postgres/);
    expect(branchesNamed(world, name)).toHaveLength(1);
  });
});

describe('a stopped create-branch whose PR then closed', () => {
  it(
    'leaves a branch the sweep removes',
    async () => {
      const name = 'preview/pr-72-abandoned';
      const { run } = await cancelledCreate(72, 'abandoned');
      expect(run.code, run.output).toBe(1);
      const [branch] = branchesNamed(world, name);
      expect(branch, 'the stopped run left its branch').toBeDefined();
      // the sweep spares branches younger than ten minutes: age this one
      branch!.createdAt = '2026-01-01T00:00:00Z';
      world.github.addPull({
        number: 72,
        state: 'closed',
        head: { ref: 'abandoned', sha: 'f'.repeat(40), repo: { full_name: REPO } },
      });
      const sweep = await world.run({ command: 'cleanup' }, { event: { name: 'schedule', payload: {} } });
      expect(sweep.code, sweep.output).toBe(0);
      expect(JSON.parse(sweep.outputs.deleted ?? '[]').map((d: { id: string }) => d.id)).toContain(branch!.id);
      expect(branchesNamed(world, name)).toEqual([]);
    },
    STOP_TEST_MS,
  );
});

interface StoppedCell {
  world: World;
  stopped: ActionRun;
  requestsAtSignal: number;
  /** Index in `neon.requests` when the stopped run had exited (the rerun's requests come after). */
  requestsAtExit: number;
  rerun: ActionRun;
}

/** Stops the scenario's command while it waits on its operations, then reruns it with fast operations. */
async function stopAndRerun(scenario: Scenario): Promise<StoppedCell> {
  const own = await startWorld({ dataPlane: 'none', operationMs: 30 });
  cellWorlds.push(own);
  const prepared = await scenario.prepare(own);
  own.neon.setOperationMs(OPERATIONS_HELD_MS);
  const waiting = waitingOnOperations(own, scenario.target.operationId, own.neon.requests.length);
  const stopped = await own.run(
    { ...prepared.inputs, timeout: RUN_TIMEOUT },
    { event: prepared.event, cancelWhen: waiting.signal, sigtermAfterMs: SIGTERM_AFTER_MS, timeoutMs: RUN_KILL_MS },
  );
  waiting.stop();
  const requestsAtSignal = waiting.at();
  const requestsAtExit = own.neon.requests.length;
  own.neon.setOperationMs(30);
  await own.neon.settle();
  const rerun = await own.run(prepared.inputs, { event: prepared.event });
  await own.neon.settle();
  return { world: own, stopped, requestsAtSignal, requestsAtExit, rerun };
}

const cellWorlds: World[] = [];
const stoppedCells = new Map(
  SCENARIOS.filter((s) => STOPPABLE.includes(s.name)).map((s) => [s.name, stopAndRerun(s)] as const),
);
for (const cell of stoppedCells.values()) cell.catch(() => undefined);
afterAll(async () => {
  await Promise.allSettled(stoppedCells.values());
  for (const w of cellWorlds) await w.close();
});

/** Where the stopped run's deletion went through, the rerun finds nothing left to delete. */
const RERUN_FINDS_IT_GONE: Record<string, (own: World, rerun: ActionRun) => void> = {
  // a snapshot already gone is a notice, as cleanup's branch is: the rerun of a delete succeeds
  'snapshot delete': (own, rerun) => {
    expectSuccess(rerun);
    expect(rerun.stdout).toMatch(/^::notice::No snapshot named hardening-snap .*already gone/m);
    expect(snapshotsNamed(own, 'hardening-snap')).toEqual([]);
  },
  'cleanup pr': (own, rerun) => {
    expectSuccess(rerun);
    expect(rerun.stdout).toContain('already gone');
    expect(branchesNamed(own, 'preview/pr-31-hardening')).toEqual([]);
  },
};

describe.each(SCENARIOS.filter((s) => STOPPABLE.includes(s.name)))('$name stopped while it waits', (scenario) => {
  it(
    'sent its mutation, started none after the signal, and failed with one clear line',
    async () => {
      const { world: own, stopped, requestsAtSignal, requestsAtExit } = await stoppedCells.get(scenario.name)!;
      expect(requestsAtSignal, 'the run was still going when the signal came').toBeGreaterThan(0);
      const before = own.neon.requests.slice(0, requestsAtSignal);
      expect(
        before.some((r) => r.operationId === scenario.target.operationId),
        'its mutation was sent',
      ).toBe(true);
      const after = own.neon.requests.slice(requestsAtSignal, requestsAtExit);
      expect(after.filter((r) => MUTATING.has(r.method)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
      expect(stopped.code, stopped.output).toBe(1);
      expect(stopped.signals, 'it ended on SIGINT alone').toEqual(['SIGINT']);
      expect(errorLines(stopped), stopped.output).toHaveLength(1);
      expect(stopped.output).not.toMatch(STACK_TRACE);
    },
    STOP_TEST_MS,
  );

  it(
    'a rerun finishes the job and leaves no duplicate',
    async () => {
      const { world: own, rerun } = await stoppedCells.get(scenario.name)!;
      const gone = RERUN_FINDS_IT_GONE[scenario.name];
      if (gone) gone(own, rerun);
      else {
        expect(rerun.code, rerun.output).toBe(0);
        scenario.checkDone(own, rerun);
      }
      scenario.checkNoDuplicate(own);
    },
    STOP_TEST_MS,
  );
});
