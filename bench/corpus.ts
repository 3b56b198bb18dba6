/**
 * `npm run corpus [-- --ways=dumps,migrations,neon] [--only=TEXT] [--out=FILE] [--details]`: the review scored on
 * real migration histories (test/schema/real-corpus.ts): every window under ../shared/schema-corpus
 * and the paths in SCHEMA_CORPUS (colon-separated), each way, with recall, precision, destructive
 * changes missed and false destructive ones. The `neon` way runs dist/index.js: `npm run build` first
 * after changing src/.
 */
import { writeFileSync } from 'node:fs';
import { loadParser } from '../src/schema/parser.js';
import { corpusRoots, loadCorpusWindows } from '../test/schema/pairs.js';
import {
  formatDetails,
  formatTable,
  reviewDumps,
  reviewWithMigrations,
  scoreWay,
  targetMisses,
  type Way,
  WAYS,
  type WayResult,
} from '../test/schema/real-corpus.js';
import { reviewOnLocalNeon } from '../test/schema/real-corpus-neon.js';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ways = (arg('ways') ?? WAYS.join(',')).split(',') as Way[];
const bad = ways.filter((w) => !WAYS.includes(w));
if (bad.length > 0) {
  console.error(`--ways: ${bad.join(', ')} is not one of ${WAYS.join(', ')}`);
  process.exit(1);
}

const only = arg('only');
const windows = loadCorpusWindows().filter((w) => !only || w.name.includes(only));
if (windows.length === 0) {
  console.log(
    `no schema corpus found (looked in ${corpusRoots().join(', ') || '../shared/schema-corpus'} and SCHEMA_CORPUS): nothing to score`,
  );
  process.exit(0);
}
const parser = await loadParser();
const results: WayResult[] = [];
let pr = 900;
for (const window of windows) {
  for (const way of ways) {
    const started = Date.now();
    if (way === 'dumps') results.push(scoreWay(window, way, reviewDumps(parser, window)));
    else if (window.migrations.length === 0)
      results.push({ window: window.name, way, skipped: 'no migration files in the corpus' });
    else if (way === 'migrations') results.push(scoreWay(window, way, await reviewWithMigrations(parser, window)));
    else {
      try {
        results.push(await reviewOnLocalNeon(parser, window, pr++));
      } catch (e) {
        results.push({ window: window.name, way, skipped: (e as Error).message.split('\n')[0]!.slice(0, 200) });
      }
    }
    console.error(`${window.name} [${way}] ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
const report = [formatTable(results), '', ...(args.includes('--details') ? results.flatMap(formatDetails) : [])].join(
  '\n',
);
console.log(report);
const out = arg('out');
if (out) writeFileSync(out, `${report}\n`);
const misses = results.flatMap(targetMisses);
console.log(
  misses.length === 0
    ? 'every scored window meets the issue-23 targets'
    : `${misses.length} target miss(es) (recall/precision >= 0.98, no destructive missed, no false destructive)`,
);
