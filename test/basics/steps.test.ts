import { describe, expect, it } from 'vitest';
import { runSteps, runStepsInTurns, type Steps } from '../../src/basics/steps.js';

function* counted(log: string[], steps: number): Steps<number> {
  for (let i = 0; i < steps; i++) {
    log.push(`step ${i}`);
    yield;
  }
  log.push('done');
  return steps;
}

/** Counts turns of the event loop: one immediate per turn, each setting the next. */
function turnCounter(log: string[]): { stop: () => void } {
  let stopped = false;
  let turn = 0;
  const next = () => {
    if (stopped) return;
    log.push(`turn ${++turn}`);
    setImmediate(next);
  };
  setImmediate(next);
  return { stop: () => (stopped = true) };
}

describe('steps', () => {
  it('run straight through, with nothing else running between them', async () => {
    const log: string[] = [];
    const turns = turnCounter(log);
    expect(runSteps(counted(log, 3))).toBe(3);
    turns.stop();
    expect(log).toEqual(['step 0', 'step 1', 'step 2', 'done']);
  });

  it('in turns, let the event loop turn at each point, and no more often', async () => {
    const log: string[] = [];
    const turns = turnCounter(log);
    expect(await runStepsInTurns(counted(log, 3))).toBe(3);
    turns.stop();
    expect(log).toEqual(['step 0', 'turn 1', 'step 1', 'turn 2', 'step 2', 'turn 3', 'done']);
  });

  it('in turns, pass on what a step throws', async () => {
    function* failing(): Steps<never> {
      yield;
      throw new Error('bad step');
    }
    await expect(runStepsInTurns(failing())).rejects.toThrow('bad step');
  });
});
