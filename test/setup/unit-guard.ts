/**
 * Setup of the unit tier (vitest.config.ts): the unit tier starts no child process and no PGlite,
 * so it stays fast and independent of the machine's load. A unit test that tries fails at once,
 * saying which tier it belongs in.
 */
import { vi } from 'vitest';

const refuse = (what: string) => () => {
  throw new Error(`the unit tier starts no ${what}: move this test to the full tier (NOT_UNIT in vitest.config.ts)`);
};

vi.mock('node:child_process', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:child_process')>();
  const mocked: Record<string, unknown> = { ...real };
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'])
    mocked[name] = refuse('child process');
  return { ...mocked, default: mocked };
});

vi.mock('@electric-sql/pglite', async (importOriginal) => {
  const real = await importOriginal<typeof import('@electric-sql/pglite')>();
  class PGlite {
    constructor() {
      refuse('PGlite')();
    }
    static create = async () => refuse('PGlite')();
  }
  return { ...real, PGlite };
});
