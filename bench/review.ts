/**
 * compare-schema's review of a synthetic 2,000-table pair, in process: parse both dumps with the
 * real grammar, diff, unified diff, ER diagram (`reviewSchemas`). The parser is loaded first and
 * timed apart, as compare-schema loads it (baseline wasm code only); the first review is the cold
 * one, then the best of three warm ones.
 */
import { loadParser, reviewSchemas } from '../src/schema/index.js';
import { makeSyntheticPair } from '../test/schema/synthetic.js';

export interface ReviewMeasurement {
  tables: number;
  dumpBytes: number;
  changes: number;
  expectedChanges: number;
  parserLoadMs: number;
  coldMs: number;
  bestMs: number;
  /** CPU time of the best warm run (user + system). */
  bestCpuMs: number;
}

export async function measureReview(tables = 2000, warmRuns = 3): Promise<ReviewMeasurement> {
  const pair = makeSyntheticPair(tables);
  const loadStarted = performance.now();
  const parser = await loadParser({ optimize: false });
  const parserLoadMs = performance.now() - loadStarted;
  const input = { database: 'neondb', beforeSql: pair.before, afterSql: pair.after };
  const coldStarted = performance.now();
  const first = reviewSchemas(parser, input);
  const coldMs = performance.now() - coldStarted;
  let bestMs = Number.POSITIVE_INFINITY;
  let bestCpuMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < warmRuns; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    reviewSchemas(parser, input);
    bestMs = Math.min(bestMs, performance.now() - started);
    const used = process.cpuUsage(cpu);
    bestCpuMs = Math.min(bestCpuMs, (used.user + used.system) / 1000);
  }
  return {
    tables,
    dumpBytes: Buffer.byteLength(pair.before),
    changes: first.changes.length,
    expectedChanges: Object.values(pair.expected).reduce((a, b) => a + b, 0),
    parserLoadMs,
    coldMs,
    bestMs,
    bestCpuMs,
  };
}
