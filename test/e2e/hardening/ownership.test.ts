/**
 * "Only what it made itself": a run removes a branch only when it created it, and says it created
 * a branch exactly when it did, even when Neon's answer to the create was lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { apiClient } from '../../local-neon/test-client.js';
import { startWorld, type World } from '../fixtures.js';
import { pullRequestEvent } from '../run-action.js';
import { branchesNamed } from './scenarios.js';
import { expectOneClearLine, expectSuccess } from './verdicts.js';

const NAME = 'preview/pr-41-owned';
const event = () => pullRequestEvent(41, 'owned');
let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('what a run owns', () => {
  it('a run that adopted a branch deletes nothing when the operations it started fail', async () => {
    world = await startWorld({ dataPlane: 'none', operationMs: 30 });
    // someone else's branch without a compute: the run adopts it and starts one (start_compute)
    const made = await apiClient(world.neon).createBranch({ name: NAME });
    expect(made.status).toBe(201);
    await world.neon.settle();
    world.neon.failNextOperation(undefined, 'the compute could not start');
    const run = await world.run({ command: 'create-branch' }, { event: event() });
    expect(expectOneClearLine(run)).toContain('the compute could not start');
    await world.neon.settle();
    expect(branchesNamed(world, NAME).map((b) => b.id)).toEqual([made.body.branch.id]);
    expect(world.neon.requests.filter((r) => r.operationId === 'deleteProjectBranch')).toEqual([]);
  });

  it('a run whose create answer was lost still reports created=true', async () => {
    world = await startWorld({ dataPlane: 'none', operationMs: 30 });
    world.neon.faults.add({ method: 'POST', operationId: 'createProjectBranch', kind: 'drop', afterHandling: true });
    const run = await world.run({ command: 'create-branch' }, { event: event() });
    expectSuccess(run);
    expect(branchesNamed(world, NAME)).toHaveLength(1);
    expect(run.outputs.created).toBe('true');
  });
});
