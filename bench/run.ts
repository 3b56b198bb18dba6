/**
 * `npm run bench`: measures the committed bundle on the local Neon and prints one Markdown table,
 * also written to bench/RESULTS.md with the date and the machine. `npm run bench -- --quick` sweeps
 * 100 branches instead of 1,000 and writes nothing (for trying the bench itself). See README.md.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DIST } from '../test/e2e/run-action.js';
import { measureCommands } from './commands.js';
import { measureEvidence } from './evidence.js';
import { describeMachine, machineLine } from './machine.js';
import { measureRehearsal } from './rehearsal.js';
import { measureIdentity } from './identity.js';
import { measureReview } from './review.js';
import { bundleSize, coldStart, timeToFirstRequest } from './startup.js';
import { seconds } from './stats.js';
import { measureSweep } from './sweep.js';
import { runnerNode } from '../scripts/runner-node.mjs';
import { type BenchResults, markdownTable, resultRows } from './table.js';

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const quick = process.argv.includes('--quick');
const progress = (text: string) => process.stderr.write(`${text}\n`);

if (!existsSync(DIST)) {
  progress(`${DIST} is missing: run \`npm run build\` first`);
  process.exit(1);
}

// dist/ runs under the runner's Node, as on GitHub (action.yml: node24); the bench itself may not
const node24 = runnerNode();
process.env.NODE24 = node24;
const machine = describeMachine(node24);
const started = performance.now();

progress('bundle size, cold start, first request…');
const size = bundleSize();
const cold = coldStart();
const firstRequest = await timeToFirstRequest();

progress('commands…');
const commands = await measureCommands(quick ? 1 : 3, (m) =>
  progress(
    `  ${m.command} (${m.what}) at ${seconds(m.operationMs, 1)}: ${seconds(m.wallMs)}, ${m.neonCalls} calls, exit ${m.exitCode}`,
  ),
);

const sweepBranches = quick ? 100 : 1000;
progress(`sweep of ${sweepBranches} branches (paced at 700/min: minutes)…`);
const sweep = await measureSweep(sweepBranches, 700);

progress('review of a 2,000-table pair…');
const review = await measureReview(2000);

progress('rehearsal overhead (real Postgres through PGlite)…');
const rehearsal = await measureRehearsal(quick ? 1 : 3);

progress('migration files and table sizes on the same pair…');
const evidence = await measureEvidence(2000);

progress('identity from both catalogs on the same pair…');
const identity = await measureIdentity(2000);

const results: BenchResults = { size, cold, firstRequest, commands, sweep, review, evidence, rehearsal, identity };
const table = markdownTable(resultRows(results));
console.log(table);
progress(`bench took ${seconds(performance.now() - started, 0)}`);

if (!quick) {
  writeFileSync(
    RESULTS,
    [
      '# Bench results',
      '',
      `\`npm run bench\`, ${machineLine(machine)}. What the figures mean: README.md, "Performance".`,
      '',
      table,
      '',
    ].join('\n'),
  );
  progress(`wrote ${RESULTS}`);
}
