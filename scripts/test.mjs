// `npm test` (both tiers) and `npm run test:unit` (`-- --project unit`): runs vitest, then prints
// how long it took, the peak memory of the test process tree (the local Neon's Postgres instances
// included; it must stay under 6 GB) and, last, `N passed, N failed`. The JSON report goes to
// NPA_TEST_REPORT (default .tmp/vitest-report.json), which `npm run flaky` reads.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';

function treeRssBytes(rootPid) {
  const children = new Map();
  const rss = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      rss.set(Number(entry), Number(fields[21]) * 4096);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

mkdirSync('.tmp', { recursive: true });
const report = process.env.NPA_TEST_REPORT || '.tmp/vitest-report.json';
const started = Date.now();
rmSync(report, { force: true });
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const child = spawn('npx', args, { stdio: 'inherit' });
let peak = 0;
const timer = setInterval(() => {
  peak = Math.max(peak, treeRssBytes(child.pid));
}, 250);
child.on('exit', (code, signal) => {
  clearInterval(timer);
  console.log(`took ${((Date.now() - started) / 60_000).toFixed(1)} min`);
  console.log(`peak memory of the test processes: ${(peak / 2 ** 20).toFixed(0)} MB (limit 6144 MB)`);
  try {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    const skipped = r.numPendingTests + r.numTodoTests;
    // a file that failed outside any test (an import or a hook) counts as one failure, so `0 failed` means it
    const broken = r.testResults.filter(
      (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
    );
    for (const f of broken) console.log(`failed outside its tests: ${f.name}: ${(f.message || '').split('\n')[0]}`);
    console.log(
      `${r.numPassedTests} passed, ${r.numFailedTests + broken.length} failed${skipped ? `, ${skipped} skipped` : ''}`,
    );
  } catch {
    console.log('the test report could not be read');
  }
  if (peak > 6 * 2 ** 30) {
    console.error('peak memory over 6 GB');
    process.exit(1);
  }
  process.exit(code ?? (signal ? 1 : 0));
});
