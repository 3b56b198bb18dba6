/**
 * What "succeeds" and "fails with one clear line" mean for a run of dist/index.js: exit code, the
 * `::error::` lines on stdout, and no stack trace anywhere in the log.
 */
import { expect } from 'vitest';
import type { ActionRun } from '../run-action.js';

/** A stack frame as Node prints it (`    at fn (file.js:12:34)`). */
export const STACK_TRACE = /\n\s+at .+:\d+:\d+/;

export function errorLines(run: ActionRun): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith('::error'));
}

/** Exit 0, no error annotation, no stack trace. */
export function expectSuccess(run: ActionRun): void {
  expect(run.code, run.output).toBe(0);
  expect(errorLines(run), run.output).toEqual([]);
  expect(run.output).not.toMatch(STACK_TRACE);
}

/** Exit 1 with exactly one `::error::` line and no stack trace; returns that line. */
export function expectOneClearLine(run: ActionRun): string {
  expect(run.code, run.output).toBe(1);
  const lines = errorLines(run);
  expect(lines, run.output).toHaveLength(1);
  expect(lines[0]).toMatch(/^::error::\S/);
  expect(run.output).not.toMatch(STACK_TRACE);
  return lines[0]!;
}
