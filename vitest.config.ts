/**
 * Two tiers (README "Testing"):
 * - `unit` (`npm run test:unit`): the pure modules (schema review, migrations, renderers, inputs,
 *   retry policy, …): no child process, no PGlite, no dist/, no server. test/setup/unit-guard.ts
 *   makes a unit test that starts one fail at once, naming the tier.
 * - `full` (`npm test` runs both projects): everything else: the local Neon on PGlite, the GitHub
 *   double, and the end-to-end runs of dist/index.js, which test/setup/dist.ts first rebuilds from
 *   src/ when it is not that src/'s bundle.
 * A new test file in a unit folder joins the unit tier; in any other folder, the full tier.
 * No retries: a test that fails once is reported (`npm run flaky` counts them under load).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { configDefaults, defineConfig } from 'vitest/config';

const UNIT = [
  'test/schema/**/*.test.ts',
  'test/migrations/**/*.test.ts',
  'test/inputs/**/*.test.ts',
  'test/preview/**/*.test.ts',
  'test/runtime/**/*.test.ts',
  'test/review/**/*.test.ts',
  'test/rehearsal/plan.test.ts',
  'test/rehearsal/render.test.ts',
  'test/rehearsal/lock-advice.test.ts',
  'test/conversation/render-review.test.ts',
  'test/conversation/sections.test.ts',
  'test/conversation/proofread.test.ts',
  'test/neon/retry-policy.test.ts',
  'test/neon/request-builder.test.ts',
  'test/neon/schemas.test.ts',
  'test/neon/rate-limiter.test.ts',
  'test/github/context.test.ts',
  'test/github/markdown-cell.test.ts',
  'test/basics/**/*.test.ts',
  'test/github/summary.test.ts',
  'test/github/truncate.test.ts',
  'test/names.test.ts',
  'test/readme.test.ts',
];
/** In a unit folder, but reads real Postgres (the corpus replays windows on the local Neon through dist/) or dist/. */
const NOT_UNIT = [
  'test/schema/table-sizes.test.ts',
  'test/schema/real-corpus.test.ts',
  // reads the wasm dist/ ships, which the full tier's setup makes current
  'test/schema/libpg-query-binding.test.ts',
];

const root = fileURLToPath(new URL('./', import.meta.url));
const isUnit = picomatch(UNIT, { ignore: NOT_UNIT });
const unitFiles = readdirSync(`${root}test`, { recursive: true, encoding: 'utf8' })
  .map((file) => `test/${file.split('\\').join('/')}`)
  .filter((file) => file.endsWith('.test.ts') && isUnit(file))
  .sort();

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    retry: 0,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: unitFiles,
          setupFiles: ['test/setup/unit-guard.ts'],
          // pure CPU work: a few seconds at most on a loaded machine; a minute means a hang
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'full',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...unitFiles],
          globalSetup: ['test/setup/dist.ts'],
          // tests that run processes or clusters set their own, scaled to the runs they make
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // the fault matrix's cells (test.concurrent) run this many at a time
          maxConcurrency: 8,
        },
      },
    ],
  },
});
