/**
 * `npx tsx bench/comment-cost.ts`: only create-branch at operation time 0.5 s, with GitHub answering
 * at once and in 150 and 400 ms (the PR comment's cost), each three times, median wall time; the
 * same rows `npm run bench` prints. For comparing two builds quickly (see README.md).
 */
import { type CommandMeasurement, measureScenario, SCENARIOS } from './commands.js';
import { commandRow, markdownTable } from './table.js';

const rows: CommandMeasurement[] = [];
const chosen = SCENARIOS.filter(
  (s) =>
    s.command === 'create-branch' && (s.githubLatencyMs !== undefined || s.what.startsWith('new branch + compute')),
);
for (const scenario of chosen) {
  const runs: CommandMeasurement[] = [];
  for (let i = 0; i < 3; i++) runs.push(await measureScenario(scenario, 500));
  const median = [...runs].sort((a, b) => a.wallMs - b.wallMs)[1]!;
  rows.push({ ...median, repeats: 3 });
  process.stderr.write(
    `${scenario.what}: wall ${median.wallMs.toFixed(0)} ms, comment ${median.commentMs?.toFixed(0) ?? '-'} ms, ${median.neonCalls} Neon + ${median.githubCalls} GitHub calls\n`,
  );
}
console.log(markdownTable(rows.map(commandRow)));
