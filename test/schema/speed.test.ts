import { describe, expect, it } from 'vitest';
import { reviewSchemas } from '../../src/schema/review.js';
import { parser } from './helpers.js';
import { makeSyntheticPair } from './synthetic.js';

describe('speed', () => {
  it('reviews a pair of 2,000-table schemas in under 2 seconds of CPU time', async () => {
    const p = await parser();
    const pair = makeSyntheticPair(2000);
    const small = makeSyntheticPair(50);
    reviewSchemas(p, { database: 'warm-up', beforeSql: small.before, afterSql: small.after });
    // CPU time, not wall-clock time: this machine is shared and other test files run alongside,
    // which stretches wall-clock time (five-fold and more on a loaded 2-core machine) without saying
    // anything about the code. The best of a few runs; the wall time is printed, never asserted.
    let cpu = Number.POSITIVE_INFINITY;
    let wall = Number.POSITIVE_INFINITY;
    let changes = 0;
    for (let run = 0; run < 3; run++) {
      const startedCpu = process.cpuUsage();
      const startedWall = performance.now();
      const review = reviewSchemas(p, { database: 'neondb', beforeSql: pair.before, afterSql: pair.after });
      wall = Math.min(wall, performance.now() - startedWall);
      const used = process.cpuUsage(startedCpu);
      cpu = Math.min(cpu, (used.user + used.system) / 1000);
      changes = review.changes.length;
    }
    const expectedChanges = Object.values(pair.expected).reduce((a, b) => a + b, 0);
    expect(changes).toBe(expectedChanges);
    console.info(
      `2,000-table review: ${Math.round(cpu)} ms CPU, ${Math.round(wall)} ms wall (${(pair.before.length / 1e6).toFixed(1)} MB per dump)`,
    );
    expect(cpu).toBeLessThan(2_000);
  });
});
