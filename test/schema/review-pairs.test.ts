import { beforeAll, describe, expect, it } from 'vitest';
import { reviewSchemas } from '../../src/schema/review.js';
import { parser } from './helpers.js';
import { corpusAvailable, loadPairs, type Pair, readDumps } from './pairs.js';
import { type Score, score } from './score.js';

/**
 * The real-world check: every pair of the shared Synapse corpus (read in place) and every pair of
 * our own, each expected list written from its migrations before the review ran on it.
 */
describe('review of real and hand-made schema pairs', () => {
  const pairs = loadPairs();
  const scores = new Map<string, Score>();

  beforeAll(async () => {
    const p = await parser();
    for (const pair of pairs) {
      const { before, after } = readDumps(pair);
      const review = reviewSchemas(p, { database: 'neondb', beforeSql: before, afterSql: after });
      scores.set(pair.name, score(pair.expected, review.changes));
    }
  });

  it('covers at least 20 pairs, at least 14 of them our own', () => {
    const own = pairs.filter((pair) => pair.source === 'own');
    expect(own.length).toBeGreaterThanOrEqual(14);
    if (corpusAvailable()) expect(pairs.length).toBeGreaterThanOrEqual(20);
    else console.warn('schema corpus not found next to the repository: scoring our own pairs only');
  });

  it('misses no destructive change, and recall and precision are at least 0.95 over all pairs', () => {
    const total = { expected: 0, found: 0, matchedExpected: 0, matchedFound: 0 };
    const report: string[] = [];
    for (const pair of pairs) {
      const s = scores.get(pair.name)!;
      total.expected += s.expected;
      total.found += s.found;
      total.matchedExpected += s.matchedExpected;
      total.matchedFound += s.matchedFound;
      report.push(`${pair.name}: ${s.matchedExpected}/${s.expected} found, ${s.matchedFound}/${s.found} right`);
      for (const m of s.missed) report.push(`  missed ${m.kind} ${m.action} ${m.object}`);
      for (const x of s.extra) report.push(`  extra ${x.kind} ${x.action} ${x.object}`);
    }
    const recall = total.matchedExpected / total.expected;
    const precision = total.matchedFound / total.found;
    console.info(`${report.join('\n')}\nrecall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}`);
    const destructiveMissed = pairs.flatMap((pair) =>
      scores.get(pair.name)!.destructiveMissed.map((e) => `${pair.name}: ${e.kind} ${e.action} ${e.object}`),
    );
    expect(destructiveMissed).toEqual([]);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });

  it('scores our own pairs the same on dumps without PostgreSQL 18 NOT NULL constraint names', async () => {
    // pg_dump before 18 writes no `CONSTRAINT t_c_not_null NOT NULL`: renames must stand on the rest.
    const p = await parser();
    const report: string[] = [];
    for (const pair of pairs.filter((each) => each.source === 'own')) {
      const { before, after } = readDumps(pair);
      const [b, a] = [before, after].map((sql) => sql.replace(/ CONSTRAINT \S+ NOT NULL/g, ' NOT NULL'));
      const s = score(pair.expected, reviewSchemas(p, { database: 'neondb', beforeSql: b, afterSql: a }).changes);
      for (const m of s.missed) report.push(`${pair.name}: missed ${m.kind} ${m.action} ${m.object}`);
      for (const x of s.extra) report.push(`${pair.name}: extra ${x.kind} ${x.action} ${x.object}`);
      for (const m of s.riskMismatches) report.push(`${pair.name}: ${m.expected.object} got ${m.found.risk}`);
    }
    expect(report).toEqual([]);
  });

  it('gives our own pairs the risk their expected lists state', () => {
    const mismatches = pairs
      .filter((pair: Pair) => pair.source === 'own')
      .flatMap((pair) =>
        scores
          .get(pair.name)!
          .riskMismatches.map(
            (m) => `${pair.name}: ${m.expected.object} expected ${m.expected.risk}, got ${m.found.risk}`,
          ),
      );
    expect(mismatches).toEqual([]);
  });
});
