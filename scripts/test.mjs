// `npm test`: runs the whole vitest suite and prints the peak memory of the test process tree
// (the local Neon's Postgres instances included), which must stay under 6 GB.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';

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
const report = '.tmp/vitest-report.json';
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const child = spawn('npx', args, { stdio: 'inherit' });
let peak = 0;
const timer = setInterval(() => {
  peak = Math.max(peak, treeRssBytes(child.pid));
}, 250);
child.on('exit', (code, signal) => {
  clearInterval(timer);
  console.log(`peak memory of the test processes: ${(peak / 2 ** 20).toFixed(0)} MB (limit 6144 MB)`);
  try {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    const skipped = r.numPendingTests + r.numTodoTests;
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
  } catch {
    console.log('the test report could not be read');
  }
  if (peak > 6 * 2 ** 30) {
    console.error('peak memory over 6 GB');
    process.exit(1);
  }
  process.exit(code ?? (signal ? 1 : 0));
});
